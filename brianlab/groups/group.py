"""What NeuronGroup, Synapses and input groups share: variables with units,
name resolution, checking of model strings, per-element code generation, and
reading/writing state from Python (including ``G.v = 'rand()*mV'``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from ..codegen.compiler import compile_kernel
from ..codegen.network_kernel import (
    BoundCall,
    hoist_invariants,
    indent,
    render_expression,
    render_statements,
    statement_names,
)
from ..core.base import BrianObject
from ..core.namespace import (
    ExternalValue,
    check_denominators,
    check_external_dims,
    lookup_external,
)
from ..errors import (
    EquationSyntaxError,
    InvalidParameterError,
    UnitMismatchError,
    UnknownIdentifierError,
)
from ..parsing.expressions import parse_expression, parse_statements
from ..parsing.functions import DEFAULT_FUNCTIONS, ModelFunction
from ..parsing.ir import Assign, Expr, calls_in, names_in, substitute
from ..parsing.ir import Call as CallNode
from ..parsing.printing import format_number
from ..parsing.unitcheck import Symbol, infer
from ..units import Quantity
from ..units.dimensions import DIMENSIONLESS, Dimension
from .variables import Variable, VariableView, as_values, check_index_range

__all__ = ["Group", "SPECIAL_SYMBOLS"]

logger = logging.getLogger("brianlab.groups")

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))
_NOISE = Dimension((0, 0, -0.5, 0, 0, 0, 0))

#: Names with a built-in meaning inside every group's strings.
SPECIAL_SYMBOLS = {
    "t": Symbol(_TIME, role="special"),
    "dt": Symbol(_TIME, role="special"),
    "i": Symbol(DIMENSIONLESS, "integer", role="special"),
    "N": Symbol(DIMENSIONLESS, "integer", role="special"),
    "xi": Symbol(_NOISE, role="special"),
}


class Group(BrianObject):
    """Base class of objects with per-element variables.

    Subclasses set ``self.variables`` (name -> :class:`Variable`) and ``self.N``
    and call :meth:`_init_namespace`.
    """

    _base_name = "group"

    def __init__(self, *args, namespace: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if namespace is not None and not isinstance(namespace, dict):
            raise TypeError("namespace must be a dict of names to values")
        self.namespace = namespace
        self.variables: dict[str, Variable] = {}
        self._externals: dict[str, ExternalValue] = {}
        self._ext_values: dict[str, float] = {}
        # functions that bring data into kernels (TimedArrays), by called name
        self._functions: dict[str, ModelFunction] = {}
        self._warned_shadow: set[str] = set()
        self._pending_setup: Callable[[], None] | None = None
        self._setup_namespace: dict | None = None

    # name resolution -----------------------------------------------------
    def _special_symbols(self) -> dict:
        return SPECIAL_SYMBOLS

    def setup_when_names_are_known(self, setup: Callable[[], None]) -> None:
        """Run ``setup`` — the construction steps that look up external names —
        now, or at the start of the first run if a name is not defined yet.

        Brian 2 looks names up only when a run starts, so a script may
        define ``tau`` after the group that uses it.  brianlab checks at
        construction whatever it can (an error there points at the line the
        learner just wrote); a name not defined yet is looked up again, with
        the run's namespace, when the run starts, and only then reported.
        """
        try:
            setup()
        except UnknownIdentifierError as err:
            if err.undefined_name is None:
                raise
            self._pending_setup = setup

    def complete_setup(self, run_namespace: dict | None) -> None:
        """Run the construction steps that waited for a name (see
        :meth:`setup_when_names_are_known`), looking names up in
        ``run_namespace`` too; their errors are raised now."""
        setup = self._pending_setup
        if setup is None:
            return
        self._setup_namespace = run_namespace
        try:
            setup()
        finally:
            self._setup_namespace = None
        self._pending_setup = None

    def _namespaces(self, run_namespace: dict | None = None) -> list[dict]:
        if self.namespace is not None:
            return [self.namespace]
        if run_namespace is None:
            run_namespace = self._setup_namespace
        spaces = []
        if run_namespace is not None:
            spaces.append(run_namespace)
        spaces += [self._creation_locals, self._creation_globals]
        return spaces

    def resolve(
        self,
        name: str,
        node: Expr | None = None,
        *,
        source: str | None = None,
        line: int | None = None,
        run_namespace: dict | None = None,
    ) -> Symbol:
        """What ``name`` means in this group's strings (see :mod:`brianlab.core.namespace`)."""
        as_call = isinstance(node, CallNode)
        col = getattr(node, "col", None)
        var = self.variables.get(name)
        if var is not None and not as_call:
            self._warn_if_shadowed(name)
            return Symbol(var.dim, var.dtype, role=_ROLE_WORDS.get(var.role, var.role))
        if name in self._special_symbols() and not as_call:
            return self._special_symbols()[name]
        if name.startswith("xi_") and not as_call:
            return SPECIAL_SYMBOLS["xi"]
        if var is not None and as_call:
            return Symbol(var.dim, var.dtype, role=_ROLE_WORDS.get(var.role, var.role))
        found = lookup_external(
            name,
            self._namespaces(run_namespace),
            model_names=list(self.variables),
            source=source,
            line=line,
            col=col,
            as_call=as_call,
        )
        if isinstance(found, Symbol):
            if found.function is not None and found.function.data:
                self._functions[name] = found.function
            return found
        if not found.is_unit:
            self._externals[name] = found
        return Symbol(found.dim, found.kind, role="constant" if found.is_unit else "parameter")

    def _warn_if_shadowed(self, name: str) -> None:
        if name in self._warned_shadow or self.namespace is not None:
            return
        self._warned_shadow.add(name)
        for ns in (self._creation_locals, self._creation_globals):
            if name in ns and isinstance(ns[name], (int, float, Quantity)):
                logger.warning(
                    "'%s' is a variable of %s and also defined outside it; the group's own "
                    "variable is used inside the model.",
                    name,
                    self.name,
                )
                return

    def check(
        self, expr: Expr, *, source: str | None = None, line: int | None = None
    ) -> tuple[Dimension, str]:
        """Dimension and kind of an expression in this group (resolving its names)."""
        return infer(
            expr,
            lambda name, node: self.resolve(name, node, source=source, line=line),
            source=source,
            line=line,
        )

    def parse_checked(
        self,
        text: str,
        *,
        what: str,
        expect_dim: Dimension | None = None,
        boolean: bool = False,
    ) -> Expr:
        """Parse an expression string and check its units and kind.

        Parameters
        ----------
        text : str
            The string (a threshold, a condition, a value).
        what : str
            How to call it in messages ("threshold", "refractory").
        expect_dim : Dimension, optional
            The dimension it must have.
        boolean : bool
            Whether it must be a condition.
        """
        expr = self.expand(parse_expression(text))
        dim, kind = self.check(expr, source=text, line=1)
        if boolean and kind != "boolean":
            raise EquationSyntaxError(
                f"{what} condition '{text}' is not a boolean expression.",
                f"A {what} must compare something, e.g. 'v > -50*mV'.",
                source=text,
                line=1,
                col=0,
            )
        if expect_dim is not None and dim != expect_dim:
            from ..errors import UnitMismatchError
            from ..units.formatting import format_dimension

            raise UnitMismatchError(
                f"{what} '{text}' is in {format_dimension(dim)}, but must be in "
                f"{format_dimension(expect_dim)}.",
                None,
                expect_dim,
                dim,
                source=text,
                line=1,
                col=0,
            )
        return expr

    def check_equation_units(self) -> None:
        """Check that each right-hand side of ``self.equations`` has the units its
        left-hand side needs (``dv/dt`` in volt/second for ``v : volt``)."""
        from ..equations.equations import DIFFERENTIAL
        from ..parsing.printing import format_expr
        from ..parsing.unitcheck import mismatch_hint
        from ..units.formatting import format_dimension

        source = self.equations.source
        for eq in self.equations.values():
            if eq.expr is None:
                continue
            dim, _ = self.check(self.expand(eq.expr), source=source, line=eq.line)
            want = eq.dim / _TIME if eq.kind == DIFFERENTIAL else eq.dim
            if dim != want:
                lhs = f"d{eq.name}/dt" if eq.kind == DIFFERENTIAL else eq.name
                raise UnitMismatchError(
                    f"line {eq.line}: the right-hand side of {lhs} must have units of "
                    f"{format_dimension(want)}, but '{format_expr(eq.expr)}' has units of "
                    f"{format_dimension(dim)}.",
                    mismatch_hint(dim, want),
                    want,
                    dim,
                    source=source,
                    line=eq.line,
                    col=getattr(eq.expr, "col", None),
                )

    def parse_code(self, code: str, *, what: str) -> list[Assign]:
        """Parse statements (a reset, ``on_pre``) and check targets and units."""
        from ..errors import UnitMismatchError
        from ..parsing.printing import format_expr
        from ..units.formatting import format_dimension

        statements = parse_statements(code)
        checked = []
        for st in statements:
            var = self.target_variable(st.target)
            if var is None:
                from ..parsing.unitcheck import did_you_mean

                names = [n for n, v in self.variables.items() if v.role != "internal"]
                hint = did_you_mean(st.target, names) or ""
                raise EquationSyntaxError(
                    f"{what} assigns to '{st.target}', which is not a variable of this group "
                    f"(variables: {', '.join(names)}).",
                    (hint + " " if hint else "")
                    + "Declare it in the equations, or fix the spelling.",
                    source=code,
                    line=st.line,
                    col=None,
                )
            if var.role == "subexpression":
                raise EquationSyntaxError(
                    f"'{st.target}' is defined by an equation ('{st.target} = "
                    f"{format_expr(var.expr)}'), so it cannot be assigned in {what}.",
                    "Assign to the variables it is computed from instead.",
                    source=code,
                    line=st.line,
                )
            if var.read_only or var.constant and what != "initialisation":
                raise EquationSyntaxError(
                    f"'{st.target}' cannot be changed in {what}.",
                    None,
                    source=code,
                    line=st.line,
                )
            value = self.expand(st.value)
            dim, _ = self.check(value, source=code, line=st.line)
            if st.op in ("*=", "/="):
                ok = dim.is_dimensionless
                want = DIMENSIONLESS
            else:
                ok = dim == var.dim
                want = var.dim
            if not ok and var.dtype != "boolean":
                from ..parsing.unitcheck import example_unit, mismatch_hint

                shown = format_expr(st.value)
                hint = mismatch_hint(dim, want)
                if dim.is_dimensionless:
                    unit = example_unit(want)
                    if unit:
                        hint = f"Did you mean '{shown}*{unit}'?"
                raise UnitMismatchError(
                    f"{what}: '{st.target}' is in {format_dimension(want)}, but '{shown}' "
                    + (
                        "has no unit."
                        if dim.is_dimensionless
                        else f"is in {format_dimension(dim)}."
                    ),
                    hint,
                    want,
                    dim,
                    source=code,
                    line=st.line,
                    col=getattr(st.value, "col", None),
                )
            checked.append(Assign(st.target, st.op, value, st.line))
        return checked

    def target_variable(self, name: str) -> Variable | None:
        """The variable a statement ``name = ...`` writes to, or None."""
        return self.variables.get(name)

    def expand(self, expr: Expr) -> Expr:
        """Substitute subexpressions (recursively) into ``expr``."""
        subs = {n: v.expr for n, v in self.variables.items() if v.role == "subexpression"}
        if not subs:
            return expr
        for _ in range(len(subs) + 1):
            used = names_in(expr) & subs.keys()
            if not used:
                return expr
            expr = substitute(expr, {n: subs[n] for n in used})
        raise EquationSyntaxError(
            "subexpressions refer to each other in a circle.", "Break the cycle.", line=None
        )

    # parameters passed to kernels ---------------------------------------
    def refresh_externals(self, run_namespace: dict | None = None) -> None:
        """Read the current values of external names (at each run), and refuse
        values that make an equation divide by zero."""
        current = {}
        for name, old in list(self._externals.items()):
            found = lookup_external(
                name, self._namespaces(run_namespace), model_names=list(self.variables)
            )
            if isinstance(found, Symbol):
                raise InvalidParameterError(
                    f"'{name}' is now a function; it was a value when {self.name} was built.",
                    None,
                )
            check_external_dims(name, old, found)
            self._ext_values[name] = found.value
            current[name] = found
        equations = getattr(self, "equations", None)
        if equations is not None:
            check_denominators(equations, current)
        for name, old in list(self._functions.items()):
            found = lookup_external(name, self._namespaces(run_namespace), as_call=True)
            new = found.function if isinstance(found, Symbol) else None
            if new is None or not _same_signature(old, new):
                raise InvalidParameterError(
                    f"'{name}' has changed since {self.name} was created: it is no longer a "
                    "function with the same arguments and units.",
                    "Create the group again after redefining it.",
                )
            self._functions[name] = new

    def _data_getter(self, name: str, label: str):
        def get():
            for data_label, _, getter in self._functions[name].data:
                if data_label == label:
                    return getter(self.clock.dt_)
            raise KeyError(label)

        return get

    def _bound_call(self, ctx, name: str) -> BoundCall:
        """The call of a function with data, its data registered as kernel arguments."""
        func = self._functions[name]
        leading = []
        for label, kind, _ in func.data:
            register = ctx.array if kind == "array" else ctx.scalar
            leading.append(register((id(self), "fn", name, label), self._data_getter(name, label)))
        return BoundCall(func.code, tuple(leading))

    def _ext_getter(self, name: str):
        def get():
            value = self._ext_values.get(name)
            if value is None:
                value = self._externals[name].value
            return value if isinstance(value, (bool, int)) else float(value)

        return get

    # rendering per-element code ------------------------------------------
    def code_names(self, ctx, exprs, *, index: str = "_idx") -> tuple[dict, list[str], list[str]]:
        """Map model names to code, and produce load/store lines.

        Parameters
        ----------
        ctx : KernelBuilder
            The builder (arguments are registered on it).
        exprs : iterable of Expr or Assign
            The code that will run for each element.
        index : str
            The code name of the element index.

        Returns
        -------
        names : dict
            Model name -> code text.
        loads, stores : list of str
            Lines that load variables into locals and write written ones back.
        """
        read, written, called = set(), set(), set()
        for item in exprs:
            if isinstance(item, Assign):
                r, w = statement_names([item])
                read |= r
                written |= w
                called |= calls_in(item.value)
                if item.only_if is not None:
                    called |= calls_in(item.only_if)
            else:
                read |= names_in(item)
                called |= calls_in(item)
        names: dict = {n: self._bound_call(ctx, n) for n in called & self._functions.keys()}
        loads: list[str] = []
        stores: list[str] = []
        for name in sorted(read | written):
            access = self.element_access(ctx, name, index)
            if access is not None:
                arr, at = access
                local = f"_u_{name}"
                names[name] = local
                loads.append(f"{local} = {arr}[{at}]")
                if name in written:
                    stores.append(f"{arr}[{at}] = {local}")
                continue
            special = self.special_code(ctx, name, index)
            if special is not None:
                names[name] = special
            elif name.startswith("_"):
                names[name] = name
            elif name in self._externals:
                names[name] = ctx.scalar((id(self), "ext", name), self._ext_getter(name))
            else:
                found = lookup_external(name, self._namespaces(), model_names=list(self.variables))
                if isinstance(found, ExternalValue):
                    names[name] = _literal(found.value)
                else:
                    names[name] = name
        return names, loads, stores

    def element_access(self, ctx, name: str, index: str) -> tuple[str, str] | None:
        """(array argument, index code) of an array-backed name, or None."""
        var = self.variables.get(name)
        if var is None or var.array is None:
            return None
        return self.array_arg(ctx, name), ("0" if var.shared else index)

    def special_code(self, ctx, name: str, index: str) -> str | None:
        """Code for a built-in name (``t``, ``dt``, ``i``, ``N``), or None."""
        if name == "t":
            return "t"
        if name == "dt":
            if ctx.every(self) == 1:
                return "_dt"
            # a group with a slower clock than the network's sees its own dt
            return ctx.scalar((id(self), "dt"), lambda: self.clock.dt_)
        if name == "i":
            return self.index_code(index)
        if name == "N":
            return str(self.N)
        return None

    def index_code(self, index: str) -> str:
        """Code for the learner-visible index ``i`` given the loop index."""
        return index

    def loop_range(self) -> str:
        """The arguments of ``range()`` that loop over this group's elements."""
        return str(self.N)

    def array_arg(self, ctx, name: str) -> str:
        """The kernel argument name of a variable's array."""
        var = self.variables[name]
        return ctx.array((id(self), "var", name), lambda v=var: v.array)

    def element_loop(
        self,
        ctx,
        statements: list[Assign],
        *,
        prefix: list[str] | None = None,
        condition: Expr | None = None,
        on_true: list[str] | None = None,
        index: str = "_idx",
        count: str | None = None,
    ) -> list[str]:
        """Lines that run ``statements`` (then an optional ``condition`` test)
        for every element, with loop-invariant work computed once before."""
        items = list(statements)
        if condition is not None:
            items.append(Assign("_cond", "=", condition))
        prelude, items = hoist_invariants(items, self.is_invariant(items))
        names, loads, stores = self.code_names(ctx, items, index=index)
        calls = _calls()
        prelude_names, prelude_loads, _ = self.code_names(ctx, prelude, index=index)
        before = prelude_loads + render_statements(prelude, prelude_names, calls)
        body_statements = [st for st in items if st.target != "_cond"]
        body = loads + render_statements(body_statements, names, calls) + stores
        if condition is not None:
            test = next(st for st in items if st.target == "_cond")
            body.append(f"if {render_expression(test.value, names, calls)}:")
            body.extend(indent(on_true or ["pass"]))
        loop = f"for {index} in range({count or self.loop_range()}):"
        return (prefix or []) + before + [loop] + indent(body)

    def is_invariant(self, statements: list[Assign]):
        """A test for names whose value is the same for every element during a step."""
        written = {st.target for st in statements}
        shared = {
            n for n, v in self.variables.items() if v.shared and v.array is not None
        } - written

        from ..core.namespace import CONSTANTS
        from ..units import all_units

        def invariant(name: str) -> bool:
            if name in shared:
                return True
            if name in written or name in self.variables or name.startswith("_"):
                return False
            return (
                name in ("t", "dt", "N")
                or name in self._externals
                or name in all_units
                or name in CONSTANTS
            )

        return invariant

    # state access --------------------------------------------------------
    def _read(self, var: Variable, indices) -> np.ndarray:
        if var.array is not None:
            if var.shared:
                return var.array[0].copy()
            return var.array[indices].copy()
        return self._evaluate(var.expr, indices)

    def _evaluate(self, expr: Expr, indices) -> np.ndarray:
        """Values of an expression (e.g. a subexpression) for the given elements."""
        idx = (
            np.arange(self._array_size)[indices]
            if not isinstance(indices, np.ndarray)
            else indices
        )
        out = np.zeros(len(idx))
        out_var = Variable("_out", DIMENSIONLESS, array=out)
        self._run_setter([Assign("_out", "=", expr)], idx.astype(np.int64), {"_out": out_var})
        return out

    def _indices_where(self, condition: str, base) -> np.ndarray:
        expr = self.parse_checked(condition, what="index condition", boolean=True)
        idx = np.arange(self._array_size)[base] if not isinstance(base, np.ndarray) else base
        flags = np.zeros(len(idx))
        flag_var = Variable("_out", DIMENSIONLESS, array=flags)
        self._run_setter(
            [Assign("_out", "=", CallNode("int", (expr,)))],
            idx.astype(np.int64),
            {"_out": flag_var},
        )
        return idx[flags.astype(bool)]

    def _item_indices(self, item, base) -> np.ndarray:
        """Absolute element indices selected by ``item`` within the view ``base``."""
        all_idx = np.arange(self._array_size)[base] if not isinstance(base, np.ndarray) else base
        if isinstance(item, str):
            return self._indices_where(item, all_idx)
        if isinstance(item, (list, np.ndarray)):
            item = np.asarray(item)
            if item.dtype != bool:
                check_index_range(item.astype(np.int64).ravel(), len(all_idx), self.name)
        elif isinstance(item, (int, np.integer)):
            check_index_range(np.array([item]), len(all_idx), self.name)
        return np.atleast_1d(all_idx[item])

    def _assign(self, var: Variable, base, item, value) -> None:
        if var.read_only or var.role == "subexpression":
            raise InvalidParameterError(
                f"'{var.name}' of {self.name} cannot be set"
                + (" (it is defined by an equation)." if var.role == "subexpression" else "."),
                None,
            )
        idx = self._item_indices(item, base)
        if var.shared:
            idx = np.zeros(1, dtype=np.int64)
        if isinstance(value, str):
            stmt = self.parse_code(f"{var.name} = {value}", what="initialisation")
            self._run_setter(stmt, idx.astype(np.int64))
            return
        values = as_values(value, var, self.name)
        if values.ndim and values.size not in (1, len(idx)):
            raise InvalidParameterError(
                f"cannot set {len(idx)} values of {self.name}.{var.name} from "
                f"{values.size} values.",
                "Give one value, or one per element.",
            )
        var.array[idx] = values

    def _run_setter(self, statements: list[Assign], indices: np.ndarray, extra=None) -> None:
        """Run statements for the given elements with generated code."""
        from ..codegen.network_kernel import KernelBuilder

        extra = extra or {}
        self.variables.update(extra)
        try:
            ctx = KernelBuilder(dt=self.clock.dt_)
            names, loads, stores = self.code_names(ctx, statements, index="_idx")
            body = loads + render_statements(statements, names, _calls()) + stores
            args = ", ".join(["_indices", "t", "_dt", *ctx.argument_names])
            source = "\n".join(
                [
                    '"""Generated by brianlab from model IR; do not edit."""',
                    "",
                    "",
                    f"def set_values({args}):",
                    "    for _k in range(_indices.shape[0]):",
                    "        _idx = _indices[_k]",
                    *indent(body, 2),
                    "",
                ]
            )
            from ..config import config

            use_jit = config.jit and len(indices) * max(len(statements), 1) > 20000
            kernel = compile_kernel(source, "set_values", jit=use_jit)
            written = [self.target_variable(st.target) for st in statements]
            saved = [(v, v.array.copy()) for v in written if v is not None and v.array is not None]
            try:
                kernel(indices, float(self._current_t()), self.clock.dt_, *ctx.arguments())
            except ArithmeticError as err:  # all or nothing: no half-set variable
                for var, values in saved:
                    var.array[:] = values
                from ..parsing.printing import format_expr

                shown = "; ".join(format_expr(st.value) for st in statements)
                raise InvalidParameterError(
                    f"computing '{shown}' for {self.name} failed: {err}.",
                    "Check for a division by zero (e.g. '1/i' at i = 0) or a number too large "
                    "to represent; nothing was changed.",
                ) from None
        finally:
            for name in extra:
                self.variables.pop(name, None)

    def _current_t(self) -> float:
        return 0.0

    # learner-facing attribute access ---------------------------------------
    def __getattr__(self, name: str):
        if name.startswith("_") or name in ("variables",):
            raise AttributeError(name)
        variables = self.__dict__.get("variables", {})
        if name.endswith("_") and name[:-1] in variables:
            return self._read(variables[name[:-1]], self._view_indices())
        if name in variables:
            return VariableView(self, variables[name], self._view_indices())
        raise AttributeError(
            f"{type(self).__name__} '{self.__dict__.get('name', '?')}' has no attribute or "
            f"variable '{name}'"
            + (
                f" (variables: {', '.join(v for v in variables if not v.startswith('_'))})"
                if variables
                else ""
            )
        )

    def __setattr__(self, name: str, value) -> None:
        variables = self.__dict__.get("variables")
        if variables and not name.startswith("_"):
            key = name[:-1] if name.endswith("_") and name[:-1] in variables else name
            if key in variables:
                var = variables[key]
                if key != name:  # G.v_ = plain numbers in SI units
                    if var.read_only:
                        raise InvalidParameterError(f"'{key}' cannot be set.", None)
                    var.array[self._view_indices()] = value
                    return
                self._assign(var, self._view_indices(), slice(None), value)
                return
        object.__setattr__(self, name, value)

    def _view_indices(self):
        return slice(None)

    @property
    def _array_size(self) -> int:
        """Length of the variables' arrays (a subgroup's parent's size)."""
        return self.N

    def __len__(self) -> int:
        return self.N

    def get_states(self, vars=None, units: bool = True) -> dict:
        """A dict of variable values (Brian 2's ``get_states``)."""
        names = vars or [n for n, v in self.variables.items() if v.role != "internal"]
        out = {}
        for n in names:
            view = VariableView(self, self.variables[n], self._view_indices())
            out[n] = view.as_quantity() if units else view.get_values()
        return out

    def set_states(self, values: dict, units: bool = True) -> None:
        """Set several variables at once (Brian 2's ``set_states``).

        Parameters
        ----------
        values : dict
            Variable names and their values, e.g. ``{'v': -70*mV, 'w': 0*pA}``
            (what :meth:`get_states` returns is accepted back).
        units : bool
            False: the values are plain numbers in SI base units (``v_``).
        """
        for name, value in values.items():
            setattr(self, name if units else f"{name}_", value)


_ROLE_WORDS = {
    "state": "variable",
    "parameter": "parameter",
    "subexpression": "subexpression",
    "internal": "variable",
}


def _literal(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    return format_number(value if isinstance(value, int) else float(value))


def _calls() -> dict:
    return {name: f.code for name, f in DEFAULT_FUNCTIONS.items()}


def _same_signature(old: ModelFunction, new: ModelFunction) -> bool:
    """Whether ``new`` can replace ``old`` in code checked with ``old``: same
    number of arguments and kind, and the same result for a time (then
    element indices) as arguments, as TimedArrays take."""
    if new.n_args != old.n_args or new.kind != old.kind:
        return False
    args = [_TIME] + [DIMENSIONLESS] * (max(old.n_args) - 1)
    texts = ["t", "i"][: len(args)]
    try:
        return new.result(args, texts) == old.result(args, texts)
    except UnitMismatchError:
        return False
