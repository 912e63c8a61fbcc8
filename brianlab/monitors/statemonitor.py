"""StateMonitor: record variables of chosen elements at every step.

Samples are taken in the ``start`` slot, before the state update, so a run of
duration D records D/dt samples at ``t = 0, dt, …, D - dt`` (Brian 2's
convention).  Storage for a run is allocated when the run starts — after a
check against ``config.limits.max_monitor_bytes`` — and kept as
(time, element) rows; ``mon.v`` shows it as (element, time) like Brian 2.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..codegen.network_kernel import Block, indent, render_expression
from ..core.base import BrianObject
from ..errors import InvalidParameterError, UnknownIdentifierError
from ..groups.group import _calls
from ..parsing.ir import Name
from ..parsing.unitcheck import did_you_mean
from ..units import Quantity, second

__all__ = ["StateMonitor", "source_range"]


def source_range(source) -> tuple:
    """(the group owning the arrays, first index, stop index) of a group or subgroup."""
    root = getattr(source, "source", None)
    if root is not None and hasattr(source, "start"):
        return root, source.start, source.stop
    return source, 0, source.N


class StateMonitor(BrianObject):
    """Record variables of a group over time.

    Parameters
    ----------
    source : NeuronGroup, Subgroup or Synapses
        What to record from.
    variables : str, list of str, or True
        The variables (True: all of them).
    record : bool, int or list of int
        Which elements: True for all, False for none, or indices.
    dt : Quantity, optional
        Recording interval (a multiple of the simulation's dt).
    when : str
        Schedule slot (default ``'start'``).
    order : int
        Order within the slot.
    name : str, optional
        Unique name.
    """

    _base_name = "statemonitor"

    def __init__(
        self,
        source,
        variables,
        record,
        dt=None,
        clock=None,
        when: str = "start",
        order: int = 0,
        name: str | None = None,
        codeobj_class=None,
    ) -> None:
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name, level=1)
        if clock is None and dt is None:
            self._clock = source.clock if getattr(source, "_clock", None) else None
        self.source = source
        available = [n for n, v in source.variables.items() if not n.startswith("_")]
        if variables is True:
            variables = [
                n
                for n, v in source.variables.items()
                if v.role != "internal" and not n.startswith("_")
            ]
        elif isinstance(variables, str):
            variables = [variables]
        self.record_variables = list(variables)
        for var in self.record_variables:
            if var not in source.variables or var.startswith("_"):
                hint = did_you_mean(var, available)
                raise UnknownIdentifierError(
                    f"StateMonitor: group '{source.name}' has no variable '{var}' "
                    f"(variables: {', '.join(available)}).",
                    hint,
                )
        size = source.N
        if record is True:
            indices = np.arange(size)
        elif record is False or record is None:
            indices = np.arange(0)
        elif isinstance(record, (numbers.Integral, np.integer)):
            indices = np.array([int(record)])
        else:
            indices = np.asarray(record)
            if indices.dtype == bool:
                indices = np.flatnonzero(indices)
            indices = indices.astype(np.int64).ravel()
        if indices.size and (indices.min() < 0 or indices.max() >= size):
            raise InvalidParameterError(
                "The indices to record from contain values outside of the range "
                f"[0, {size - 1}] allowed for the group '{source.name}'.",
                None,
            )
        self.record = indices
        self.n_indices = len(indices)
        root, start, _ = source_range(source)
        self._root = root
        self._abs_indices = (indices + start).astype(np.int64)
        self._count = np.zeros(1, dtype=np.int64)
        self._t = np.zeros(0)
        self._data = {v: np.zeros((0, self.n_indices)) for v in self.record_variables}

    # storage -------------------------------------------------------------
    def _samples_for(self, n_steps: int, base_dt: float) -> int:
        every = max(1, int(round(self.clock.dt_ / base_dt)))
        return n_steps // every + 2

    def estimate_bytes(self, n_steps: int, dt: float) -> int:
        """Memory needed to record ``n_steps`` more steps."""
        samples = self._samples_for(n_steps, dt) + len(self._t)
        return samples * (8 + 8 * self.n_indices * len(self.record_variables))

    def before_run(self, run) -> None:
        need = int(self._count[0]) + self._samples_for(run.n_steps, run.dt)
        if need > len(self._t):
            self._resize(need)

    def _resize(self, capacity: int) -> None:
        n = int(self._count[0])
        t = np.zeros(capacity)
        t[:n] = self._t[:n]
        self._t = t
        for var, old in self._data.items():
            new = np.zeros((capacity, self.n_indices))
            new[:n] = old[:n]
            self._data[var] = new

    def after_run(self) -> None:
        pass

    def rollback(self, step: int) -> None:
        n = int(self._count[0])
        dt = self._network._base_dt() if getattr(self, "_network", None) else self.clock.dt_
        self._count[0] = int(np.searchsorted(self._t[:n], step * dt - 0.5 * dt))

    def get_state(self) -> dict:
        n = int(self._count[0])
        return {
            "n": n,
            "t": self._t[:n].copy(),
            "data": {v: d[:n].copy() for v, d in self._data.items()},
        }

    def set_state(self, state: dict) -> None:
        n = state["n"]
        if len(self._t) < n:
            self._resize(n)
        self._t[:n] = state["t"]
        for v, d in state["data"].items():
            self._data[v][:n] = d
        self._count[0] = n

    # code ----------------------------------------------------------------
    def build_code(self, ctx) -> None:
        if not self.record_variables:
            return
        group = self._root
        count = ctx.array((id(self), "count"), lambda: self._count)
        times = ctx.array((id(self), "t"), lambda: self._t)
        idx = ctx.array((id(self), "indices"), lambda: self._abs_indices)
        exprs = [group.expand(Name(v)) for v in self.record_variables]
        names, loads, _ = self.source.code_names(ctx, exprs)
        calls = _calls()
        body = [f"_idx = {idx}[_k]", *loads]
        for var, expr in zip(self.record_variables, exprs):
            data = ctx.array((id(self), "data", var), lambda v=var: self._data[v])
            body.append(f"{data}[_n, _k] = {render_expression(expr, names, calls)}")
        lines = ["_n = " + count + "[0]", f"for _k in range({self.n_indices}):"]
        lines += indent(body)
        lines += [f"{times}[_n] = t", f"{count}[0] = _n + 1"]
        ctx.add_block(Block(self.schedule_key(), lines, ctx.every(self), "StateMonitor"))

    # reading -------------------------------------------------------------
    @property
    def t(self) -> Quantity:
        """The recording times."""
        return Quantity(self._t[: int(self._count[0])].copy(), dim=second.dim)

    @property
    def t_(self) -> np.ndarray:
        """The recording times in seconds (plain numbers)."""
        return self._t[: int(self._count[0])].copy()

    def _values(self, var: str) -> np.ndarray:
        return self._data[var][: int(self._count[0])].T

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        data = self.__dict__.get("_data", {})
        if name.endswith("_") and name[:-1] in data:
            return self._values(name[:-1]).copy()
        if name in data:
            var = self.source.variables[name]
            values = self._values(name).copy()
            if var.dtype == "boolean":
                return values.astype(bool)
            return Quantity(values, dim=var.dim) if not var.dim.is_dimensionless else values
        raise AttributeError(
            f"StateMonitor '{self.__dict__.get('name', '?')}' has no attribute '{name}'"
            + (f" (recorded variables: {', '.join(data)})" if data else "")
        )

    def __getitem__(self, item) -> _Trace:
        if isinstance(item, (numbers.Integral, np.integer)):
            where = np.flatnonzero(self.record == int(item))
            if not where.size:
                raise IndexError(
                    f"index {item} was not recorded by {self.name} (recorded: "
                    f"{', '.join(map(str, self.record[:10]))}"
                    f"{'…' if len(self.record) > 10 else ''})."
                )
            return _Trace(self, int(where[0]))
        raise TypeError("use an element index, e.g. mon[0].v")

    def __repr__(self) -> str:
        return (
            f"<StateMonitor {self.name!r}, recording {self.record_variables} from "
            f"{self.source.name!r}>"
        )


class _Trace:
    """``mon[i]``: the recorded values of one element (``mon[i].v``)."""

    def __init__(self, monitor: StateMonitor, row: int) -> None:
        self._monitor = monitor
        self._row = row

    def __getattr__(self, name: str):
        values = getattr(self._monitor, name)
        if name in ("t", "t_"):
            return values
        return values[self._row]
