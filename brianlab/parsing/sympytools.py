"""The bridge between brianlab's IR and sympy, and LaTeX for the equation editor.

Sympy objects are only ever built from IR nodes (never from strings), and
come back as IR nodes.  Names become real ``Symbol`` objects of the same
name.  Functions sympy knows (``exp``, ``sin``, ``abs`` …) become sympy's own,
so that sympy can differentiate and simplify them; every other function
(``clip``, ``exprel``, ``int``, ``rand``, a ``TimedArray`` …) becomes an
*opaque* sympy ``Function`` that sympy carries around untouched.  Each call
of a random function (``rand()``, ``randn()``) gets an occurrence number as a
hidden argument, so that two draws never merge into one (``rand() + rand()``
is not ``2*rand()``); the number is dropped on the way back.
"""

from __future__ import annotations

import itertools
import math

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

from .ir import BinOp, BoolOp, Call, Compare, Expr, Name, Num, UnaryOp

__all__ = [
    "to_sympy",
    "from_sympy",
    "to_latex",
    "symbol",
    "call_function",
    "ir_function_name",
    "RANDOM_FUNCTIONS",
]

#: IR functions that map to sympy's own functions.
_KNOWN = {
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "sin": sympy.sin,
    "cos": sympy.cos,
    "tan": sympy.tan,
    "sinh": sympy.sinh,
    "cosh": sympy.cosh,
    "tanh": sympy.tanh,
    "arcsin": sympy.asin,
    "arccos": sympy.acos,
    "arctan": sympy.atan,
    "abs": sympy.Abs,
    "sign": sympy.sign,
    "floor": sympy.floor,
    "ceil": sympy.ceiling,
}
_KNOWN_BACK = {f: name for name, f in _KNOWN.items() if name != "sqrt"}

#: IR function names whose sympy name differs (``int`` reads badly in sympy).
_OPAQUE_RENAMED = {"int": "int_"}
_OPAQUE_BACK = {v: k for k, v in _OPAQUE_RENAMED.items()}

#: Functions drawing a new random number at each call.
RANDOM_FUNCTIONS = frozenset({"rand", "randn"})

_occurrence = itertools.count()

_RELATIONS = {
    "<": sympy.Lt,
    "<=": sympy.Le,
    ">": sympy.Gt,
    ">=": sympy.Ge,
    "==": sympy.Eq,
    "!=": sympy.Ne,
}
_RELATIONS_BACK = {
    sympy.StrictLessThan: "<",
    sympy.LessThan: "<=",
    sympy.StrictGreaterThan: ">",
    sympy.GreaterThan: ">=",
    sympy.Equality: "==",
    sympy.Unequality: "!=",
}


def symbol(name: str) -> sympy.Symbol:
    """The sympy symbol standing for the IR name ``name``."""
    return sympy.Symbol(name, real=True)


def ir_function_name(applied: AppliedUndef) -> str:
    """The IR name of the function in an opaque sympy call (``int_(x)`` -> ``'int'``)."""
    name = applied.func.__name__
    return _OPAQUE_BACK.get(name, name)


def _number(value: float | int | bool) -> sympy.Basic:
    if isinstance(value, bool):
        return sympy.true if value else sympy.false
    if isinstance(value, int):
        return sympy.Integer(value)
    if math.isnan(value):
        return sympy.nan
    if math.isinf(value):
        return sympy.oo if value > 0 else -sympy.oo
    return sympy.Float(value)


def call_function(name: str, *args: sympy.Basic) -> sympy.Basic:
    """The sympy form of calling the IR function ``name`` on sympy arguments.

    Examples
    --------
    >>> call_function('exprel', symbol('x'))
    exprel(x)
    """
    if name in _KNOWN:
        return _KNOWN[name](*args)
    if name in RANDOM_FUNCTIONS:
        args = [*args, sympy.Integer(next(_occurrence))]
    return sympy.Function(_OPAQUE_RENAMED.get(name, name))(*args)


