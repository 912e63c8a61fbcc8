"""Synapses: connections between two groups, their variables and their events.

A Synapses object holds, per synapse, the presynaptic index ``i``, the
postsynaptic index ``j`` and its model variables (``w``, traces, ``delay``).
In the schedule it contributes:

``groups`` (order -1)
    summed variables (``I_syn_post = g*(E - v_post) : amp (summed)``): the
    target variable is set to the sum over its synapses;
``groups`` (order 0)
    the state update of clock-driven synaptic equations;
``synapses`` (order -1)
    one block per pathway (``on_pre``, ``on_post`` or named ones): the spikes
    of the source are stored in a ring of recent steps, and every synapse
    whose delay (in steps) has just elapsed runs its code — after bringing
    its event-driven variables up to date analytically.

Names in synaptic code resolve as in Brian 2: synaptic variables first, then
``x_pre``/``x_post``, then unsuffixed names of the postsynaptic group.
"""

from __future__ import annotations

import logging
import numbers

import numpy as np

from ..codegen.network_kernel import (
    Block,
    indent,
    render_expression,
    render_statements,
)
from ..config import config
from ..equations.equations import DIFFERENTIAL, PARAMETER, SUBEXPRESSION, Equations
from ..errors import (
    EquationSyntaxError,
    InvalidParameterError,
    ResourceLimitError,
    UnitMismatchError,
)
from ..groups.group import Group, _calls
from ..groups.state_update import state_update_statements
from ..groups.variables import Variable
from ..monitors.statemonitor import source_range
from ..parsing.ir import Assign, BinOp, Name, names_in, substitute
from ..parsing.unitcheck import Symbol
from ..units import Quantity, second
from ..units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["Synapses"]

logger = logging.getLogger("brianlab.synapses")

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))
_ALLOWED_FLAGS = {
    DIFFERENTIAL: ("clock-driven", "event-driven"),
    PARAMETER: ("constant", "shared"),
    SUBEXPRESSION: ("summed", "shared", "constant over dt"),
}
_SPECIAL = {
    "t": Symbol(_TIME, role="special"),
    "dt": Symbol(_TIME, role="special"),
    "i": Symbol(DIMENSIONLESS, "integer", role="special"),
    "j": Symbol(DIMENSIONLESS, "integer", role="special"),
    "N": Symbol(DIMENSIONLESS, "integer", role="special"),
    "N_pre": Symbol(DIMENSIONLESS, "integer", role="special"),
    "N_post": Symbol(DIMENSIONLESS, "integer", role="special"),
}


class _Pathway:
    """One kind of synaptic event (``pre``, ``post`` or a named pathway)."""

    def __init__(self, synapses: Synapses, name: str, code: str, side: str) -> None:
        self.synapses = synapses
        self.name = name
        self.side = side  # 'pre': triggered by the source; 'post': by the target
        self.code_text = code
        self.event = "spike"
        self.statements: list = []  # parsed by Synapses._setup_model
        self.delay = Variable("delay", _TIME, "float", "parameter", array=np.zeros(0))
        self._built_for = None
        self._ptr = np.zeros((1, 2), dtype=np.int64)
        self._order = np.zeros(0, dtype=np.int64)
        self._history = np.zeros((1, 1), dtype=np.int32)

    def trigger_group(self):
        s = self.synapses
        return s.source if self.side == "pre" else s.target

    def prepare(self, dt: float) -> None:
        """Sort synapses by (trigger neuron, delay in steps) for the compiled loop."""
        s = self.synapses
        delays = self.delay.array
        check_delays(delays, s.name)
        key = (dt, s._structure, delays.tobytes())
        if key == self._built_for:
            return
        steps = np.rint(delays / dt).astype(np.int64) if len(delays) else np.zeros(0, np.int64)
        n_slots = int(steps.max()) + 1 if len(steps) else 1
        owner = s._i if self.side == "pre" else s._j
        n_trigger = s.N_pre if self.side == "pre" else s.N_post
        order = np.lexsort((np.arange(len(owner)), steps, owner)) if len(owner) else owner
        # ptr[n, d] .. ptr[n, d+1]: synapses of neuron n with delay d steps
        flat = owner[order] * (n_slots + 1) + steps[order] if len(owner) else owner
        bounds = np.searchsorted(
            flat, np.arange(n_trigger)[:, None] * (n_slots + 1) + np.arange(n_slots + 1)[None, :]
        )
        self._ptr = np.ascontiguousarray(bounds, dtype=np.int64)
        self._order = np.ascontiguousarray(order, dtype=np.int64)
        if self._history.shape != (n_slots, n_trigger + 1):
            self._history = np.zeros((n_slots, n_trigger + 1), dtype=np.int32)
        self._built_for = key


