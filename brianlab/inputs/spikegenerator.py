"""SpikeGeneratorGroup: neurons that spike at given times.

Spike times are put on the group's time grid as Brian 2 does: a spike at t
is emitted in the step ``int((t + 0.001*dt)/dt)`` (1.04 ms with dt = 0.1 ms
is emitted at 1.0 ms).  With a ``period`` the pattern repeats: a spike is
emitted whenever the step number modulo the period's number of steps equals
its own step, so a pattern changed with :meth:`SpikeGeneratorGroup.set_spikes`
in the middle of a simulation stays aligned with absolute time.

The spikes are kept sorted by time (then index), with their steps computed
when a run starts (``dt`` may have changed); the generated code walks them
with a cursor kept in an array, so a run continued in several chunks or
several ``run()`` calls emits each spike exactly once.
"""

from __future__ import annotations

import numpy as np

from ..codegen.network_kernel import Block
from ..codegen.runtime import _timestep
from ..core.clock import check_time
from ..errors import InvalidParameterError, UnitMismatchError
from ..groups.neurongroup import SpikingGroup, _check_size
from ..units import Quantity, get_dimensions, second
from ..units.dimensions import Dimension

__all__ = ["SpikeGeneratorGroup"]

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))


def _ms(seconds: float) -> str:
    return str(Quantity(seconds, dim=_TIME))


