"""SpikeMonitor and PopulationRateMonitor: what the threshold detected.

Both read the source group's *spike space* (the indices of the elements that
crossed threshold in this step, count stored at the end) in their slot
(``thresholds`` after the group, resp. ``end``).  Spike times are the clock
time of the step in which the crossing was detected (Brian 2's convention).

The spike buffers grow as needed: at the start of each step the compiled
loop checks that one more step's worth of spikes fits and otherwise returns
early, the network enlarges the buffers, and the loop continues — no spike
is lost and no step is half done.
"""

from __future__ import annotations

import numpy as np

from ..codegen.network_kernel import Block, indent, render_expression
from ..core.base import BrianObject
from ..errors import InvalidParameterError, UnknownIdentifierError
from ..groups.group import _calls
from ..parsing.ir import Name
from ..units import Quantity, second
from ..units.dimensions import Dimension
from .statemonitor import source_range

__all__ = ["EventMonitor", "SpikeMonitor", "PopulationRateMonitor"]

_HZ = Dimension((0, 0, -1, 0, 0, 0, 0))


def _spike_source(source, event: str = "spike"):
    root, start, stop = source_range(source)
    if not (hasattr(root, "has_event") and root.has_event(event)):
        if event == "spike":
            raise TypeError(
                f"{source.name} does not produce spikes (it has no threshold); give the "
                "NeuronGroup threshold='...'."
            )
        raise TypeError(f"{source.name} has no event '{event}'; define it with events=...")
    return root, start, stop


