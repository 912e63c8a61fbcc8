"""Exact integration of one linear equation without sympy.

Most models of the neurons lecture are a single linear equation,
``dv/dt = A + B*v`` with ``A`` and ``B`` free of ``v`` (the leaky
integrate-and-fire neuron).  Its exact step is
``v_new = v*exp(B*dt) + A*dt*exprel(B*dt)``, which this module finds by walking the
IR directly.  It saves importing sympy and solving symbolically (half a second
on a cold notebook kernel); anything it cannot decide is left to the general
``exact`` method in :mod:`brianlab.codegen.integrators`.
"""

from __future__ import annotations

from ..parsing.ir import Assign, BinOp, Call, Expr, Name, Num, UnaryOp, names_in, walk

__all__ = ["split_linear", "exact_single_linear"]


def _add(a: Expr | None, b: Expr | None, op: str = "+") -> Expr | None:
    if b is None:
        return a
    if a is None:
        return b if op == "+" else UnaryOp("-", b)
    return BinOp(op, a, b)


def _mul(a: Expr | None, b: Expr, op: str = "*") -> Expr | None:
    if a is None:
        return None
    if op == "*" and isinstance(b, Num) and b.value == 1:
        return a
    return BinOp(op, a, b)


def split_linear(expr: Expr, var: str) -> tuple[Expr | None, Expr | None] | None:
    """``(A, B)`` with ``expr == A + B*var`` and both free of ``var`` (None = 0).

    Returns None when ``expr`` is not of that form (or not obviously so).
    """
    if isinstance(expr, Name):
        return (None, Num(1)) if expr.id == var else (expr, None)
    if isinstance(expr, Num):
        return expr, None
    if var not in names_in(expr):
        return expr, None
    if isinstance(expr, UnaryOp) and expr.op in "+-":
        inner = split_linear(expr.operand, var)
        if inner is None:
            return None
        if expr.op == "+":
            return inner
        a, b = inner
        return (None if a is None else UnaryOp("-", a), None if b is None else UnaryOp("-", b))
    if isinstance(expr, BinOp):
        left, right = split_linear(expr.left, var), split_linear(expr.right, var)
        if left is None or right is None:
            return None
        (a1, b1), (a2, b2) = left, right
        if expr.op in "+-":
            return _add(a1, a2, expr.op), _add(b1, b2, expr.op)
        if expr.op == "*":
            if b1 is not None and b2 is not None:
                return None
            if b1 is None:  # constant * (a2 + b2*v)
                factor = a1 if a1 is not None else Num(0)
                return (
                    None if a2 is None else BinOp("*", factor, a2),
                    None if b2 is None else BinOp("*", factor, b2),
                )
            factor = a2 if a2 is not None else Num(0)
            return (None if a1 is None else BinOp("*", a1, factor), BinOp("*", b1, factor))
        if expr.op == "/" and b2 is None and a2 is not None:
            return _mul(a1, a2, "/"), _mul(b1, a2, "/")
    return None


def exact_single_linear(var: str, rhs: Expr) -> list[Assign] | None:
    """The exact update of ``dvar/dt = rhs`` if it is linear with constant
    coefficients over a step, else None.

    ``t`` may appear only inside function calls (e.g. a TimedArray), which are
    constant over one step, as for Brian 2's ``exact``.
    """
    if any(n.startswith("xi") for n in names_in(rhs)):
        return None
    parts = split_linear(rhs, var)
    if parts is None:
        return None
    a, b = parts
    for node in (a, b):
        if node is not None and any(
            isinstance(n, Name) and n.id == "t" and not _inside_call(node, n) for n in walk(node)
        ):
            return None
        if node is not None and any(
            isinstance(n, Call) and n.func in ("rand", "randn") for n in walk(node)
        ):
            return None
    new = f"_{var}_new"
    dt = Name("dt")
    if b is None:
        value = BinOp("+", Name(var), BinOp("*", dt, a if a is not None else Num(0)))
        return [Assign(new, "=", value), Assign(var, "=", Name(new))]
    if a is None:
        value = BinOp("*", Name(var), Call("exp", (BinOp("*", b, dt),)))
        return [Assign(new, "=", value), Assign(var, "=", Name(new))]
    # v*exp(B*dt) + A*dt*exprel(B*dt): the same as -A/B + (v + A/B)*exp(B*dt),
    # but finite when B is 0 at run time (e.g. a leak conductance set to 0)
    step = BinOp("*", b, dt)
    value = BinOp(
        "+",
        BinOp("*", Name(var), Call("exp", (step,))),
        BinOp("*", BinOp("*", a, dt), Call("exprel", (step,))),
    )
    return [Assign(new, "=", value), Assign(var, "=", Name(new))]


def _inside_call(root: Expr, target: Expr) -> bool:
    """Whether ``target`` (a node of ``root``) sits inside a call of a function
    that is constant over a step (a TimedArray; not ``sin`` or ``exp``)."""
    from ..parsing.functions import DEFAULT_FUNCTIONS

    for node in walk(root):
        if (
            isinstance(node, Call)
            and node.func not in DEFAULT_FUNCTIONS
            and any(n is target for a in node.args for n in walk(a))
        ):
            return True
    return False