def to_sympy(expr: Expr) -> sympy.Basic:
    """Build the sympy expression for an IR expression.

    Parameters
    ----------
    expr : Expr
        An IR expression (see :mod:`brianlab.parsing.ir`).

    Returns
    -------
    sympy.Basic
        The equivalent sympy object; comparisons and boolean operators become
        sympy relationals and ``And``/``Or``/``Not``.

    Examples
    --------
    >>> from brianlab.parsing.ir import BinOp, Name
    >>> to_sympy(BinOp('/', BinOp('-', Name('E_L'), Name('v')), Name('tau')))
    (E_L - v)/tau
    """
    if isinstance(expr, Num):
        return _number(expr.value)
    if isinstance(expr, Name):
        return symbol(expr.id)
    if isinstance(expr, UnaryOp):
        operand = to_sympy(expr.operand)
        return {"-": lambda x: -x, "+": lambda x: x, "not": sympy.Not}[expr.op](operand)
    if isinstance(expr, BinOp):
        a, b = to_sympy(expr.left), to_sympy(expr.right)
        if expr.op == "+":
            return a + b
        if expr.op == "-":
            return a - b
        if expr.op == "*":
            return a * b
        if expr.op == "/":
            return a / b
        if expr.op == "**":
            return a**b
        if expr.op == "%":
            return sympy.Mod(a, b)
        if expr.op == "//":
            return sympy.floor(a / b)
    if isinstance(expr, Compare):
        return _RELATIONS[expr.op](to_sympy(expr.left), to_sympy(expr.right))
    if isinstance(expr, BoolOp):
        combine = sympy.And if expr.op == "and" else sympy.Or
        return combine(*(to_sympy(v) for v in expr.values))
    if isinstance(expr, Call):
        return call_function(expr.func, *(to_sympy(a) for a in expr.args))
    raise TypeError(f"not an IR expression: {expr!r}")


def _neg(node: Expr) -> Expr:
    return UnaryOp("-", node)


def _product(factors: list[Expr]) -> Expr:
    result = factors[0]
    for f in factors[1:]:
        result = BinOp("*", result, f)
    return result


def _power(base: sympy.Basic, exponent: sympy.Basic) -> Expr:
    """``base**exponent`` for a non-negative exponent (negative ones are divisions)."""
    if exponent == 1:
        return from_sympy(base)
    if exponent == sympy.Rational(1, 2) or exponent == sympy.Float(0.5):
        return Call("sqrt", (from_sympy(base),))
    if base == sympy.E:
        return Call("exp", (from_sympy(exponent),))
    return BinOp("**", from_sympy(base), from_sympy(exponent))


def _split_power(factor: sympy.Basic) -> tuple[bool, Expr]:
    """(is it a denominator factor, the IR of its positive power)."""
    if not factor.is_Pow:
        return False, from_sympy(factor)
    if factor.exp.is_Number and factor.exp.is_negative:
        return True, _power(factor.base, -factor.exp)
    return False, _power(factor.base, factor.exp)


def _from_mul(sexpr: sympy.Mul) -> Expr:
    coeff, rest = sexpr.as_coeff_Mul()
    negative = coeff.is_extended_negative
    if negative:
        coeff = -coeff
    numerator: list[Expr] = []
    denominator: list[Expr] = []
    if coeff.is_Rational:
        if coeff.p != 1:
            numerator.append(Num(int(coeff.p)))
        if coeff.q != 1:
            denominator.append(Num(int(coeff.q)))
    elif coeff != 1:
        numerator.append(from_sympy(coeff))
    for factor in sympy.Mul.make_args(rest):
        is_den, node = _split_power(factor)
        (denominator if is_den else numerator).append(node)
    if not numerator:
        numerator.append(Num(1))
    if negative:  # '-x/tau' rather than '-(x/tau)'; negating a factor is exact
        numerator[0] = _neg(numerator[0])
    result = _product(numerator)
    if denominator:
        result = BinOp("/", result, _product(denominator))
    return result


def _from_add(sexpr: sympy.Add) -> Expr:
    terms = sexpr.as_ordered_terms()
    result = from_sympy(terms[0])
    for term in terms[1:]:
        if term.could_extract_minus_sign():
            result = BinOp("-", result, from_sympy(-term))
        else:
            result = BinOp("+", result, from_sympy(term))
    return result


