"""Rendering one network's whole time loop as a single Python function.

Objects contribute *blocks* of source lines (their work in one time step) to
a :class:`KernelBuilder`, together with the arrays and scalars those lines
read.  The builder orders the blocks by the schedule and renders::

    def run_chunk(_step0, _nsteps, _dt, _a0, _a1, ..., _s0, _s1, ...):
        for _step in range(_step0, _step0 + _nsteps):
            t = _step * _dt
            <capacity checks: return early if a buffer would overflow>
            <blocks, in schedule order>
        return _nsteps

Argument names are numbered in the order objects ask for them, so the same
network gives the same source (and hits the same cache entry) in every
process.  Array and scalar *values* are fetched by getters at each chunk:
they are arguments, never constants baked into the code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..parsing.ir import Assign, Expr, names_in, substitute
from ..parsing.printing import format_expr, format_number

__all__ = [
    "KernelBuilder",
    "Block",
    "BoundCall",
    "render_expression",
    "render_statements",
    "indent",
]

INDENT = "    "


def indent(lines: list[str], levels: int = 1) -> list[str]:
    """Indent source lines by ``levels`` levels."""
    pad = INDENT * levels
    return [pad + line if line else line for line in lines]


@dataclass
class Block:
    """The source lines one object runs in one time step."""

    key: tuple
    lines: list[str]
    every: int = 1
    comment: str = ""


@dataclass
class KernelBuilder:
    """Collects blocks and arguments, and renders the chunk function."""

    dt: float
    blocks: list[Block] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    _arrays: list[tuple[str, Callable]] = field(default_factory=list)
    _scalars: list[tuple[str, Callable]] = field(default_factory=list)
    _keys: dict = field(default_factory=dict)

    def array(self, key: tuple, getter: Callable) -> str:
        """The argument name of an array (registered once per ``key``)."""
        if key not in self._keys:
            name = f"_a{len(self._arrays)}"
            self._keys[key] = name
            self._arrays.append((name, getter))
        return self._keys[key]

    def scalar(self, key: tuple, getter: Callable) -> str:
        """The argument name of a scalar passed at every chunk."""
        if key not in self._keys:
            name = f"_s{len(self._scalars)}"
            self._keys[key] = name
            self._scalars.append((name, getter))
        return self._keys[key]

    def every(self, obj) -> int:
        """How many base steps pass between two steps of ``obj``'s clock."""
        ratio = obj.clock.dt_ / self.dt
        every = int(round(ratio))
        if every < 1 or abs(ratio - every) > 1e-6 * ratio:
            raise ValueError(
                f"the time step of {obj.name} ({obj.clock.dt_ * 1e3:g} ms) must be a whole "
                f"multiple of the network's smallest time step ({self.dt * 1e3:g} ms)."
            )
        return every

    @staticmethod
    def slot_key(obj, when: str, part: str = "", order: int | None = None) -> tuple:
        """The schedule position of a part of ``obj``'s work in slot ``when``.

        Ties within a slot and order are broken by name, as Brian 2 does
        (``neurongroup_stateupdater`` before ``synapses_stateupdater``).
        """
        from ..core.base import SCHEDULE

        return (SCHEDULE.index(when), obj.order if order is None else order, obj.name + part)

    def add_block(self, block: Block) -> None:
        """Add a block of per-step work."""
        self.blocks.append(block)

    def add_check(self, line: str) -> None:
        """Add a capacity check run at the start of each step (``return`` early)."""
        self.checks.append(line)

    @property
    def argument_names(self) -> list[str]:
        """The names of the chunk function's data arguments, in order."""
        return [n for n, _ in self._arrays] + [n for n, _ in self._scalars]

    def arguments(self) -> list:
        """The current values of the data arguments."""
        return [g() for _, g in self._arrays] + [g() for _, g in self._scalars]

    def render(self) -> str:
        """The source of the module holding ``run_chunk``."""
        args = ", ".join(["_step0", "_nsteps", "_dt", *self.argument_names])
        body = ["for _step in range(_step0, _step0 + _nsteps):", INDENT + "t = _step * _dt"]
        for check in self.checks:
            body.append(INDENT + check)
        for block in sorted(self.blocks, key=lambda b: b.key):
            if not block.lines:
                continue
            if block.comment:
                body.append(INDENT + f"# {block.comment}")
            if block.every > 1:
                body.append(INDENT + f"if _step % {block.every} == 0:")
                body.extend(indent(block.lines, 2))
            else:
                body.extend(indent(block.lines, 1))
        body.append("return _nsteps")
        lines = [
            '"""Generated by brianlab from model IR; do not edit."""',
            "",
            "",
            f"def run_chunk({args}):",
            *indent(body),
            "",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class BoundCall:
    """A called name whose implementation also takes kernel arguments.

    ``stimulus(t)`` of a TimedArray becomes ``_timedarray(_a3, _s1, _s2, t)``:
    ``code`` is the implementation, ``leading`` the argument names passed
    before the call's own arguments.
    """

    code: str
    leading: tuple[str, ...]

    def render(self, args: list[str]) -> str:
        """The call's text with its rendered arguments ``args``."""
        return f"{self.code}({', '.join([*self.leading, *args])})"


def render_expression(expr: Expr, names: dict, calls: dict[str, str]) -> str:
    """Render an IR expression with names and functions mapped for generated code.

    Parameters
    ----------
    expr : Expr
        The expression.
    names : dict
        Model name -> its text in code (a local, an argument or a literal),
        or, for a called name, a :class:`BoundCall`.
    calls : dict
        Model function name -> its implementation's name.
    """

    def call(f: str, args: list[str]) -> str:
        bound = names.get(f)
        if isinstance(bound, BoundCall):
            return bound.render(args)
        return f"{calls.get(f, f)}({', '.join(args)})"

    return format_expr(
        expr,
        name=lambda n: names.get(n, n),
        call=call,
        number=format_number,
    )


def render_statements(statements: list[Assign], names: dict, calls: dict[str, str]) -> list[str]:
    """Render statements; temporaries (leading ``_``) become plain locals."""
    lines = []
    for st in statements:
        target = names.get(st.target, st.target)
        text = f"{target} {st.op} {render_expression(st.value, names, calls)}"
        if st.only_if is not None:
            text = f"if {render_expression(st.only_if, names, calls)}: {text}"
        lines.append(text)
    return lines


def statement_names(statements: list[Assign]) -> tuple[set[str], set[str]]:
    """The names statements read and the names they write."""
    read, written = set(), set()
    for st in statements:
        read |= names_in(st.value)
        if st.only_if is not None:
            read |= names_in(st.only_if)
        if st.op != "=":
            read.add(st.target)
        written.add(st.target)
    return read, written


def hoist_invariants(statements: list[Assign], invariant) -> tuple[list[Assign], list[Assign]]:
    """Move work that is the same for every element out of the element loop.

    Every maximal sub-expression whose names are all ``invariant`` (external
    parameters, ``dt``, ``t``, constants) and that costs something (a call, a
    division or a power) is computed once before the loop, as ``_lio_k``; a
    division by such a sub-expression becomes a multiplication by its
    reciprocal.
    A temporary (a name starting with ``_``) assigned once with a value made
    of such names only is replaced by its value in the statements reading
    it, so that its work is moved out with theirs (the same work in the same
    order as if the temporary had never been made).  Random functions are
    never moved.  Brian 2 does the same ("loop-invariant optimisation"), so
    this also keeps the arithmetic close to Brian 2's.

    Parameters
    ----------
    statements : list of Assign
        The per-element statements.
    invariant : callable
        ``invariant(name) -> bool``.

    Returns
    -------
    (prelude, statements)
        Statements to run once before the loop, and the rewritten loop body.
    """
    from ..parsing.ir import BinOp, BoolOp, Call, Compare, Name, Num, UnaryOp

    found: dict = {}
    prelude: list[Assign] = []

    def cheap(node) -> bool:
        return isinstance(node, (Num, Name)) or (
            isinstance(node, UnaryOp) and isinstance(node.operand, (Num, Name))
        )

    def movable(node) -> bool | None:
        # None: contains a random call (never movable, nor its parents)
        if isinstance(node, Num):
            return True
        if isinstance(node, Name):
            return invariant(node.id)
        if isinstance(node, Call) and node.func in ("rand", "randn"):
            return None
        parts = [movable(c) for c in _children(node)]
        if any(p is None for p in parts):
            return None
        return all(parts)

    def hoist(node):
        name = found.get(node)
        if name is None:
            name = f"_lio_{len(found) + 1}"
            found[node] = name
            prelude.append(Assign(name, "=", node))
        return Name(name)

    def flatten(node, op_pair, inverted, out):
        if isinstance(node, BinOp) and node.op in op_pair:
            flatten(node.left, op_pair, inverted, out)
            flatten(node.right, op_pair, inverted ^ (node.op == op_pair[1]), out)
        else:
            out.append((node, inverted))

    def combine(factors, op_pair, unit):
        plain = [f for f, inv in factors if not inv]
        inverse = [f for f, inv in factors if inv]
        result = plain[0] if plain else Num(unit)
        for f in plain[1:]:
            result = BinOp(op_pair[0], result, f)
        for f in inverse:
            result = BinOp(op_pair[1], result, f)
        return result

    def regroup(node, op_pair, unit):
        # a*b/c*d...: multiply the invariant factors together once, before the loop
        factors = []
        flatten(node, op_pair, False, factors)
        fixed = [(f, inv) for f, inv in factors if movable(f)]
        varying = [(rewrite(f), inv) for f, inv in factors if not movable(f)]
        # a single cheap invariant factor stays, unless it divides: x/tau
        # becomes x*(1/tau), a multiplication per element (as Brian 2 does)
        divides = op_pair[0] == "*" and any(inv for _, inv in fixed)
        if len(fixed) < 2 and not (fixed and (divides or not cheap(fixed[0][0]))):
            return None
        part = combine(fixed, op_pair, unit)
        hoisted = hoist(part) if not cheap(part) else part
        if not varying:
            return hoisted
        return combine(varying + [(hoisted, False)], op_pair, unit)

    def rewrite(node):
        state = movable(node)
        if state and not cheap(node):
            return hoist(node)
        if isinstance(node, BinOp) and not state:  # varying, or with a random draw
            pair = ("*", "/") if node.op in ("*", "/") else ("+", "-") if node.op in "+-" else None
            if pair is not None:
                grouped = regroup(node, pair, 1 if pair[0] == "*" else 0)
                if grouped is not None:
                    return grouped
        if isinstance(node, UnaryOp):
            return UnaryOp(node.op, rewrite(node.operand), node.col)
        if isinstance(node, BinOp):
            return BinOp(node.op, rewrite(node.left), rewrite(node.right), node.col)
        if isinstance(node, Compare):
            return Compare(node.op, rewrite(node.left), rewrite(node.right), node.col)
        if isinstance(node, BoolOp):
            return BoolOp(node.op, tuple(rewrite(v) for v in node.values), node.col)
        if isinstance(node, Call):
            return Call(node.func, tuple(rewrite(a) for a in node.args), node.col)
        return node

    assignments = Counter(st.target for st in statements)
    inlined: dict = {}
    body = []
    for k, st in enumerate(statements):
        value = substitute(st.value, inlined)
        only_if = None if st.only_if is None else substitute(st.only_if, inlined)
        if (
            st.target.startswith("_")
            and st.op == "="
            and only_if is None
            and assignments[st.target] == 1
            and movable(value)
            and any(st.target in statement_names([later])[0] for later in statements[k + 1 :])
        ):
            inlined[st.target] = value
            continue
        only_if = None if only_if is None else rewrite(only_if)
        body.append(Assign(st.target, st.op, rewrite(value), st.line, only_if))
    return prelude, body


def _children(node) -> tuple:
    from ..parsing.ir import children

    return children(node)
