"""Model equations: the multi-line strings of differential equations,
subexpressions and parameters that define a NeuronGroup or Synapses.

Each line is one of::

    dv/dt = (E_L - v)/tau : volt (unless refractory)   # differential equation
    I_syn = g*(E - v) : amp                            # subexpression
    I_ext : amp (constant)                             # parameter

with the type after ``:`` being a unit (``volt``, ``siemens/metre**2``), ``1``
(dimensionless), ``boolean`` or ``integer``, and optional flags in
parentheses.  ``#`` starts a comment.  The right-hand sides are parsed into
IR (:mod:`brianlab.parsing`); no text is ever evaluated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import EquationSyntaxError
from ..parsing.expressions import check_identifier, parse_expression
from ..parsing.ir import Expr, Name, names_in, substitute
from ..parsing.locations import at_line
from ..parsing.printing import format_expr
from ..units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["SingleEquation", "Equations", "DIFFERENTIAL", "SUBEXPRESSION", "PARAMETER"]

DIFFERENTIAL = "differential equation"
SUBEXPRESSION = "subexpression"
PARAMETER = "parameter"

#: Every flag an equation line may carry, by kind of line (which object
#: accepts which is decided by the object).
KNOWN_FLAGS = {
    DIFFERENTIAL: ("unless refractory", "clock-driven", "event-driven"),
    SUBEXPRESSION: ("shared", "constant over dt", "summed"),
    PARAMETER: ("constant", "shared", "linked"),
}

#: Names with a built-in meaning that no equation may define.
RESERVED_NAMES = ("t", "dt", "xi", "i", "j", "N", "N_pre", "N_post", "True", "False")

_DIFF_LHS = re.compile(r"^\s*d\s*(?P<name>[^\s/]+)\s*/\s*dt\s*$")
_NAME = re.compile(r"^\s*(?P<name>\S+)\s*$")
_FLAGS = re.compile(r"\((?P<flags>[^()]*)\)\s*$")


@dataclass(frozen=True)
class SingleEquation:
    """One line of a model.

    Attributes
    ----------
    kind : str
        ``'differential equation'``, ``'subexpression'`` or ``'parameter'``.
    name : str
        The variable it defines.
    expr : Expr or None
        The right-hand side (None for parameters).
    dim : Dimension
        The variable's dimension.
    dtype : str
        ``'float'``, ``'integer'`` or ``'boolean'``.
    flags : tuple of str
        The flags, in the order written.
    line : int
        Its line in the original string (1-based).
    unit_text : str
        The type as written after ``:``.
    """

    kind: str
    name: str
    expr: Expr | None
    dim: Dimension
    dtype: str = "float"
    flags: tuple = ()
    line: int = field(default=1, compare=False)
    unit_text: str = field(default="1", compare=False)

    def __str__(self) -> str:
        flags = f" ({', '.join(self.flags)})" if self.flags else ""
        if self.kind == DIFFERENTIAL:
            return f"d{self.name}/dt = {format_expr(self.expr)} : {self.unit_text}{flags}"
        if self.kind == SUBEXPRESSION:
            return f"{self.name} = {format_expr(self.expr)} : {self.unit_text}{flags}"
        return f"{self.name} : {self.unit_text}{flags}"


def _fail(message: str, hint: str | None, source: str, line: int, col: int | None):
    raise EquationSyntaxError(f"line {line}: {message}", hint, source=source, line=line, col=col)


def _find_unit_colon(text: str) -> int:
    """The index of the ':' that starts the type, or -1.

    A ':' inside brackets or quotes (``lambda x: x``, ``{1: v}``, ``'a:b'``)
    belongs to the right-hand side, which the expression parser then refuses
    with its own message.
    """
    depth = 0
    quote = None
    for k, c in enumerate(text):
        if quote is not None:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == ":" and depth <= 0:
            return k
    return text.find(":") if quote is not None else -1


def _find_equals(text: str) -> int:
    """The index of the defining '=' (not part of ==, <=, >=, !=), or -1."""
    for k, c in enumerate(text):
        if (
            c == "="
            and (k + 1 >= len(text) or text[k + 1] != "=")
            and (k == 0 or text[k - 1] not in "=<>!")
        ):
            return k
    return -1


def _parse_type(text: str, source: str, line: int, col: int) -> tuple[Dimension, str]:
    from ..units.unitspec import parse_unit_spec

    stripped = text.strip()
    lead = col + len(text) - len(text.lstrip())
    if stripped in ("boolean", "bool"):
        return DIMENSIONLESS, "boolean"
    if stripped in ("integer", "int"):
        return DIMENSIONLESS, "integer"
    if not stripped:
        _fail(
            "missing unit after ':';",
            "write e.g. ': volt' or ': 1' for no unit.",
            source,
            line,
            lead,
        )
    try:
        return parse_unit_spec(stripped), "float"
    except EquationSyntaxError as err:
        raise EquationSyntaxError(
            f"line {line}: {err.message}",
            err.hint,
            source=source,
            line=line,
            col=lead + (err.col or 0),
        ) from None


def _parse_line(text: str, line: int, source: str) -> SingleEquation:
    colon = _find_unit_colon(text)
    if colon < 0:
        _fail(
            "missing unit.",
            "Every equation ends with ': <unit>', e.g. 'dv/dt = (E_L - v)/tau : volt'.",
            source,
            line,
            len(text.rstrip()),
        )
    definition, typepart = text[:colon], text[colon + 1 :]
    flags: tuple = ()
    m = _FLAGS.search(typepart)
    if m:
        flags = tuple(f.strip() for f in m.group("flags").split(",") if f.strip())
        typepart = typepart[: m.start()]
    unit_text = typepart.strip()
    dim, dtype = _parse_type(typepart, source, line, colon + 1)

    eq = _find_equals(definition)
    lhs = definition if eq < 0 else definition[:eq]
    if eq < 0:
        kind, expr = PARAMETER, None
        m = _NAME.match(lhs)
    else:
        m = _DIFF_LHS.match(lhs)
        kind = DIFFERENTIAL if m else SUBEXPRESSION
        if not m:
            m = _NAME.match(lhs)
        rhs = definition[eq + 1 :]
        expr = parse_expression(rhs, line=line, col_shift=eq + 1, source=source)
    if not m:
        _fail(
            f"'{lhs.strip()}' cannot be defined;",
            "the left-hand side is 'dx/dt' (a differential equation), or a single name "
            "(a subexpression or parameter).",
            source,
            line,
            len(lhs) - len(lhs.lstrip()),
        )
    name = m.group("name")
    col = lhs.index(name)
    check_identifier(name, source=source, line=line, col=col)
    if name in RESERVED_NAMES or name.startswith("xi_"):
        _fail(
            f"'{name}' has a special meaning in equations and cannot be used as a variable name;",
            f"call it '{name}_var' or something more descriptive.",
            source,
            line,
            col,
        )
    allowed = KNOWN_FLAGS[kind]
    for flag in flags:
        if flag not in allowed:
            close = difflib.get_close_matches(flag, sum(KNOWN_FLAGS.values(), ()), n=1)
            hint = f"Did you mean '{close[0]}'?" if close else None
            _fail(
                f"a {kind} cannot have the flag '{flag}'; allowed: "
                + ", ".join(f"'{a}'" for a in allowed)
                + ".",
                hint,
                source,
                line,
                text.index(flag),
            )
    return SingleEquation(kind, name, expr, dim, dtype, flags, line, unit_text)


def _logical_lines(eqs: str):
    """Yield ``(first line number, text)`` for each equation of ``eqs``.

    Comments are dropped.  An equation may continue on the next line when its
    parentheses are still open or the line ends with an operator, as in::

        dv/dt = (g_L*(E_L - v) + g_e*(E_e - v)
                 + g_i*(E_i - v))/C : volt
    """
    pending, start = "", 0
    for number, raw in enumerate(eqs.split("\n"), start=1):
        text = raw.split("#", 1)[0]
        if not text.strip() and not pending:
            continue
        if not pending:
            start = number
        pending = f"{pending} {text.strip()}" if pending else text
        depth = pending.count("(") - pending.count(")")
        if depth > 0 or pending.rstrip().endswith(("+", "-", "*", "/", "(", ",", "=", ":")):
            continue
        yield start, pending
        pending = ""
    if pending.strip():
        yield start, pending


class Equations(Mapping):
    """The equations of a model, parsed from a string.

    Parameters
    ----------
    eqs : str or Equations
        The model, one equation per line.
    **substitutions
        Rename variables (``tau='tau_m'``) or give a name a fixed value
        (``tau=10*ms``) for this set of equations.

    Examples
    --------
    >>> eqs = Equations('''dv/dt = (E_L - v)/tau : volt
    ...                    I_ext : amp''')
    >>> list(eqs)
    ['v', 'I_ext']
    >>> eqs['v'].kind
    'differential equation'
    """

    def __init__(self, eqs: str | Equations = "", **substitutions) -> None:
        if isinstance(eqs, Equations):
            self._equations = dict(eqs._equations)
            self.namespace = dict(eqs.namespace)
            self.source = eqs.source
        elif isinstance(eqs, str):
            self.source = eqs
            self._equations = {}
            self.namespace = {}
            for number, text in _logical_lines(eqs):
                try:
                    single = _parse_line(text, number, eqs)
                except EquationSyntaxError as err:
                    raise at_line(err, number) from None
                self._add(single, eqs)
        else:
            raise TypeError(
                "equations must be given as a string (e.g. 'dv/dt = -v/tau : volt'), "
                f"not {type(eqs).__name__}"
            )
        if substitutions:
            self._substitute(substitutions)

    def _add(self, single: SingleEquation, source: str) -> None:
        old = self._equations.get(single.name)
        if old is not None:
            raise EquationSyntaxError(
                f"line {single.line}: duplicate definition of '{single.name}' "
                f"(first defined on line {old.line}).",
                "Define each variable once; rename one of them.",
                source=source,
                line=single.line,
                col=None,
            )
        self._equations[single.name] = single

    def _substitute(self, substitutions: dict) -> None:
        renames = {}
        for old, new in substitutions.items():
            if old not in self.names_used():
                raise KeyError(f"cannot substitute '{old}': it does not appear in the equations")
            if isinstance(new, str):
                check_identifier(new)
                renames[old] = new
            else:
                self.namespace[old] = new
        if not renames:
            return
        mapping = {old: Name(new) for old, new in renames.items()}
        updated = {}
        for eq in self._equations.values():
            name = renames.get(eq.name, eq.name)
            expr = None if eq.expr is None else substitute(eq.expr, mapping)
            updated[name] = SingleEquation(
                eq.kind, name, expr, eq.dim, eq.dtype, eq.flags, eq.line, eq.unit_text
            )
        self._equations = updated

    def names_used(self) -> set[str]:
        """All names defined or read by these equations."""
        used = set(self._equations)
        for eq in self._equations.values():
            if eq.expr is not None:
                used |= names_in(eq.expr)
        return used

    # Mapping interface: name -> SingleEquation, in the order written
    def __getitem__(self, name: str) -> SingleEquation:
        return self._equations[name]

    def __iter__(self):
        return iter(self._equations)

    def __len__(self) -> int:
        return len(self._equations)

    def __add__(self, other: str | Equations) -> Equations:
        other = other if isinstance(other, Equations) else Equations(other)
        combined = Equations(self)
        for eq in other._equations.values():
            combined._add(eq, f"{self.source}\n{other.source}")
        combined.namespace.update(other.namespace)
        combined.source = f"{self.source}\n{other.source}"
        return combined

    def __radd__(self, other: str) -> Equations:
        return Equations(other) + self

    def of_kind(self, kind: str) -> list[SingleEquation]:
        """The equations of one kind, in the order written."""
        return [eq for eq in self._equations.values() if eq.kind == kind]

    @property
    def diff_eq_names(self) -> list[str]:
        """Names of the variables defined by differential equations."""
        return [eq.name for eq in self.of_kind(DIFFERENTIAL)]

    @property
    def is_stochastic(self) -> bool:
        """True when a right-hand side contains ``xi`` noise."""
        return any(
            n == "xi" or n.startswith("xi_")
            for eq in self._equations.values()
            if eq.expr is not None
            for n in names_in(eq.expr)
        )

    def __str__(self) -> str:
        return "\n".join(str(eq) for eq in self._equations.values())

    def __repr__(self) -> str:
        return f"Equations({str(self)!r})"

    def _repr_latex_(self) -> str:
        from ..parsing.sympytools import to_latex

        rows = []
        for eq in self._equations.values():
            unit = eq.unit_text if eq.unit_text not in ("1", "") else "1"
            name = _latex_name(eq.name)
            if eq.kind == DIFFERENTIAL:
                lhs = rf"\frac{{\mathrm{{d}}{name}}}{{\mathrm{{d}}t}}"
            else:
                lhs = name
            rhs = "" if eq.expr is None else " &= " + to_latex(eq.expr)
            flags = rf" \quad \text{{({', '.join(eq.flags)})}}" if eq.flags else ""
            rows.append(
                f"{lhs}{rhs if rhs else ' &'} && \\left[{unit.replace('**', '^')}\\right]{flags}"
            )
        return "$$\\begin{aligned}" + r"\\ ".join(rows) + "\\end{aligned}$$"


def _latex_name(name: str) -> str:
    base, _, sub = name.partition("_")
    return f"{base}_{{{sub}}}" if sub else base
