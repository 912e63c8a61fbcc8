"""NeuronGroup: a population of identical model neurons; what every group
that emits spikes shares (SpikingGroup); subgroups.

Per time step a NeuronGroup does three things, in three slots of the
schedule (as Brian 2 does): ``groups`` — integrate the differential equations
(and update ``not_refractory``); ``thresholds`` — find the neurons whose
threshold condition holds (and that are not refractory), record them in the
spike space, set ``lastspike = t``; ``resets`` — run the reset statements for
those neurons.
"""

from __future__ import annotations

import logging
import numbers

import numpy as np

from ..codegen.network_kernel import Block, indent, render_statements
from ..config import config
from ..equations.equations import DIFFERENTIAL, PARAMETER, SUBEXPRESSION, Equations
from ..errors import (
    EquationSyntaxError,
    InvalidArgumentTypeError,
    InvalidParameterError,
    ResourceLimitError,
    UnitMismatchError,
)
from ..parsing.ir import BoolOp, Call, Name, names_in
from ..units import Quantity
from ..units.dimensions import DIMENSIONLESS, Dimension
from .group import Group, _calls
from .state_update import state_update_statements
from .variables import Variable

__all__ = ["NeuronGroup", "SpikingGroup", "Subgroup"]

logger = logging.getLogger("brianlab.groups")

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))
_ALLOWED_FLAGS = {
    DIFFERENTIAL: ("unless refractory",),
    PARAMETER: ("constant", "shared"),
    SUBEXPRESSION: ("shared", "constant over dt"),
}


def _check_size(N, what: str = "NeuronGroup") -> int:
    if isinstance(N, (str, Equations)):
        raise InvalidArgumentTypeError(
            f"First {what} argument should be size, not equations.",
            f"Write {what}(1, 'dv/dt = ...').",
        )
    if isinstance(N, (bool, np.bool_)) or not isinstance(N, numbers.Real):
        raise TypeError(f"{what} size must be a whole number, not {type(N).__name__}.")
    if isinstance(N, numbers.Integral) or float(N).is_integer():
        n = int(N)
    else:
        raise InvalidParameterError(
            f"{what} size must be a whole number of neurons; got {N}.",
            f"Use {int(N)} or {int(N) + 1}.",
        )
    if n < 1:
        raise InvalidParameterError(f"{what} size should be at least 1, was {n}.", None)
    limit = config.limits.max_neurons
    if n > limit:
        raise ResourceLimitError(
            f"{what}({N:g}) would need about {_bytes(n * 8)} per state variable; brianlab's "
            f"limit is {limit:,} neurons (brianlab.config.limits.max_neurons).",
            "Use fewer neurons, or raise the limit if the machine has the memory.",
        )
    return n


