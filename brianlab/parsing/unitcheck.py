"""Dimension inference on IR expressions, with errors worded for learners.

:func:`infer` walks an expression bottom-up and returns its physical
dimension and its kind (float, integer or boolean).  Names are looked up
through a ``resolve`` callable supplied by the caller (a group knows its
variables, its namespace and the units), so the same checker serves
equations, thresholds, resets, conditions and the equation editor.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import EquationSyntaxError, UnitMismatchError
from ..units.dimensions import DIMENSIONLESS, Dimension
from .functions import ModelFunction
from .ir import BinOp, BoolOp, Call, Compare, Expr, Name, Num, UnaryOp
from .locations import at_line
from .printing import format_expr

__all__ = [
    "Symbol",
    "infer",
    "constant_value",
    "mismatch_hint",
    "example_unit",
    "did_you_mean",
]


@dataclass(frozen=True)
class Symbol:
    """What a name in a model string stands for.

    Attributes
    ----------
    dim : Dimension
        Its physical dimension.
    kind : str
        ``'float'``, ``'integer'`` or ``'boolean'``.
    function : ModelFunction or None
        Set when the name is a function (then ``dim`` is unused).
    role : str
        ``'variable'``, ``'parameter'``, ``'subexpression'``, ``'constant'``
        (external or unit), ``'function'`` or ``'special'``, for messages.
    """

    dim: Dimension = DIMENSIONLESS
    kind: str = "float"
    function: ModelFunction | None = None
    role: str = "variable"


def _fmt(dim: Dimension) -> str:
    from ..units.formatting import format_dimension

    return format_dimension(dim)


def constant_value(
    node: Expr, value_of: Callable[[str], float | None] | None = None
) -> float | None:
    """The value of an expression of literals (and of names ``value_of`` knows), else None.

    ``value_of(name)`` gives a name's value in SI units, or None when it is not fixed.
    """
    if isinstance(node, Num):
        return float(node.value)
    if isinstance(node, Name):
        value = None if value_of is None else value_of(node.id)
        return None if value is None else float(value)
    if isinstance(node, UnaryOp) and node.op in "+-":
        v = constant_value(node.operand, value_of)
        return None if v is None else (-v if node.op == "-" else v)
    if isinstance(node, BinOp):
        a, b = constant_value(node.left, value_of), constant_value(node.right, value_of)
        if a is None or b is None:
            return None
        operations = {
            "+": lambda: a + b,
            "-": lambda: a - b,
            "*": lambda: a * b,
            "/": lambda: a / b if b else None,
            "**": lambda: a**b if a > 0 or b.is_integer() else None,
        }
        if node.op not in operations:
            return None
        try:
            return operations[node.op]()
        except (OverflowError, ZeroDivisionError):
            return None
    return None


def mismatch_hint(have: Dimension, want: Dimension) -> str | None:
    """A fix for an expression in ``have`` where ``want`` was expected."""
    from ..units.formatting import format_dimension

    ratio = want / have
    names = {
        (0, 0, -1, 0, 0, 0, 0): "Did you forget to divide by a time constant (e.g. '/tau')?",
        (0, 0, 1, 0, 0, 0, 0): "Did you forget to multiply by a time constant (e.g. '*tau')?",
        (2, 1, -3, -2, 0, 0, 0): "Multiply by a resistance, e.g. 'R*I'.",
        (-2, -1, 3, 2, 0, 0, 0): "Multiply by a conductance, e.g. 'g*(E - v)'.",
        (-2, -1, 4, 2, 0, 0, 0): "Multiply by a capacitance, e.g. 'C*...'.",
        (2, 1, -4, -2, 0, 0, 0): "Divide by a capacitance, e.g. '/C'.",
        (0, 0, -0.5, 0, 0, 0, 0): (
            "Noise 'xi' has units of 1/sqrt(second); scale it, e.g. 'sigma*sqrt(2/tau)*xi'."
        ),
    }
    hint = names.get(ratio.exponents)
    if hint:
        return hint
    if have.is_dimensionless and not want.is_dimensionless:
        return f"Give the number units, e.g. '*{example_unit(want) or format_dimension(want)}'."
    return None


def example_unit(dim: Dimension) -> str | None:
    """The unit a course would write a value of ``dim`` in (``'mV'`` for volt), or None."""
    examples = {
        (2, 1, -3, -1, 0, 0, 0): "mV",
        (0, 0, 1, 0, 0, 0, 0): "ms",
        (0, 0, 0, 1, 0, 0, 0): "nA",
        (-2, -1, 3, 2, 0, 0, 0): "nS",
        (-2, -1, 4, 2, 0, 0, 0): "pF",
        (0, 0, -1, 0, 0, 0, 0): "Hz",
        (2, 1, -3, -2, 0, 0, 0): "Mohm",
    }
    return examples.get(dim.exponents)


def infer(
    expr: Expr,
    resolve: Callable[[str, Expr], Symbol],
    *,
    source: str | None = None,
    line: int | None = None,
) -> tuple[Dimension, str]:
    """Infer the dimension and kind of ``expr``.

    Parameters
    ----------
    expr : Expr
        The expression.
    resolve : callable
        ``resolve(name, node) -> Symbol``; raises
        :class:`~brianlab.errors.UnknownIdentifierError` for unknown names.
    source, line
        The user's string and line, attached to errors.

    Returns
    -------
    (Dimension, str)
        The dimension and the kind (``'float'``, ``'integer'``, ``'boolean'``).

    Raises
    ------
    UnitMismatchError
        When units do not fit together.
    EquationSyntaxError
        When a function is misused (wrong number of arguments, a variable
        called like a function, a function used like a variable).
    """

    def where(node: Expr, err):
        if err.source is None:
            err.source, err.line = source, line
        if err.col is None:
            err.col = getattr(node, "col", None)
        return at_line(err, err.line)

    def text(node: Expr) -> str:
        return format_expr(node)

    def rec(node: Expr) -> tuple[Dimension, str]:
        if isinstance(node, Num):
            kind = (
                "boolean"
                if isinstance(node.value, bool)
                else "integer"
                if isinstance(node.value, int)
                else "float"
            )
            return DIMENSIONLESS, kind
        if isinstance(node, Name):
            sym = resolve(node.id, node)
            if sym.function is not None:
                usage = f"{node.id}()" if sym.function.n_args == (0,) else f"{node.id}(x)"
                raise where(
                    node,
                    EquationSyntaxError(
                        f"'{node.id}' was used like a variable, but it is a function;",
                        f"write '{usage}'.",
                    ),
                )
            return sym.dim, sym.kind
        if isinstance(node, UnaryOp):
            dim, kind = rec(node.operand)
            if node.op == "not":
                return DIMENSIONLESS, "boolean"
            refuse_condition(node.operand)
            return dim, ("integer" if kind == "boolean" else kind)
        if isinstance(node, BoolOp):
            for v in node.values:
                dim, kind = rec(v)
                if kind != "boolean" and dim.is_dimensionless:
                    raise where(
                        v,
                        EquationSyntaxError(
                            f"'{node.op}' needs conditions, but '{text(v)}' is a number.",
                            f"Compare it with something, e.g. '{text(v)} > 0'.",
                        ),
                    )
                if not dim.is_dimensionless:
                    raise where(
                        v,
                        UnitMismatchError(
                            f"'{node.op}' needs conditions, but '{text(v)}' is in {_fmt(dim)}.",
                            "Compare it with something, e.g. 'v > -50*mV'.",
                            dim,
                        ),
                    )
            return DIMENSIONLESS, "boolean"
        if isinstance(node, Compare):
            (dl, _), (dr, _) = rec(node.left), rec(node.right)
            if dl != dr:
                raise where(node, _compare_error(node, dl, dr))
            return DIMENSIONLESS, "boolean"
        if isinstance(node, BinOp):
            return binop(node)
        if isinstance(node, Call):
            return call(node)
        raise TypeError(f"not an IR expression: {node!r}")

    def refuse_condition(node: Expr) -> None:
        """Conditions are not numbers: ``(v > 0)/tau`` must say ``int(v > 0)/tau``."""
        if is_condition(node):
            raise where(
                node,
                EquationSyntaxError(
                    f"'{text(node)}' is a condition (true or false), not a number;",
                    f"write 'int({text(node)})' to use it as 0 or 1.",
                ),
            )

    def binop(node: BinOp) -> tuple[Dimension, str]:
        (dl, kl), (dr, kr) = rec(node.left), rec(node.right)
        refuse_condition(node.left)
        refuse_condition(node.right)
        kind = "integer" if {kl, kr} <= {"integer", "boolean"} else "float"
        if node.op in ("+", "-", "%", "//"):
            if dl != dr:
                raise where(node, _sum_error(node, dl, dr))
            return dl, kind
        if node.op == "*":
            return dl * dr, kind
        if node.op == "/":
            return dl / dr, "float"
        # power
        if not dr.is_dimensionless:
            raise where(
                node.right,
                UnitMismatchError(
                    f"the exponent in '{text(node)}' must be dimensionless; "
                    f"'{text(node.right)}' is in {_fmt(dr)}.",
                    "Divide the exponent by a unit, e.g. 'x**(t/second)'.",
                    dr,
                ),
            )
        if dl.is_dimensionless:
            return dl, kind
        value = constant_value(node.right)
        if value is None:
            raise where(
                node.right,
                UnitMismatchError(
                    f"'{text(node.left)}' has units ({_fmt(dl)}), so its exponent must be a "
                    f"plain number, not '{text(node.right)}'.",
                    "Write a number as the exponent, e.g. 'tau**-0.5'.",
                    dl,
                ),
            )
        return dl**value, "float"

    def call(node: Call) -> tuple[Dimension, str]:
        sym = resolve(node.func, node)
        func = sym.function
        if func is None:
            hint = None
            if len(node.args) == 1:
                hint = f"Did you mean '{node.func}*({text(node.args[0])})'?"
            raise where(
                node,
                EquationSyntaxError(
                    f"'{node.func}({', '.join(text(a) for a in node.args)})': '{node.func}' "
                    f"is a {sym.role}, not a function.",
                    hint,
                ),
            )
        if len(node.args) not in func.n_args:
            want = " or ".join(str(n) for n in func.n_args)
            s = "" if func.n_args == (1,) else "s"
            raise where(
                node,
                EquationSyntaxError(
                    f"{func.name}() takes {want} argument{s}, got {len(node.args)}.", None
                ),
            )
        dims = [rec(a)[0] for a in node.args]
        if func.name != "int":
            for arg in node.args:
                refuse_condition(arg)
        try:
            dim = func.result(dims, [text(a) for a in node.args])
        except UnitMismatchError as err:
            raise where(node, err) from None
        return dim, func.kind

    return rec(expr)


def is_condition(node: Expr) -> bool:
    """Whether ``node`` is written as a condition (a comparison, ``and``/``or``/``not``,
    True or False) rather than as a number."""
    return (
        isinstance(node, (Compare, BoolOp))
        or isinstance(node, UnaryOp)
        and node.op == "not"
        or isinstance(node, Num)
        and isinstance(node.value, bool)
    )


def _sum_error(node: BinOp, dl: Dimension, dr: Dimension) -> UnitMismatchError:
    word = {"+": "adds", "-": "subtracts", "%": "takes the remainder of", "//": "divides"}
    left, right = format_expr(node.left), format_expr(node.right)
    hint = mismatch_hint(dr, dl) or mismatch_hint(dl, dr)
    if (dl.is_dimensionless or dr.is_dimensionless) and (
        constant_value(node.left) == 0 or constant_value(node.right) == 0
    ):
        unit = example_unit(dr if dl.is_dimensionless else dl)
        hint = f"Even zero needs units here: write '0*{unit or 'unit'}'."
    return UnitMismatchError(
        f"Expression '{format_expr(node)}' {word[node.op]} quantities with different units "
        f"('{left}' is in {_fmt(dl)}; '{right}' is in {_fmt(dr)}).",
        hint,
        dl,
        dr,
    )


def _compare_error(node: Compare, dl: Dimension, dr: Dimension) -> UnitMismatchError:
    left, right = format_expr(node.left), format_expr(node.right)
    unit = example_unit(dr if dl.is_dimensionless else dl)
    if dl.is_dimensionless or dr.is_dimensionless:
        plain_node, dim = (node.left, dr) if dl.is_dimensionless else (node.right, dl)
        plain = format_expr(plain_node)
        hint = f"Give '{plain}' units, e.g. '{plain}*{unit}'." if unit else None
        if isinstance(plain_node, Name):
            hint = (
                f"If '{plain}' is a model variable, declare it as '{plain} : {_fmt(dim)}'; "
                "otherwise compare it with a plain number."
            )
        if constant_value(node.left) == 0 or constant_value(node.right) == 0:
            hint = f"Even zero needs units here: write '0*{unit or 'unit'}'."
    else:
        hint = None
    return UnitMismatchError(
        f"Comparison '{format_expr(node)}' compares different units: '{left}' is "
        f"{'dimensionless' if dl.is_dimensionless else 'in ' + _fmt(dl)} but '{right}' is "
        f"{'dimensionless' if dr.is_dimensionless else 'in ' + _fmt(dr)}.",
        hint,
        dl,
        dr,
    )


def did_you_mean(name: str, candidates) -> str | None:
    """A ``Did you mean 'x'?`` sentence, or None.

    The closest spelling wins; failing that, the one candidate that differs
    only in its subscript (``E_rest`` for ``E_L``) or, for names of one or two
    letters, in one letter (``u`` for ``v``).
    """
    candidates = sorted(set(candidates) - {name})
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    if not close:
        close = [c for c in candidates if _variant_of(name, c)]
    return f"Did you mean '{close[0]}'?" if len(close) == 1 else None


def _variant_of(name: str, other: str) -> bool:
    """Same stem with another subscript, or a short name with one letter changed."""
    if "_" in name and "_" in other:
        return name.split("_", 1)[0] == other.split("_", 1)[0]
    if len(name) == len(other) <= 2:
        return sum(a != b for a, b in zip(name, other)) == 1
    return False
