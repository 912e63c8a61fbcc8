"""brianlab's intermediate representation (IR) of expressions and statements.

User strings are parsed (:mod:`brianlab.parsing.expressions`) into these
frozen nodes; everything downstream — unit checking, integration methods,
sympy, code rendering — works on the IR and never on user text.  Nodes are
hashable and compare by value; the position fields (``col``, ``line``) are
left out of comparisons so that equal maths compares equal wherever it was
typed.

Node types
----------
``Num(value)``                 a literal (float, int or bool)
``Name(id)``                   a variable, parameter or constant
``UnaryOp(op, operand)``       ``op`` in ``'-'``, ``'+'``, ``'not'``
``BinOp(op, left, right)``     ``op`` in ``+ - * / ** % //``
``Compare(op, left, right)``   ``op`` in ``< <= > >= == !=``
``BoolOp(op, values)``         ``op`` in ``'and'``, ``'or'``
``Call(func, args)``           ``func`` is a name (str)
``Assign(target, op, value)``  a statement; ``op`` in ``= += -= *= /=``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Num",
    "Name",
    "UnaryOp",
    "BinOp",
    "Compare",
    "BoolOp",
    "Call",
    "Expr",
    "Assign",
    "BINARY_OPS",
    "COMPARE_OPS",
    "walk",
    "names_in",
    "calls_in",
    "substitute",
]

BINARY_OPS = ("+", "-", "*", "/", "**", "%", "//")
COMPARE_OPS = ("<", "<=", ">", ">=", "==", "!=")


@dataclass(frozen=True)
class Num:
    value: float | int | bool
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Name:
    id: str
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class UnaryOp:
    op: str
    operand: Expr
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Expr
    right: Expr
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Compare:
    op: str
    left: Expr
    right: Expr
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class BoolOp:
    op: str
    values: tuple
    col: int | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple
    col: int | None = field(default=None, compare=False, repr=False)


Expr = Union[Num, Name, UnaryOp, BinOp, Compare, BoolOp, Call]


@dataclass(frozen=True)
class Assign:
    """One statement ``target op value`` (``op`` is ``=``, ``+=``, ``-=``, …).

    ``only_if``, when set, is a condition: the assignment happens only where
    it holds (used for ``(unless refractory)`` variables).
    """

    target: str
    op: str
    value: Expr
    line: int | None = field(default=None, compare=False, repr=False)
    only_if: Expr | None = None


def children(node: Expr) -> tuple:
    """The direct sub-expressions of ``node``."""
    if isinstance(node, UnaryOp):
        return (node.operand,)
    if isinstance(node, (BinOp, Compare)):
        return (node.left, node.right)
    if isinstance(node, BoolOp):
        return node.values
    if isinstance(node, Call):
        return node.args
    return ()


def walk(node: Expr):
    """Yield ``node`` and all its sub-expressions, depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def names_in(node: Expr) -> set[str]:
    """The names (not function names) an expression reads."""
    return {n.id for n in walk(node) if isinstance(n, Name)}


def calls_in(node: Expr) -> set[str]:
    """The names of the functions an expression calls."""
    return {n.func for n in walk(node) if isinstance(n, Call)}


def substitute(node: Expr, mapping: dict) -> Expr:
    """Replace ``Name`` nodes by the expressions given in ``mapping``.

    Function names are not touched.  Positions are kept on rebuilt nodes.
    """
    if isinstance(node, Name):
        return mapping.get(node.id, node)
    if isinstance(node, Num):
        return node
    if isinstance(node, UnaryOp):
        return UnaryOp(node.op, substitute(node.operand, mapping), node.col)
    if isinstance(node, BinOp):
        return BinOp(
            node.op, substitute(node.left, mapping), substitute(node.right, mapping), node.col
        )
    if isinstance(node, Compare):
        return Compare(
            node.op, substitute(node.left, mapping), substitute(node.right, mapping), node.col
        )
    if isinstance(node, BoolOp):
        return BoolOp(node.op, tuple(substitute(v, mapping) for v in node.values), node.col)
    if isinstance(node, Call):
        return Call(node.func, tuple(substitute(a, mapping) for a in node.args), node.col)
    raise TypeError(f"not an IR expression: {node!r}")