def check_delays(delays: np.ndarray, owner: str) -> None:
    """Refuse negative or non-finite delays (in seconds) of the synapses of ``owner``."""
    bad = np.flatnonzero(~(np.isfinite(delays) & (delays >= 0)))
    if bad.size:
        raise InvalidParameterError(
            f"delays must be >= 0 s and finite; got {Quantity(delays[bad[0]], dim=second.dim)} "
            f"for synapse {bad[0]} of {owner}.",
            "Use a non-negative delay, e.g. S.delay = 1*ms.",
        )


class Synapses(Group):
    """Connections from ``source`` to ``target`` with their own variables and events.

    Parameters
    ----------
    source : NeuronGroup (or another spiking group)
        The presynaptic group.
    target : NeuronGroup, optional
        The postsynaptic group (default: ``source``).
    model : str or Equations, optional
        Synaptic variables and equations (``'w : volt'``).
    on_pre : str or dict, optional
        Statements run at presynaptic spikes (``'v_post += w'``); a dict gives
        several named pathways.
    on_post : str or dict, optional
        Statements run at postsynaptic spikes.
    delay : Quantity or dict, optional
        Transmission delay of the ``pre`` pathway (or per pathway).
    method : str, optional
        Integration method of clock-driven equations.
    namespace, dt, clock, order, name
        As for NeuronGroup.
    """

    _base_name = "synapses"

    def __init__(
        self,
        source,
        target=None,
        model: str | Equations | None = None,
        on_pre: str | dict | None = None,
        pre: str | dict | None = None,
        on_post: str | dict | None = None,
        post: str | dict | None = None,
        connect=None,
        delay=None,
        on_event="spike",
        multisynaptic_index: str | None = None,
        namespace: dict | None = None,
        dtype=None,
        codeobj_class=None,
        dt=None,
        clock=None,
        order: int = 0,
        method=("exact", "euler", "heun"),
        method_options=None,
        name: str | None = None,
    ) -> None:
        if connect is not None:
            raise TypeError("connect= in the constructor was removed in Brian 2; call S.connect()")
        if pre is not None:
            logger.warning("The 'pre' keyword is deprecated, use 'on_pre' instead.")
            on_pre = pre if on_pre is None else on_pre
        if post is not None:
            logger.warning("The 'post' keyword is deprecated, use 'on_post' instead.")
            on_post = post if on_post is None else on_post
        super().__init__(
            dt=dt, clock=clock, when="groups", order=order, name=name, namespace=namespace, level=1
        )
        target = source if target is None else target
        for group, role in ((source, "source"), (target, "target")):
            if not hasattr(group, "variables") or not hasattr(group, "N"):
                raise TypeError(f"the {role} of Synapses must be a group, not {group!r}")
        self.source = source
        self.target = target
        self._src_root, self._src_start, _ = source_range(source)
        self._tgt_root, self._tgt_start, _ = source_range(target)
        self.N_pre = source.N
        self.N_post = target.N
        self.multisynaptic_index = multisynaptic_index
        self._structure = 0
        self._i = np.zeros(0, dtype=np.int32)
        self._j = np.zeros(0, dtype=np.int32)
        model = model or ""
        self.equations = model if isinstance(model, Equations) else Equations(model)
        self._create_variables()
        self._setup_pathways(on_pre, on_post, delay)
        events = (
            on_event if isinstance(on_event, dict) else dict.fromkeys(self._pathways, on_event)
        )
        for pathway_name, event in events.items():
            if pathway_name not in self._pathways:
                raise InvalidParameterError(f"on_event names no pathway {pathway_name!r}", None)
            self._pathways[pathway_name].event = event
        clock_eqs = [
            eq
            for eq in self.equations.values()
            if eq.kind == DIFFERENTIAL and "event-driven" not in eq.flags
        ]
        for eq in clock_eqs:
            if "clock-driven" not in eq.flags:
                logger.info(
                    "The synaptic equation for the variable %s does not specify whether it "
                    "should be integrated at every timestep ('clock-driven') or only at "
                    "spiking events ('event-driven'). It will be integrated at every timestep "
                    "which can slow down your simulation unnecessarily if you only need the "
                    "values of this variable whenever a spike occurs. Specify the equation as "
                    "clock-driven explicitly to avoid this warning.",
                    eq.name,
                )
        self._update = None
        self.method = None
        self._event_update: list[Assign] = []
        self.setup_when_names_are_known(lambda: self._setup_model(method, clock_eqs))

    def _setup_model(self, method, clock_eqs) -> None:
        """Check units, parse the pathways' statements, choose the integration
        (the steps that look up external names)."""
        self._check_units()
        for pathway in self._pathways.values():
            code = pathway.code_text
            pathway.statements = (
                self.parse_code(code, what=f"on_{pathway.name}") if code.strip() else []
            )
        self._update = state_update_statements(self, method, clock_eqs) if clock_eqs else None
        self.method = self._update.method if self._update else None
        self._event_update = self._event_driven_statements()

    # variables ------------------------------------------------------------
    def _create_variables(self) -> None:
        self._summed = []
        for eq in self.equations.values():
            for flag in eq.flags:
                if flag not in _ALLOWED_FLAGS[eq.kind]:
                    raise EquationSyntaxError(
                        f"line {eq.line}: in Synapses, a {eq.kind} cannot have the flag "
                        f"'{flag}'; allowed: "
                        + ", ".join(repr(a) for a in _ALLOWED_FLAGS[eq.kind])
                        + ".",
                        None,
                        source=self.equations.source,
                        line=eq.line,
                    )
            if eq.kind == SUBEXPRESSION and "summed" in eq.flags:
                self._summed.append(eq)
                continue
            if eq.kind == SUBEXPRESSION and "constant over dt" not in eq.flags:
                self.variables[eq.name] = Variable(
                    eq.name,
                    eq.dim,
                    eq.dtype,
                    "subexpression",
                    expr=eq.expr,
                    shared="shared" in eq.flags,
                )
                continue
            shared = "shared" in eq.flags
            self.variables[eq.name] = Variable(
                eq.name,
                eq.dim,
                eq.dtype,
                "state" if eq.kind == DIFFERENTIAL else "parameter",
                array=Variable.allocate(1 if shared else 0, eq.dtype),
                expr=eq.expr,
                shared=shared,
                constant="constant" in eq.flags,
            )
        if any("event-driven" in eq.flags for eq in self.equations.values()):
            self.variables["lastupdate"] = Variable(
                "lastupdate", _TIME, "float", "internal", array=np.zeros(0)
            )
        for name in ("N_incoming", "N_outgoing"):
            self.variables[name] = Variable(
                name,
                DIMENSIONLESS,
                "integer",
                "internal",
                array=np.zeros(0, dtype=np.int32),
                read_only=True,
            )

    def _check_units(self) -> None:
        from ..units.formatting import format_dimension

        self.check_equation_units()
        source = self.equations.source
        for eq in self._summed:
            group, name = self._summed_target(eq)
            var = group.variables[name]
            if var.dim != eq.dim:
                raise UnitMismatchError(
                    f"line {eq.line}: the summed variable '{eq.name}' is in "
                    f"{format_dimension(eq.dim)} but {group.name}.{name} is in "
                    f"{format_dimension(var.dim)}.",
                    None,
                    source=source,
                    line=eq.line,
                )

    def _summed_target(self, eq):
        if eq.name.endswith("_post"):
            group, name = self._tgt_root, eq.name[:-5]
        elif eq.name.endswith("_pre"):
            group, name = self._src_root, eq.name[:-4]
        else:
            raise EquationSyntaxError(
                f"line {eq.line}: a summed variable must name a variable of the target or "
                f"source group with '_post' or '_pre' ('{eq.name}_post').",
                None,
                source=self.equations.source,
                line=eq.line,
            )
        var = group.variables.get(name)
        if var is None or var.array is None or var.role != "parameter":
            raise EquationSyntaxError(
                f"line {eq.line}: '{name}' must be a parameter of {group.name} (e.g. "
                f"'{name} : {eq.unit_text}') to receive the summed variable '{eq.name}'.",
                None,
                source=self.equations.source,
                line=eq.line,
            )
        return group, name

    def _setup_pathways(self, on_pre, on_post, delay) -> None:
        self._pathways: dict[str, _Pathway] = {}
        for codes, side in ((on_pre, "pre"), (on_post, "post")):
            if codes is None:
                continue
            if isinstance(codes, str):
                codes = {side: codes}
            for name, code in codes.items():
                self._pathways[name] = _Pathway(self, name, code, side)
        if isinstance(delay, dict):
            for name, value in delay.items():
                if name not in self._pathways:
                    raise InvalidParameterError(f"no pathway named {name!r} for delay", None)
                self._pathways[name]._initial_delay = value
        elif delay is not None:
            if "pre" not in self._pathways:
                raise InvalidParameterError("delay= needs an on_pre pathway", None)
            self._pathways["pre"]._initial_delay = delay
        for pathway in self._pathways.values():
            value = getattr(pathway, "_initial_delay", None)
            if value is not None:
                from ..core.clock import check_time

                if isinstance(value, Quantity) and np.ndim(value) == 0:
                    check_time(value, "delay", example="1*ms")
                elif not isinstance(value, Quantity):
                    raise UnitMismatchError(f"delay needs a time unit, e.g. {value}*ms.", None)
        if "pre" in self._pathways:
            self.variables["delay"] = self._pathways["pre"].delay

    def __getattr__(self, name: str):
        pathways = self.__dict__.get("_pathways", {})
        if name in pathways:
            return _PathwayView(self, pathways[name])
        return super().__getattr__(name)

    # name resolution --------------------------------------------------------
    def _special_symbols(self) -> dict:
        return _SPECIAL

    def resolve(self, name, node=None, *, source=None, line=None, run_namespace=None):
        from ..parsing.ir import Call as CallNode

        if not isinstance(node, CallNode) and name not in self.variables:
            for suffix, group in (("_pre", self.source), ("_post", self.target)):
                if name.endswith(suffix) and name[: -len(suffix)] in group.variables:
                    var = group.variables[name[: -len(suffix)]]
                    return Symbol(var.dim, var.dtype, role="variable")
            if name not in _SPECIAL and name in self.target.variables:
                var = self.target.variables[name]
                return Symbol(var.dim, var.dtype, role="variable")
        return super().resolve(name, node, source=source, line=line, run_namespace=run_namespace)

    def target_variable(self, name: str):
        var = self.variables.get(name)
        if var is not None:
            return var
        for suffix, group in (("_pre", self.source), ("_post", self.target)):
            if name.endswith(suffix):
                return group.variables.get(name[: -len(suffix)])
        return self.target.variables.get(name)

    def expand(self, expr):
        expr = super().expand(expr)
        mapping = {}
        for name in names_in(expr):
            for suffix, group in (("_pre", self.source), ("_post", self.target)):
                base = name[: -len(suffix)] if name.endswith(suffix) else None
                var = group.variables.get(base) if base else None
                if var is not None and var.role == "subexpression":
                    inner = group.expand(var.expr)
                    mapping[name] = substitute(
                        inner,
                        {n: Name(n + suffix) for n in names_in(inner) if n in group.variables},
                    )
            if name not in self.variables and name in self.target.variables:
                var = self.target.variables[name]
                if var.role == "subexpression":
                    inner = self.target.expand(var.expr)
                    mapping[name] = substitute(
                        inner,
                        {
                            n: Name(n + "_post")
                            for n in names_in(inner)
                            if n in self.target.variables
                        },
                    )
        return substitute(expr, mapping) if mapping else expr

    # code generation ------------------------------------------------------
    def element_access(self, ctx, name, index):
        var = self.variables.get(name)
        if var is not None:
            if var.array is None:
                return None
            return self.array_arg(ctx, name), ("0" if var.shared else index)
        ia = ctx.array((id(self), "i"), lambda: self._i)
        ja = ctx.array((id(self), "j"), lambda: self._j)
        for suffix, group, root, start, arr in (
            ("_pre", self.source, self._src_root, self._src_start, ia),
            ("_post", self.target, self._tgt_root, self._tgt_start, ja),
        ):
            if name.endswith(suffix):
                base = name[: -len(suffix)]
                gvar = group.variables.get(base)
                if gvar is not None and gvar.array is not None:
                    at = "0" if gvar.shared else _offset(f"{arr}[{index}]", start)
                    return root.array_arg(ctx, base), at
        tvar = self.target.variables.get(name)
        if tvar is not None and tvar.array is not None and name not in _SPECIAL:
            at = "0" if tvar.shared else _offset(f"{ja}[{index}]", self._tgt_start)
            return self._tgt_root.array_arg(ctx, name), at
        return None

    def special_code(self, ctx, name, index):
        if name in ("i", "j"):
            arr = ctx.array((id(self), name), lambda n=name: getattr(self, "_" + n))
            return f"{arr}[{index}]"
        if name == "N":
            return f"{ctx.array((id(self), 'i'), lambda: self._i)}.shape[0]"
        if name == "N_pre":
            return str(self.N_pre)
        if name == "N_post":
            return str(self.N_post)
        if name in ("t", "dt"):
            return super().special_code(ctx, name, index)
        return None

    def _event_driven_statements(self) -> list[Assign]:
        eqs = [eq for eq in self.equations.values() if "event-driven" in eq.flags]
        if not eqs:
            return []
        from ..codegen.integrators import integrate

        diffs = [(eq.name, self.expand(eq.expr)) for eq in eqs]
        try:
            statements = integrate(diffs, "exact")
        except Exception as err:
            raise EquationSyntaxError(
                f"event-driven equations must be linear so that they can be solved between "
                f"events: {getattr(err, 'message', err)}",
                "Make the equations linear, or mark them (clock-driven).",
                source=self.equations.source,
            ) from None
        elapsed = BinOp("-", Name("t"), Name("lastupdate"))
        return [
            Assign(st.target, st.op, substitute(st.value, {"dt": elapsed}), st.line, st.only_if)
            for st in statements
        ]

    def build_code(self, ctx) -> None:
        every = ctx.every(self)
        calls = _calls()
        ia = ctx.array((id(self), "i"), lambda: self._i)
        for eq in self._summed:
            group, name = self._summed_target(eq)
            tgt = group.array_arg(ctx, name)
            value = self.expand(eq.expr)
            names, loads, _ = self.code_names(ctx, [value], index="_syn")
            side = self._tgt_start if group is self._tgt_root else self._src_start
            size = self.N_post if group is self._tgt_root else self.N_pre
            idx_arr = ctx.array(
                (id(self), "j" if group is self._tgt_root else "i"),
                lambda g=group: self._j if g is self._tgt_root else self._i,
            )
            lines = [
                f"for _q in range({side}, {side + size}):",
                f"    {tgt}[_q] = 0.0",
                f"for _syn in range({ia}.shape[0]):",
            ]
            lines += indent(
                loads
                + [
                    f"{tgt}[{_offset(f'{idx_arr}[_syn]', side)}] += "
                    f"{render_expression(value, names, calls)}"
                ]
            )
            ctx.add_block(
                Block(
                    ctx.slot_key(self, "groups", f"_summed_variable_{eq.name}", -1),
                    lines,
                    every,
                    "Synapses: summed variable",
                )
            )
        if self._update is not None and self._update.statements:
            st = self._update.statements
            names, loads, stores = self.code_names(ctx, st, index="_syn")
            body = loads + render_statements(st, names, calls) + stores
            lines = [f"for _syn in range({ia}.shape[0]):"] + indent(body)
            ctx.add_block(
                Block(
                    ctx.slot_key(self, "groups", "_stateupdater"),
                    lines,
                    every,
                    "Synapses: state update",
                )
            )
        for pathway in self._pathways.values():
            self._pathway_code(ctx, pathway, every)

    def _pathway_code(self, ctx, pathway: _Pathway, every: int) -> None:
        trigger = pathway.trigger_group()
        root, start, stop = source_range(trigger)
        if not (hasattr(root, "has_event") and root.has_event(pathway.event)):
            what = "no threshold" if pathway.event == "spike" else f"no event '{pathway.event}'"
            raise TypeError(f"{trigger.name} has {what}, so it cannot trigger on_{pathway.name}")
        space = root.event_space_arg(ctx, pathway.event)
        hist = ctx.array((id(pathway), "history"), lambda: pathway._history)
        ptr = ctx.array((id(pathway), "ptr"), lambda: pathway._ptr)
        order = ctx.array((id(pathway), "order"), lambda: pathway._order)
        n_trigger = stop - start
        statements = list(self._event_update) + list(pathway.statements)
        if "lastupdate" in self.variables:
            statements.append(Assign("lastupdate", "=", Name("t")))
        names, loads, stores = self.code_names(ctx, statements, index="_syn")
        body = loads + render_statements(statements, names, _calls()) + stores
        slots = f"{hist}.shape[0]"
        lines = [
            f"_row = _step % {slots}",
            "_c = 0",
            f"for _k in range({space}[{root.N}]):",
            f"    _n = {space}[_k]",
            f"    if {start} <= _n < {stop}:",
            f"        {hist}[_row, _c] = _n - {start}",
            "        _c += 1",
            f"{hist}[_row, {n_trigger}] = _c",
            f"for _d in range({slots}):",
            f"    _r = (_step - _d) % {slots}",
            f"    for _k in range({hist}[_r, {n_trigger}]):",
            f"        _n = {hist}[_r, _k]",
            f"        for _q in range({ptr}[_n, _d], {ptr}[_n, _d + 1]):",
            f"            _syn = {order}[_q]",
            *indent(body, 3),
        ]
        ctx.add_block(
            Block(
                ctx.slot_key(self, "synapses", f"_{pathway.name}", -1),
                lines,
                every,
                f"Synapses: on_{pathway.name}",
            )
        )

    def _structure_version(self) -> int:
        return self._structure

    def before_run(self, run) -> None:
        self.refresh_externals(run.namespace)
        for pathway in self._pathways.values():
            pathway.prepare(run.dt)

    def get_state(self) -> dict:
        state = {n: v.array.copy() for n, v in self.variables.items() if v.array is not None}
        state["_i"], state["_j"] = self._i.copy(), self._j.copy()
        state["_history"] = {k: p._history.copy() for k, p in self._pathways.items()}
        return state

    def set_state(self, state: dict) -> None:
        if len(state["_i"]) != len(self._i) or not np.array_equal(state["_i"], self._i):
            self._i, self._j = state["_i"].copy(), state["_j"].copy()
            self._structure += 1
        for n, v in self.variables.items():
            if n in state and v.array is not None:
                v.array = state[n].copy()
        for k, hist in state.get("_history", {}).items():
            pathway = self._pathways[k]
            pathway._history = hist.copy()
            pathway._built_for = None  # re-check the spike ring's shape before the next run

    def state_arrays(self) -> dict:
        return {
            n: v.array
            for n, v in self.variables.items()
            if v.array is not None and v.dtype == "float" and v.role != "internal" and n != "delay"
        }

    # connectivity ----------------------------------------------------------
    @property
    def N(self) -> int:
        """Number of synapses."""
        return len(self._i)

    @property
    def i(self) -> np.ndarray:
        """Presynaptic index of each synapse."""
        return self._i.copy()

    @property
    def j(self) -> np.ndarray:
        """Postsynaptic index of each synapse."""
        return self._j.copy()

    def __len__(self) -> int:
        return self.N

    def connect(
        self,
        condition: str | bool | None = None,
        i=None,
        j=None,
        p=1.0,
        n=1,
        skip_if_invalid: bool = False,
        namespace: dict | None = None,
        level: int = 0,
    ) -> None:
        """Create synapses (Brian 2's ``connect``).

        Parameters
        ----------
        condition : str or bool, optional
            Which pairs to connect, e.g. ``'i != j'`` (True: all pairs).
        i, j : int, array or str, optional
            Explicit indices; ``j`` may also be an expression of ``i``
            (``'i'``) or a generator (``'k for k in range(i-3, i+4)'``).
        p : float or str
            Connection probability (a number or an expression of i and j).
        n : int or str
            Number of synapses per connected pair.
        skip_if_invalid : bool
            Ignore generated indices outside the target group.
        """
        from .builder import build_pairs

        if isinstance(condition, bool):
            condition = None if condition else "False"
        if not isinstance(p, str):
            if not isinstance(p, numbers.Real) or not 0 <= p <= 1:
                raise InvalidParameterError(
                    f"p must be a probability between 0 and 1; got {p}.",
                    "Use e.g. p=0.1 for 10% of the pairs.",
                )
        if not isinstance(n, (str, numbers.Integral)) or (not isinstance(n, str) and n < 0):
            raise InvalidParameterError(f"n must be a whole number >= 0; got {n}.", None)
        new_i, new_j = build_pairs(self, condition, i, j, p, n, skip_if_invalid)
        self._add_synapses(new_i, new_j)

    def _add_synapses(self, new_i: np.ndarray, new_j: np.ndarray) -> None:
        total = len(self._i) + len(new_i)
        if total > config.limits.max_synapses:
            raise ResourceLimitError(
                f"{self.name} would have {total:,} synapses; brianlab's limit is "
                f"{config.limits.max_synapses:,} (brianlab.config.limits.max_synapses).",
                "Connect fewer pairs (a smaller p), or raise the limit if the machine has "
                "the memory.",
            )
        old = len(self._i)
        self._i = np.concatenate([self._i, new_i.astype(np.int32)])
        self._j = np.concatenate([self._j, new_j.astype(np.int32)])
        for name, var in self.variables.items():
            if var.array is None or var.shared or name in ("N_incoming", "N_outgoing"):
                continue
            grown = Variable.allocate(total, var.dtype)
            grown[:old] = var.array[:old]
            if name in ("delay",):
                value = getattr(self._pathways["pre"], "_initial_delay", None)
                if value is not None:
                    grown[old:] = float(np.asarray(value / second))
            var.array = grown
        for pathway in self._pathways.values():
            if pathway.delay is not self.variables.get("delay"):
                grown = np.zeros(total)
                grown[:old] = pathway.delay.array[:old]
                value = getattr(pathway, "_initial_delay", None)
                if value is not None:
                    grown[old:] = float(np.asarray(value / second))
                pathway.delay.array = grown
        self.variables["N_incoming"].array = np.bincount(self._j, minlength=self.N_post)[
            self._j
        ].astype(np.int32)
        self.variables["N_outgoing"].array = np.bincount(self._i, minlength=self.N_pre)[
            self._i
        ].astype(np.int32)
        self._structure += 1

    @property
    def _array_size(self) -> int:
        return self.N

    def _assign(self, var, base, item, value) -> None:
        if not any(var is p.delay for p in self._pathways.values()):
            super()._assign(var, base, item, value)
            return
        before = var.array.copy()
        super()._assign(var, base, item, value)
        try:
            check_delays(var.array, self.name)
        except InvalidParameterError:
            var.array[:] = before
            raise

    def _item_indices(self, item, base) -> np.ndarray:
        if isinstance(item, tuple):
            if len(item) not in (2, 3):
                raise IndexError("index synapses with S.w[i, j] (or S.w[i, j, k])")
            mask = np.ones(self.N, dtype=bool)
            for sel, values, size in (
                (item[0], self._i, self.N_pre),
                (item[1], self._j, self.N_post),
            ):
                if isinstance(sel, slice) and sel == slice(None):
                    continue
                chosen = np.zeros(size, dtype=bool)
                chosen[np.arange(size)[sel]] = True
                mask &= chosen[values]
            idx = np.flatnonzero(mask)
            if len(item) == 3:
                idx = np.atleast_1d(idx[item[2]])
            return idx
        return super()._item_indices(item, base)

    def _current_t(self) -> float:
        net = getattr(self, "_network", None)
        return net.t_ if net is not None else 0.0

    def __repr__(self) -> str:
        return (
            f"<Synapses {self.name!r} from {self.source.name!r} to {self.target.name!r},"
            f" {self.N} synapses>"
        )


class _PathwayView:
    """``S.pre`` / ``S.up``: access to one pathway's ``delay``."""

    def __init__(self, synapses: Synapses, pathway: _Pathway) -> None:
        self._s = synapses
        self._p = pathway

    @property
    def delay(self):
        from ..groups.variables import VariableView

        return VariableView(self._s, self._p.delay, slice(None))

    @delay.setter
    def delay(self, value) -> None:
        self._s._assign(self._p.delay, slice(None), slice(None), value)


def _offset(code: str, start: int) -> str:
    return f"{code} + {start}" if start else code