class SpikeGeneratorGroup(SpikingGroup):
    """A group whose neurons spike at the times given.

    Parameters
    ----------
    N : int
        Number of neurons.
    indices : array of int
        The neuron of each spike.
    times : Quantity
        The time of each spike (same length as ``indices``).
    dt : Quantity, optional
        Own time step.
    clock : Clock, optional
        Own clock.
    period : Quantity
        Repeat the pattern with this period (0 s: no repetition); it must be
        longer than the last spike time and a whole number of time steps.
    when : str
        Schedule slot (default ``'thresholds'``).
    order : int
        Order within the slot.
    sorted : bool
        True promises that the spikes are sorted by time (they are then
        taken in the order given).
    name : str, optional
        Unique name.

    Examples
    --------
    >>> from brianlab import ms
    >>> inputs = SpikeGeneratorGroup(2, [0, 1, 0], [1, 2, 4]*ms)
    """

    _base_name = "spikegeneratorgroup"

    def __init__(
        self,
        N: int,
        indices,
        times,
        dt=None,
        clock=None,
        period=0 * second,
        when: str = "thresholds",
        order: int = 0,
        sorted: bool = False,
        name: str | None = None,
        codeobj_class=None,
    ) -> None:
        n = _check_size(N, "SpikeGeneratorGroup")
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name, level=1)
        self.N = n
        self._spikespace = np.zeros(n + 1, dtype=np.int32)
        self._cursor = np.zeros(1, dtype=np.int64)
        self._steps = np.zeros(0, dtype=np.int64)
        self._period_steps = 0
        self.set_spikes(indices, times, period, sorted)

    # the spikes ------------------------------------------------------------
    def set_spikes(self, indices, times, period=0 * second, sorted: bool = False) -> None:
        """Replace the spikes (and the period) this group emits from now on.

        Parameters
        ----------
        indices : array of int
            The neuron of each spike.
        times : Quantity
            The time of each spike; spikes before the current time are not
            emitted (unless the period brings them round again).
        period : Quantity
            Repeat the pattern with this period (0 s: no repetition).
        sorted : bool
            True promises that the spikes are sorted by time.
        """
        indices, seconds = self._check_spikes(indices, times)
        period_s = check_time(period, "period", example="10*ms")
        if not sorted:
            order = np.lexsort((indices, seconds))
            indices, seconds = indices[order], seconds[order]
        self._indices = indices
        self._times = seconds
        self._period = period_s
        if period_s > 0 and seconds.size:
            self._check_period(self.clock.dt_)

    def _check_spikes(self, indices, times) -> tuple[np.ndarray, np.ndarray]:
        if get_dimensions(times) != _TIME:
            what = "plain numbers" if get_dimensions(times).is_dimensionless else "not times"
            raise UnitMismatchError(
                f"{self.name}: the spike times must be times, e.g. [1, 5]*ms ({what} given).",
                "Multiply the times by a unit, e.g. times*ms.",
                _TIME,
                get_dimensions(times),
            )
        seconds = np.atleast_1d(np.asarray(times, dtype=float)).ravel()
        raw = np.atleast_1d(np.asarray(indices)).ravel()
        if raw.size and not (
            raw.dtype.kind in "iu" or (raw.dtype.kind == "f" and np.all(raw == np.round(raw)))
        ):
            raise InvalidParameterError(
                f"{self.name}: the spike indices must be whole numbers (neuron indices); "
                f"got {raw[:5].tolist()}.",
                None,
            )
        if raw.size != seconds.size:
            raise InvalidParameterError(
                f"{self.name}: the indices and times arrays must have the same length, but "
                f"there are {raw.size} indices and {seconds.size} times.",
                "Give one index per spike time.",
            )
        found = raw.astype(np.int64)
        if found.size and (found.min() < 0 or found.max() >= self.N):
            bad = found[(found < 0) | (found >= self.N)][0]
            raise InvalidParameterError(
                f"{self.name} has {self.N} neurons, so spike indices must lie in "
                f"0..{self.N - 1}; got {bad}.",
                None,
            )
        if seconds.size and not (np.all(np.isfinite(seconds)) and seconds.min() >= 0):
            raise InvalidParameterError(
                f"{self.name}: spike times must be finite and not negative; got "
                f"{_ms(seconds[~(np.isfinite(seconds) & (seconds >= 0))][0])}.",
                None,
            )
        return found.astype(np.int32), seconds

    def _check_period(self, dt: float) -> None:
        """Refuse a period that does not come after the last spike (on the grid of ``dt``)."""
        last = self._times.max()
        if last >= self._period or _timestep(last, dt) >= _timestep(self._period, dt):
            raise InvalidParameterError(
                "The period has to be greater than the maximum of the spike times: "
                f"{self.name} has a spike at {_ms(last)} and a period of {_ms(self._period)}"
                f" (dt = {_ms(dt)}).",
                "Use a longer period, or remove the spikes at or after it.",
            )

    def _prepare(self, dt: float) -> None:
        """Put the spikes on the grid of ``dt`` and check that none collide."""
        steps = _timestep(self._times, dt).astype(np.int64)
        by_neuron = np.lexsort((steps, self._indices))
        same = (np.diff(self._indices[by_neuron]) == 0) & (np.diff(steps[by_neuron]) == 0)
        if same.any():
            k = int(np.flatnonzero(same)[0])
            first, second_ = by_neuron[k], by_neuron[k + 1]
            raise InvalidParameterError(
                f"Using a dt of {_ms(dt)}, some neurons of SpikeGeneratorGroup '{self.name}' "
                f"spike more than once during a time step: neuron {self._indices[first]} has "
                f"spikes at {_ms(self._times[first])} and {_ms(self._times[second_])}.",
                "Remove one of them, or use a smaller dt for this group "
                "(SpikeGeneratorGroup(..., dt=0.01*ms)).",
            )
        self._steps = steps
        self._period_steps = 0
        if self._period > 0:
            if self._times.size:
                self._check_period(dt)
            self._period_steps = int(_timestep(self._period, dt))
            if abs(self._period_steps * dt - self._period) > 1e-3 * dt:
                raise InvalidParameterError(
                    f"The period of {self.name} ({_ms(self._period)}) must be a whole number "
                    f"of time steps (dt = {_ms(dt)}).",
                    f"Use e.g. period={_ms(self._period_steps * dt)}, or change dt.",
                )

    # running ------------------------------------------------------------------
    def _place_cursor(self, base_step: int, base_dt: float) -> None:
        """Point the cursor at the first spike not yet emitted when the network
        is about to run its step ``base_step`` (of ``base_dt``)."""
        every = max(1, int(round(self.clock.dt_ / base_dt)))
        first = -(-base_step // every)  # this group's next step
        if self._period_steps:
            first %= self._period_steps
        self._cursor[0] = np.searchsorted(self._steps, first, side="left")

    def before_run(self, run) -> None:
        super().before_run(run)
        self._prepare(self.clock.dt_)
        self._place_cursor(run.start_step, run.dt)

    def rollback(self, step: int) -> None:
        self._place_cursor(step, self._network._base_dt())

    def build_code(self, ctx) -> None:
        every = ctx.every(self)
        space = ctx.array((id(self), "spikespace"), lambda: self._spikespace)
        steps = ctx.array((id(self), "steps"), lambda: self._steps)
        neurons = ctx.array((id(self), "indices"), lambda: self._indices)
        cursor = ctx.array((id(self), "cursor"), lambda: self._cursor)
        period = ctx.scalar((id(self), "period"), lambda: self._period_steps)
        lines = [
            f"_gstep = _step // {every}" if every > 1 else "_gstep = _step",
            "_ns = 0",
            f"_c = {cursor}[0]",
            f"if {period} > 0:",
            f"    _gstep = _gstep % {period}",
            "    if _gstep == 0:",
            "        _c = 0",
            f"while _c < {steps}.shape[0] and {steps}[_c] <= _gstep:",
            f"    if {steps}[_c] == _gstep:",
            f"        {space}[_ns] = {neurons}[_c]",
            "        _ns += 1",
            "    _c += 1",
            f"{cursor}[0] = _c",
            f"{space}[{self.N}] = _ns",
        ]
        ctx.add_block(Block(self.schedule_key(), lines, every, "SpikeGeneratorGroup"))

    def get_state(self) -> dict:
        return {
            "_spikespace": self._spikespace.copy(),
            "indices": self._indices.copy(),
            "times": self._times.copy(),
            "period": self._period,
        }

    def set_state(self, state: dict) -> None:
        self._spikespace[:] = state["_spikespace"]
        self._indices = state["indices"].copy()
        self._times = state["times"].copy()
        self._period = state["period"]

    # reading ------------------------------------------------------------------
    @property
    def neuron_index(self) -> np.ndarray:
        """The neuron of each spike (sorted by time)."""
        return self._indices.copy()

    @property
    def spike_time(self) -> Quantity:
        """The time of each spike, sorted."""
        return Quantity(self._times.copy(), dim=_TIME)

    @property
    def period(self) -> Quantity:
        """The period of repetition (0 s: none)."""
        return Quantity(self._period, dim=_TIME)

    def __repr__(self) -> str:
        return (
            f"SpikeGeneratorGroup({self.N}, indices=<length {self._indices.size} array>, "
            f"times=<length {self._times.size} array>)"
        )