def _bytes(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB", "PB"):
        if n < 1000:
            return f"{n:.3g} {unit}"
        n /= 1000
    return f"{n:.3g} EB"


class SpikingGroup(Group):
    """What groups that emit spikes share (NeuronGroup, PoissonGroup,
    SpikeGeneratorGroup): a spike space, subgroups by slicing, the network's
    time, saving and restoring their arrays, reading external values at
    each run.

    Subclasses set ``self.N`` and ``self._spikespace`` (``N + 1`` int32: the
    indices that spiked in the current step, their count at index ``N``).
    A NeuronGroup with custom ``events=`` has one such *event space* per event.
    """

    def has_event(self, event: str) -> bool:
        """Whether the group produces ``event`` ('spike' or a custom event)."""
        if event == "spike":
            return hasattr(self, "_spikespace")
        return event in getattr(self, "_event_spaces", {})

    def event_space(self, event: str) -> np.ndarray:
        """The space of ``event``: indices first, their count at index ``N``."""
        return self._spikespace if event == "spike" else self._event_spaces[event]

    def event_space_arg(self, ctx, event: str) -> str:
        """The kernel argument holding the space of ``event``."""
        key = (id(self), "spikespace") if event == "spike" else (id(self), "eventspace", event)
        return ctx.array(key, lambda: self.event_space(event))

    def __getitem__(self, item) -> Subgroup:
        if not isinstance(item, slice):
            if isinstance(item, numbers.Integral):
                item = slice(item, item + 1)
            else:
                raise TypeError("subgroups are made with slices, e.g. G[:10]")
        start, stop, step = item.indices(self.N)
        if step != 1:
            raise InvalidParameterError("subgroups must be contiguous (no step).", None)
        if stop <= start:
            raise InvalidParameterError(f"the subgroup {item} of {self.name} is empty.", None)
        return Subgroup(self, start, stop)

    @property
    def i(self) -> np.ndarray:
        """The indices ``0 .. N-1``."""
        return np.arange(self.N)

    @property
    def t(self) -> Quantity:
        """The current simulation time."""
        from ..units import second

        return self._current_t() * second

    @property
    def t_(self) -> float:
        return self._current_t()

    def _current_t(self) -> float:
        net = getattr(self, "_network", None)
        return net.t_ if net is not None else 0.0

    def state_arrays(self) -> dict:
        return {
            n: v.array
            for n, v in self.variables.items()
            if v.array is not None and v.dtype == "float" and not n.startswith("_")
        }

    def get_state(self) -> dict:
        state = {n: v.array.copy() for n, v in self.variables.items() if v.array is not None}
        state["_spikespace"] = self._spikespace.copy()
        for event, space in getattr(self, "_event_spaces", {}).items():
            state[f"_eventspace_{event}"] = space.copy()
        return state

    def set_state(self, state: dict) -> None:
        for n, arr in state.items():
            if n == "_spikespace":
                self._spikespace[:] = arr
            elif n.startswith("_eventspace_"):
                self._event_spaces[n[len("_eventspace_") :]][:] = arr
            elif n in self.variables:
                self.variables[n].array[:] = arr

    def before_run(self, run) -> None:
        self.refresh_externals(run.namespace)


class NeuronGroup(SpikingGroup):
    """A group of neurons that share a model.

    Parameters
    ----------
    N : int
        Number of neurons.
    model : str or Equations
        The equations, e.g. ``'dv/dt = (E_L - v)/tau : volt'``.
    method : str, optional
        Integration method (``'exact'``, ``'euler'``, ``'rk2'``, ``'rk4'``,
        ``'heun'``, ``'milstein'``, ``'exponential_euler'``); chosen
        automatically when omitted.
    threshold : str, optional
        Spiking condition, e.g. ``'v > -50*mV'``.
    reset : str, optional
        Statements run after a spike, e.g. ``'v = -70*mV'``.
    refractory : Quantity or str, optional
        Refractory period (``5*ms``), or a condition that keeps the neuron
        refractory while it holds (``'v > -40*mV'``).
    events : dict, optional
        Not supported yet (custom events).
    namespace : dict, optional
        Values for external names (instead of the calling code's variables).
    dt : Quantity, optional
        Own time step.
    clock : Clock, optional
        Own clock.
    order : int
        Order within the schedule slots.
    name : str, optional
        Unique name (default ``'neurongroup'``, ``'neurongroup_1'``, …).
    """

    _base_name = "neurongroup"

    def __init__(
        self,
        N: int,
        model: str | Equations,
        method: str | tuple | None = None,
        threshold: str | None = None,
        reset: str | None = None,
        refractory=False,
        events: dict | None = None,
        namespace: dict | None = None,
        dtype=None,
        dt=None,
        clock=None,
        order: int = 0,
        name: str | None = None,
        codeobj_class=None,
        method_options=None,
    ) -> None:
        n = _check_size(N)
        super().__init__(
            dt=dt,
            clock=clock,
            when="groups",
            order=order,
            name=name,
            namespace=namespace,
            level=1,
        )
        self.N = n
        self.equations = model if isinstance(model, Equations) else Equations(model)
        if self.equations.namespace:
            base = dict(self.equations.namespace)
            if self.namespace is not None:
                base.update(self.namespace)
            self.namespace = base if self.namespace is not None else None
            self._equation_values = base
        self._create_variables()
        self._spikespace = np.zeros(n + 1, dtype=np.int32)
        self._refractory_input = refractory
        self._setup_refractory(refractory)
        if reset is not None and not isinstance(reset, str):
            raise TypeError(f"reset must be a string of statements, not {type(reset).__name__}")
        if threshold is not None and reset is None and refractory is False:
            logger.warning(
                "The NeuronGroup '%s' sets a threshold but neither a reset nor a refractory "
                "period. Did you forget either of those? If this was intended, set "
                "reset='' to avoid this warning.",
                self.name,
            )
        self.threshold = None
        self.reset = reset
        self._reset_code = []
        self.method_choice = method
        self.method = None
        self._create_event_spaces(events)
        self.setup_when_names_are_known(
            lambda: self._setup_model(threshold, reset, refractory, events)
        )

    def _setup_model(self, threshold, reset, refractory, events) -> None:
        """Parse a refractory string, check the equations' units, parse threshold
        and reset, choose the integration (the steps that look up external names)."""
        if isinstance(refractory, str):
            self._parse_refractory(refractory)
        self.check_equation_units()
        self.threshold = self._parse_threshold(threshold)
        self._reset_code = (
            self.parse_code(reset, what="reset")
            if isinstance(reset, str) and reset.strip()
            else []
        )
        for event, condition in (events or {}).items():
            self._event_conditions[event] = self.parse_checked(
                condition, what=f"event '{event}'", boolean=True
            )
        self._update = state_update_statements(self, self.method_choice)
        self.method = self._update.method

    def _create_event_spaces(self, events: dict | None) -> None:
        """Custom events: a space each (their conditions are parsed by :meth:`_setup_model`)."""
        self._event_conditions = {}
        self._event_spaces = {}
        self._event_actions: dict[str, list] = {}
        for event, condition in (events or {}).items():
            if event == "spike":
                raise InvalidParameterError(
                    "the event 'spike' is defined by threshold=..., not by events=.", None
                )
            if not isinstance(condition, str):
                raise TypeError(f"the condition of event '{event}' must be a string")
            self._event_spaces[event] = np.zeros(self.N + 1, dtype=np.int32)

    def run_on_event(self, event: str, code: str, when: str = "after_resets", order=None):
        """Run statements for the neurons in which ``event`` happened this step.

        Parameters
        ----------
        event : str
            'spike' or a custom event given in ``events=``.
        code : str
            The statements, e.g. ``'v = v_r'``.
        when : str
            Schedule slot (default ``'after_resets'``).
        order : int, optional
            Order within the slot (default: the group's).
        """
        if not self.has_event(event):
            raise InvalidParameterError(
                f"{self.name} has no event '{event}' (events: "
                f"{', '.join(['spike', *self._event_spaces])}).",
                None,
            )
        statements = self.parse_code(code, what=f"run_on_event('{event}')")
        self._event_actions.setdefault(event, []).append(
            (when, self.order if order is None else order, statements)
        )

    def _namespaces(self, run_namespace=None):
        spaces = super()._namespaces(run_namespace)
        values = getattr(self, "_equation_values", None)
        return ([values] + spaces) if values and self.namespace is None else spaces

    # construction ----------------------------------------------------------
    def _create_variables(self) -> None:
        for eq in self.equations.values():
            allowed = _ALLOWED_FLAGS[eq.kind]
            for flag in eq.flags:
                if flag == "linked":
                    raise NotImplementedError(
                        f"line {eq.line}: linked variables ('(linked)') are not supported by "
                        "brianlab yet; copy the value with a run_regularly or a Synapses "
                        "object."
                    )
                if flag not in allowed:
                    raise EquationSyntaxError(
                        f"line {eq.line}: in a NeuronGroup, a {eq.kind} cannot have the flag "
                        f"'{flag}'; allowed: {', '.join(repr(a) for a in allowed) or 'none'}.",
                        None,
                        source=self.equations.source,
                        line=eq.line,
                    )
            shared = "shared" in eq.flags
            if eq.kind == SUBEXPRESSION and "constant over dt" not in eq.flags:
                self.variables[eq.name] = Variable(
                    eq.name, eq.dim, eq.dtype, "subexpression", expr=eq.expr, shared=shared
                )
            else:
                role = "state" if eq.kind == DIFFERENTIAL else "parameter"
                size = 1 if shared else self.N
                self.variables[eq.name] = Variable(
                    eq.name,
                    eq.dim,
                    eq.dtype,
                    role,
                    array=Variable.allocate(size, eq.dtype),
                    expr=eq.expr,
                    shared=shared,
                    constant="constant" in eq.flags,
                )

    def _setup_refractory(self, refractory) -> None:
        self._refractory_expr = None
        self._refractory_condition = None
        if refractory is False or refractory is None:
            if any("unless refractory" in eq.flags for eq in self.equations.values()):
                logger.warning(
                    "'%s' has '(unless refractory)' equations but no refractory period; the "
                    "flag has no effect. Set refractory=... to use it.",
                    self.name,
                )
            return
        self.variables["lastspike"] = Variable(
            "lastspike", _TIME, "float", "internal", array=np.full(self.N, -1e4)
        )
        self.variables["not_refractory"] = Variable(
            "not_refractory",
            DIMENSIONLESS,
            "boolean",
            "internal",
            array=np.ones(self.N, dtype=bool),
        )
        if isinstance(refractory, str):
            return  # parsed by _setup_model, when its names are known
        from ..core.clock import check_time

        if not isinstance(refractory, Quantity):
            if isinstance(refractory, numbers.Number):
                raise UnitMismatchError(
                    f"Refractory period has to be specified in units of seconds but got "
                    f"{refractory} (a plain number).",
                    f"Did you mean refractory={refractory}*ms?",
                )
            raise TypeError("refractory must be a time (5*ms), a string, or False")
        try:
            seconds = check_time(refractory, "refractory", example="5*ms")
        except UnitMismatchError:
            from ..units.formatting import format_dimension

            raise UnitMismatchError(
                "Refractory period has to be specified in units of seconds but got "
                f"{refractory} (in {format_dimension(refractory.dim)}).",
                "Write e.g. refractory=5*ms.",
            ) from None
        self.variables["_refractory"] = Variable(
            "_refractory",
            _TIME,
            "float",
            "internal",
            array=np.array([seconds]),
            shared=True,
            read_only=True,
        )
        self._refractory_expr = Name("_refractory")

    def _parse_refractory(self, refractory: str) -> None:
        """A refractory string: a time (``'5*ms'``, ``'tau_ref'``) or a condition."""
        expr = self.parse_checked(refractory, what="refractory")
        dim, kind = self.check(expr, source=refractory, line=1)
        if kind == "boolean":
            self._refractory_condition = expr
        elif dim == _TIME:
            self._refractory_expr = expr
        else:
            from ..units.formatting import format_dimension

            raise UnitMismatchError(
                f"refractory '{refractory}' must be a time or a condition, but it is in "
                f"{format_dimension(dim)}.",
                "Write e.g. refractory=5*ms or refractory='v > -40*mV'.",
                _TIME,
                dim,
                source=refractory,
                line=1,
                col=len(refractory) - len(refractory.lstrip()),
            )

    def _parse_threshold(self, threshold):
        if threshold is None:
            return None
        if isinstance(threshold, Quantity) or isinstance(threshold, numbers.Number):
            raise InvalidArgumentTypeError(
                "Threshold condition has to be a string, not a quantity.",
                "Probably you intended to use 'v > ...'?",
            )
        if not isinstance(threshold, str):
            raise TypeError(f"threshold must be a string, not {type(threshold).__name__}")
        expr = self.parse_checked(threshold, what="threshold", boolean=True)
        used = names_in(expr)
        dynamic = {n for n, v in self.variables.items() if v.role in ("state", "internal")}
        randoms = {"rand", "randn"} & {node.func for node in _walk_calls(expr)}
        if (
            not (used & (dynamic | {"t"}))
            and not randoms
            and threshold.strip()
            not in (
                "True",
                "False",
            )
        ):
            logger.warning(
                "The threshold '%s' of '%s' refers to no variable that changes during a run, "
                "so it will never change.",
                threshold,
                self.name,
            )
        return expr

    # code generation -------------------------------------------------------
    def build_code(self, ctx) -> None:
        every = ctx.every(self)
        calls = _calls()
        update = self._update.statements
        if update:
            lines = self.element_loop(ctx, update)
            key = ctx.slot_key(self, "groups", "_stateupdater")
            ctx.add_block(Block(key, lines, every, "NeuronGroup: state update"))
        if self.threshold is not None:
            space = ctx.array((id(self), "spikespace"), lambda: self._spikespace)
            cond = self.threshold
            on_true = [f"{space}[_ns] = _idx", "_ns += 1"]
            if "not_refractory" in self.variables:
                cond = BoolOp("and", (cond, Name("not_refractory")))
                lastspike = self.array_arg(ctx, "lastspike")
                nr = self.array_arg(ctx, "not_refractory")
                on_true += [f"{lastspike}[_idx] = t", f"{nr}[_idx] = False"]
            lines = self.element_loop(ctx, [], prefix=["_ns = 0"], condition=cond, on_true=on_true)
            lines.append(f"{space}[{self.N}] = _ns")
            key = ctx.slot_key(self, "thresholds", "_spike_thresholder")
            ctx.add_block(Block(key, lines, every, "NeuronGroup: threshold"))
            if self._reset_code:
                names, loads, stores = self.code_names(ctx, self._reset_code)
                body = loads + render_statements(self._reset_code, names, calls) + stores
                lines = [f"for _k in range({space}[{self.N}]):", f"    _idx = {space}[_k]"]
                lines += indent(body)
                key = ctx.slot_key(self, "resets", "_spike_resetter")
                ctx.add_block(Block(key, lines, every, "NeuronGroup: reset"))
        for event, condition in self._event_conditions.items():
            space = self.event_space_arg(ctx, event)
            on_true = [f"{space}[_ns] = _idx", "_ns += 1"]
            lines = self.element_loop(
                ctx, [], prefix=["_ns = 0"], condition=condition, on_true=on_true
            )
            lines.append(f"{space}[{self.N}] = _ns")
            key = ctx.slot_key(self, "thresholds", f"_{event}_thresholder")
            ctx.add_block(Block(key, lines, every, f"NeuronGroup: event {event}"))
        for event, actions in self._event_actions.items():
            space = self.event_space_arg(ctx, event)
            for k, (when, order, statements) in enumerate(actions):
                names, loads, stores = self.code_names(ctx, statements)
                body = loads + render_statements(statements, names, calls) + stores
                lines = [f"for _k in range({space}[{self.N}]):", f"    _idx = {space}[_k]"]
                lines += indent(body)
                key = ctx.slot_key(self, when, f"_{event}_resetter_{k}", order)
                ctx.add_block(Block(key, lines, every, f"NeuronGroup: on {event}"))

    def run_regularly(
        self,
        code: str,
        dt=None,
        clock=None,
        when: str = "start",
        order: int = 0,
        name: str | None = None,
        codeobj_class=None,
    ):
        """Run statements for every neuron at regular intervals.

        On a subgroup ``G[a:b]``, for its neurons only; the code then runs
        with the parent group.

        Parameters
        ----------
        code : str
            Statements, e.g. ``'v = E_L + rand()*5*mV'``.
        dt : Quantity, optional
            Interval (default: the group's time step); a multiple of it.
        clock : Clock, optional
            A clock to follow instead of ``dt``.
        when : str
            Schedule slot (default ``'start'``).
        order : int
            Order within the slot.
        name : str, optional
            Unique name (default ``'<group>_run_regularly'``).

        Returns
        -------
        CodeRunner
            The object that runs the code; it runs with the group.
        """
        from .regular import add_code_runner

        return add_code_runner(
            self, self._runner_host(), code, dt=dt, clock=clock, when=when, order=order, name=name
        )

    def _runner_host(self):
        """The group that code runners created on this one run with."""
        return self

    def __repr__(self) -> str:
        return f"NeuronGroup({self.N}, name={self.name!r})"

    def _repr_html_(self) -> str:
        import html

        rows = "".join(
            f"<tr><td><code>{html.escape(str(eq))}</code></td></tr>"
            for eq in self.equations.values()
        )
        method = self.method or "chosen when the run starts"
        return (
            f"<b>NeuronGroup</b> <code>{html.escape(self.name)}</code> with {self.N} neurons, "
            f"method <code>{html.escape(method)}</code><table>{rows}</table>"
        )


def _walk_calls(expr):
    from ..parsing.ir import walk

    return [n for n in walk(expr) if isinstance(n, Call)]


class Subgroup(Group):
    """A contiguous slice ``G[start:stop]`` of a spiking group, sharing its state."""

    add_to_magic_network = False
    _base_name = "subgroup"

    def __init__(self, source: SpikingGroup, start: int, stop: int) -> None:
        # a view: it shares the parent's variables and namespace, and does not
        # take part in a run by itself (no BrianObject initialisation)
        self.__dict__.update(
            source=source,
            start=start,
            stop=stop,
            name=f"{source.name}[{start}:{stop}]",
            N=stop - start,
            namespace=source.namespace,
            variables=source.variables,
            when=source.when,
            order=source.order,
            _externals=source._externals,
            _ext_values=source._ext_values,
            _functions=source._functions,
            _warned_shadow=source._warned_shadow,
            _creation_locals=source._creation_locals,
            _creation_globals=source._creation_globals,
            _clock=source._clock,
        )

    @property
    def _array_size(self) -> int:
        return self.source.N

    @property
    def clock(self):
        return self.source.clock

    def _view_indices(self):
        return slice(self.start, self.stop)

    def _current_t(self) -> float:
        return self.source._current_t()

    def index_code(self, index: str) -> str:
        return f"({index} - {self.start})"

    def loop_range(self) -> str:
        return f"{self.start}, {self.stop}"

    @property
    def i(self) -> np.ndarray:
        return np.arange(self.N)

    run_regularly = NeuronGroup.run_regularly

    def _runner_host(self):
        return self.source

    def __repr__(self) -> str:
        return f"<Subgroup {self.name}>"