class EventMonitor(BrianObject):
    """Record the events of a group: which element (``i``) at which time (``t``).

    Parameters
    ----------
    source : NeuronGroup, Subgroup, PoissonGroup, SpikeGeneratorGroup
        What to record from.
    event : str
        The event ('spike' or a custom event of the group).
    variables : str or list of str, optional
        Variables to record at each event (``mon.v``).
    record : bool
        False counts events (``mon.count``) without storing them.
    when, order, name
        Schedule and name.
    """

    _base_name = "eventmonitor"

    def __init__(
        self,
        source,
        event: str,
        variables=None,
        record: bool = True,
        when: str = "thresholds",
        order: int = 1,
        name: str | None = None,
        codeobj_class=None,
    ) -> None:
        super().__init__(when=when, order=order, name=name, level=1)
        self._clock = getattr(source, "_clock", None)
        self.source = source
        self.event = event
        self._root, self._start, self._stop = _spike_source(source, event)
        if isinstance(variables, str):
            variables = [variables]
        self.record_variables = list(variables or [])
        for var in self.record_variables:
            if var not in source.variables:
                raise UnknownIdentifierError(
                    f"SpikeMonitor: group '{source.name}' has no variable '{var}'.", None
                )
        if record not in (True, False):
            raise InvalidParameterError(
                "SpikeMonitor's record must be True or False (recording a subset of neurons "
                "is not supported; use a subgroup: SpikeMonitor(G[:10])).",
                None,
            )
        self.record = record
        self.N = self._stop - self._start
        self._n = np.zeros(1, dtype=np.int64)
        self._count = np.zeros(self.N, dtype=np.int32)
        capacity = max(1024, 2 * self.N) if record else 0
        self._i = np.zeros(capacity, dtype=np.int32)
        self._t = np.zeros(capacity)
        self._values = {v: np.zeros(capacity) for v in self.record_variables}

    # storage -------------------------------------------------------------
    def _capacity(self) -> int:
        return len(self._i)

    def grow_buffers(self) -> None:
        if not self.record or int(self._n[0]) + self.N <= self._capacity():
            return
        capacity = max(2 * self._capacity(), int(self._n[0]) + 2 * self.N)
        n = int(self._n[0])
        for attr in ("_i", "_t"):
            old = getattr(self, attr)
            new = np.zeros(capacity, dtype=old.dtype)
            new[:n] = old[:n]
            setattr(self, attr, new)
        for var, old in self._values.items():
            new = np.zeros(capacity)
            new[:n] = old[:n]
            self._values[var] = new

    def before_run(self, run) -> None:
        self.grow_buffers()

    def rollback(self, step: int) -> None:
        n = int(self._n[0])
        dt = self._network._base_dt()
        keep = int(np.searchsorted(self._t[:n], step * dt - 0.5 * dt))
        np.subtract.at(self._count, self._i[keep:n], 1)
        self._n[0] = keep

    def get_state(self) -> dict:
        n = int(self._n[0])
        return {
            "n": n,
            "count": self._count.copy(),
            "i": self._i[:n].copy(),
            "t": self._t[:n].copy(),
            "values": {v: d[:n].copy() for v, d in self._values.items()},
        }

    def set_state(self, state: dict) -> None:
        n = state["n"]
        self._n[0] = 0
        while self.record and self._capacity() < n + self.N:
            self._n[0] = self._capacity()
            self.grow_buffers()
        self._n[0] = n
        self._count[:] = state["count"]
        if self.record:
            self._i[:n] = state["i"]
            self._t[:n] = state["t"]
            for v, d in state["values"].items():
                self._values[v][:n] = d

    # code ----------------------------------------------------------------
    def build_code(self, ctx) -> None:
        root = self._root
        space = root.event_space_arg(ctx, self.event)
        count = ctx.array((id(self), "count"), lambda: self._count)
        n = ctx.array((id(self), "n"), lambda: self._n)
        body = [f"{count}[_idx - {self._start}] += 1"]
        if self.record:
            ai = ctx.array((id(self), "i"), lambda: self._i)
            at = ctx.array((id(self), "t"), lambda: self._t)
            ctx.add_check(f"if {n}[0] + {self.N} > {ai}.shape[0]: return _step - _step0")
            body += [f"{ai}[_n] = _idx - {self._start}", f"{at}[_n] = t"]
            if self.record_variables:
                exprs = [root.expand(Name(v)) for v in self.record_variables]
                names, loads, _ = root.code_names(ctx, exprs)
                body += loads
                for var, expr in zip(self.record_variables, exprs):
                    arr = ctx.array((id(self), "v", var), lambda v=var: self._values[v])
                    body.append(f"{arr}[_n] = {render_expression(expr, names, _calls())}")
            body.append("_n += 1")
        lines = [f"_n = {n}[0]", f"for _k in range({space}[{root.N}]):", f"    _idx = {space}[_k]"]
        if self._start or self._stop != root.N:
            lines.append(f"    if _idx < {self._start} or _idx >= {self._stop}: continue")
        lines += indent(body)
        lines.append(f"{n}[0] = _n")
        ctx.add_block(Block(self.schedule_key(), lines, ctx.every(self), type(self).__name__))

    # reading -------------------------------------------------------------
    @property
    def num_spikes(self) -> int:
        """Total number of spikes recorded."""
        return int(self._count.sum())

    def __len__(self) -> int:
        return self.num_spikes

    @property
    def t(self) -> Quantity:
        """Spike times."""
        return Quantity(self.t_, dim=second.dim)

    @property
    def t_(self) -> np.ndarray:
        """Spike times in seconds."""
        self._require_record()
        return self._t[: int(self._n[0])].copy()

    @property
    def i(self) -> np.ndarray:
        """Indices of the spiking elements."""
        self._require_record()
        return self._i[: int(self._n[0])].copy()

    @property
    def it(self) -> tuple:
        """``(i, t)``."""
        return self.i, self.t

    @property
    def it_(self) -> tuple:
        """``(i, t_)``."""
        return self.i, self.t_

    @property
    def count(self) -> np.ndarray:
        """Spikes per element."""
        return self._count.copy()

    def _require_record(self) -> None:
        if not self.record:
            raise AttributeError(
                f"{self.name} was created with record=False: only count and num_spikes are "
                "available."
            )

    def spike_trains(self) -> dict:
        """``{i: spike times of element i}`` for every element."""
        i, t = self.i, self.t_
        order = np.argsort(i, kind="stable")
        i, t = i[order], t[order]
        edges = np.searchsorted(i, np.arange(self.N + 1))
        return {k: Quantity(t[edges[k] : edges[k + 1]], dim=second.dim) for k in range(self.N)}

    def values(self, var: str) -> dict:
        """``{i: values of var at the spikes of element i}``."""
        i = self.i
        data = self._var(var)
        return {k: data[i == k] for k in range(self.N)}

    def all_values(self) -> dict:
        """``{'t': {...}, var: {...}}`` per element, as Brian 2."""
        out = {"t": self.spike_trains()}
        for var in self.record_variables:
            out[var] = self.values(var)
        return out

    def _var(self, var: str):
        values = self._values[var][: int(self._n[0])].copy()
        dim = self.source.variables[var].dim
        return values if dim.is_dimensionless else Quantity(values, dim=dim)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self.__dict__.get("_values", {}):
            return self._var(name)
        raise AttributeError(f"SpikeMonitor has no attribute '{name}'")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r} of {self.source.name!r}>"


class SpikeMonitor(EventMonitor):
    """Record spikes: which element (``i``) at which time (``t``).

    Parameters
    ----------
    source : NeuronGroup, Subgroup, PoissonGroup, SpikeGeneratorGroup
        What to record from.
    variables : str or list of str, optional
        Variables to record at each spike (``mon.v``).
    record : bool
        False counts spikes (``mon.count``) without storing them.
    when, order, name
        Schedule and name.
    """

    _base_name = "spikemonitor"

    def __init__(
        self,
        source,
        variables=None,
        record: bool = True,
        when: str = "thresholds",
        order: int = 1,
        name: str | None = None,
        codeobj_class=None,
    ) -> None:
        super().__init__(source, "spike", variables, record, when, order, name)


