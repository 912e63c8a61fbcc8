"""Turning IR expressions back into text, with as few parentheses as needed.

One renderer serves two readers: learners (error messages, ``str()`` of
equations) and the code generator, which passes its own ``name`` and ``call``
hooks to map variables to array elements and functions to implementations.
"""

from __future__ import annotations

from collections.abc import Callable

from .ir import BinOp, BoolOp, Call, Compare, Expr, Name, Num, UnaryOp

__all__ = ["format_expr", "format_number"]

# Python's binding strength, weakest first.
_PRECEDENCE = {
    "or": 1,
    "and": 2,
    "not": 3,
    "compare": 4,
    "+": 6,
    "-": 6,
    "*": 7,
    "/": 7,
    "//": 7,
    "%": 7,
    "unary": 8,
    "**": 9,
    "atom": 10,
}


def format_number(value: float | int | bool) -> str:
    """A literal as Python source that reads back to the identical value."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    if text in ("inf", "-inf", "nan"):
        return {"inf": "_inf", "-inf": "(-_inf)", "nan": "_nan"}[text]
    return text


def _prec(node: Expr) -> int:
    if isinstance(node, BinOp):
        return _PRECEDENCE[node.op]
    if isinstance(node, UnaryOp):
        return _PRECEDENCE["not"] if node.op == "not" else _PRECEDENCE["unary"]
    if isinstance(node, Compare):
        return _PRECEDENCE["compare"]
    if isinstance(node, BoolOp):
        return _PRECEDENCE[node.op]
    if isinstance(node, Num) and (
        not isinstance(node.value, bool) and node.value < 0 or isinstance(node.value, float)
    ):
        # negative literals and exponents like 1e-3 must be wrapped under '**'
        return _PRECEDENCE["unary"] if node.value < 0 else _PRECEDENCE["atom"]
    return _PRECEDENCE["atom"]


def format_expr(
    node: Expr,
    name: Callable[[str], str] | None = None,
    call: Callable[[str, list[str]], str] | None = None,
    number: Callable[[float | int | bool], str] = format_number,
) -> str:
    """Render ``node`` as Python-syntax text.

    Parameters
    ----------
    node : Expr
        The expression.
    name : callable, optional
        Maps a variable name to its text (default: unchanged).
    call : callable, optional
        Maps a function name and its rendered arguments to text
        (default: ``f(a, b)``).
    number : callable, optional
        Renders a literal.

    Examples
    --------
    >>> from brianlab.parsing.ir import BinOp, Name, Num
    >>> format_expr(BinOp('*', BinOp('-', Name('E_L'), Name('v')), Num(2)))
    '(E_L - v)*2'
    """

    def rec(n: Expr) -> str:
        if isinstance(n, Num):
            return number(n.value)
        if isinstance(n, Name):
            return name(n.id) if name else n.id
        if isinstance(n, Call):
            args = [rec(a) for a in n.args]
            return call(n.func, args) if call else f"{n.func}({', '.join(args)})"
        if isinstance(n, UnaryOp):
            inner = wrap(n.operand, _prec(n) - (0 if n.op == "not" else 1))
            return f"not {inner}" if n.op == "not" else f"{n.op}{inner}"
        if isinstance(n, BoolOp):
            p = _prec(n)
            return f" {n.op} ".join(wrap(v, p) for v in n.values)
        if isinstance(n, Compare):
            p = _prec(n)
            return f"{wrap(n.left, p)} {n.op} {wrap(n.right, p)}"
        if isinstance(n, BinOp):
            p = _prec(n)
            if n.op == "**":  # right-associative
                return f"{wrap(n.left, p)}**{wrap(n.right, p - 1)}"
            sep = f" {n.op} " if n.op in ("+", "-") else n.op
            return f"{wrap(n.left, p - 1)}{sep}{wrap(n.right, p)}"
        raise TypeError(f"not an IR expression: {n!r}")

    def wrap(n: Expr, parent: int) -> str:
        text = rec(n)
        return f"({text})" if _prec(n) <= parent else text

    return rec(node)