def _from_number(sexpr: sympy.Basic) -> Expr:
    if sexpr.is_Integer:
        value: float | int = int(sexpr)
    elif sexpr is sympy.nan:
        return Num(math.nan)
    elif sexpr.is_infinite:
        value = math.inf if sexpr.is_extended_positive else -math.inf
    else:
        value = float(sexpr)
    return _neg(Num(-value)) if value < 0 else Num(value)


def from_sympy(sexpr: sympy.Basic) -> Expr:
    """Turn a sympy expression back into IR.

    Parameters
    ----------
    sexpr : sympy.Basic
        An expression made of the objects :func:`to_sympy` produces.

    Returns
    -------
    Expr
        The IR expression.  Negative powers are written as divisions, square
        roots as ``sqrt``, integers as ``int`` literals and other rationals as
        divisions (or float literals when standing alone).

    Raises
    ------
    TypeError
        For sympy objects brianlab has no IR for (``Integral``, ``I`` …).

    Examples
    --------
    >>> from brianlab.parsing.printing import format_expr
    >>> format_expr(from_sympy(to_sympy(BinOp('*', Name('v'), BinOp('**', Name('tau'), Num(-1))))))
    'v/tau'
    """
    if sexpr is sympy.true or sexpr is sympy.false:
        return Num(bool(sexpr))
    if isinstance(sexpr, sympy.Symbol):
        return Name(sexpr.name)
    if sexpr.is_Number or isinstance(sexpr, sympy.NumberSymbol):
        return _from_number(sexpr)
    if sexpr.is_Add:
        return _from_add(sexpr)
    if sexpr.is_Mul:
        return _from_mul(sexpr)
    if sexpr.is_Pow:
        is_den, node = _split_power(sexpr)
        return BinOp("/", Num(1), node) if is_den else node
    if isinstance(sexpr, sympy.Mod):
        return BinOp("%", from_sympy(sexpr.args[0]), from_sympy(sexpr.args[1]))
    if isinstance(sexpr, sympy.core.relational.Relational) and type(sexpr) in _RELATIONS_BACK:
        return Compare(_RELATIONS_BACK[type(sexpr)], from_sympy(sexpr.lhs), from_sympy(sexpr.rhs))
    if isinstance(sexpr, (sympy.And, sympy.Or)):
        op = "and" if isinstance(sexpr, sympy.And) else "or"
        return BoolOp(op, tuple(from_sympy(a) for a in sexpr.args))
    if isinstance(sexpr, sympy.Not):
        return UnaryOp("not", from_sympy(sexpr.args[0]))
    if sexpr.func in _KNOWN_BACK:
        return Call(_KNOWN_BACK[sexpr.func], tuple(from_sympy(a) for a in sexpr.args))
    if isinstance(sexpr, AppliedUndef):
        name = ir_function_name(sexpr)
        args = sexpr.args[:-1] if name in RANDOM_FUNCTIONS else sexpr.args
        return Call(name, tuple(from_sympy(a) for a in args))
    raise TypeError(f"brianlab has no expression for the sympy object {sexpr!r}")


class _BrianlabLatexPrinter(LatexPrinter):
    """sympy's LaTeX, with brianlab's opaque functions shown as learners wrote them."""

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedUndef):
            name = ir_function_name(expr)
            args = expr.args[:-1] if name in RANDOM_FUNCTIONS else expr.args
            shown = name.replace("_", r"\_")
            inner = ", ".join(self._print(a) for a in args)
            text = rf"\operatorname{{{shown}}}{{\left({inner}\right)}}"
            return rf"{text}^{{{exp}}}" if exp is not None else text
        return super()._print_Function(expr, exp)


def to_latex(expr: Expr) -> str:
    """LaTeX for an IR expression, as shown in the equation editor.

    Parameters
    ----------
    expr : Expr
        An IR expression.

    Returns
    -------
    str
        LaTeX source (without surrounding ``$``).

    Examples
    --------
    >>> from brianlab.parsing.ir import BinOp, Name
    >>> to_latex(BinOp('/', Name('v'), Name('tau_m')))
    '\\\\frac{v}{\\\\tau_{m}}'
    """
    return _BrianlabLatexPrinter().doprint(to_sympy(expr))