class PopulationRateMonitor(BrianObject):
    """The fraction of a group spiking per time step, as a rate in Hz.

    Parameters
    ----------
    source : NeuronGroup, Subgroup, PoissonGroup, …
        The group.
    name : str, optional
        Unique name.
    """

    _base_name = "ratemonitor"

    def __init__(
        self,
        source,
        name: str | None = None,
        when: str = "end",
        order: int = 0,
        codeobj_class=None,
        dtype=None,
    ) -> None:
        super().__init__(when=when, order=order, name=name, level=1)
        self._clock = getattr(source, "_clock", None)
        self.source = source
        self._root, self._start, self._stop = _spike_source(source)
        self.N = self._stop - self._start
        self._n = np.zeros(1, dtype=np.int64)
        self._rate = np.zeros(0)
        self._t = np.zeros(0)

    def estimate_bytes(self, n_steps: int, dt: float) -> int:
        return 16 * (n_steps + len(self._t))

    def before_run(self, run) -> None:
        n = int(self._n[0])
        need = n + run.n_steps + 2
        if need > len(self._t):
            rate, t = np.zeros(need), np.zeros(need)
            rate[:n], t[:n] = self._rate[:n], self._t[:n]
            self._rate, self._t = rate, t

    def rollback(self, step: int) -> None:
        n = int(self._n[0])
        dt = self._network._base_dt()
        self._n[0] = int(np.searchsorted(self._t[:n], step * dt - 0.5 * dt))

    def get_state(self) -> dict:
        n = int(self._n[0])
        return {"n": n, "rate": self._rate[:n].copy(), "t": self._t[:n].copy()}

    def set_state(self, state: dict) -> None:
        n = state["n"]
        if len(self._t) < n:
            self._rate, self._t = np.zeros(n), np.zeros(n)
        self._rate[:n], self._t[:n] = state["rate"], state["t"]
        self._n[0] = n

    def build_code(self, ctx) -> None:
        root = self._root
        space = ctx.array((id(root), "spikespace"), lambda: root._spikespace)
        n = ctx.array((id(self), "n"), lambda: self._n)
        rate = ctx.array((id(self), "rate"), lambda: self._rate)
        times = ctx.array((id(self), "t"), lambda: self._t)
        if self._start or self._stop != root.N:
            lines = [
                "_c = 0",
                f"for _k in range({space}[{root.N}]):",
                f"    if {self._start} <= {space}[_k] < {self._stop}: _c += 1",
            ]
        else:
            lines = [f"_c = {space}[{root.N}]"]
        lines += [
            f"_n = {n}[0]",
            f"{rate}[_n] = _c / {self.N} / (_dt * {ctx.every(self)})",
            f"{times}[_n] = t",
            f"{n}[0] = _n + 1",
        ]
        ctx.add_block(Block(self.schedule_key(), lines, ctx.every(self), type(self).__name__))

    @property
    def rate(self) -> Quantity:
        """The population rate at each step."""
        return Quantity(self._rate[: int(self._n[0])].copy(), dim=_HZ)

    @property
    def rate_(self) -> np.ndarray:
        return self._rate[: int(self._n[0])].copy()

    @property
    def t(self) -> Quantity:
        return Quantity(self._t[: int(self._n[0])].copy(), dim=second.dim)

    @property
    def t_(self) -> np.ndarray:
        return self._t[: int(self._n[0])].copy()

    def smooth_rate(self, window: str | np.ndarray = "gaussian", width=None) -> Quantity:
        """The rate smoothed with a ``'gaussian'`` (width = standard deviation) or
        ``'flat'`` (width = total width) window, or a custom window array."""
        dt = self.clock.dt_
        if isinstance(window, str):
            if width is None:
                raise TypeError("smooth_rate needs a width, e.g. width=5*ms")
            w = float(width / second)
            if window == "gaussian":
                half = int(round(4 * w / dt))
                x = np.arange(-half, half + 1)
                kernel = np.exp(-0.5 * (x * dt / w) ** 2)
            elif window == "flat":
                half = int(round(w / (2 * dt)))
                kernel = np.ones(2 * half + 1)
            else:
                raise InvalidParameterError(
                    f"unknown window {window!r}; use 'gaussian' or 'flat'.", None
                )
        else:
            if width is not None:
                raise TypeError("give either a window array or a width, not both")
            kernel = np.asarray(window, dtype=float)
            if kernel.ndim != 1 or len(kernel) % 2 != 1:
                raise InvalidParameterError("a custom window must have an odd length.", None)
        kernel = kernel / kernel.sum()
        return Quantity(np.convolve(self.rate_, kernel, mode="same"), dim=_HZ)

    def __repr__(self) -> str:
        return f"<PopulationRateMonitor {self.name!r} of {self.source.name!r}>"
