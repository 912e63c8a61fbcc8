"""Evaluate model right-hand sides numerically, on whole grids at once.

The phase plane needs ``dv/dt`` and ``dw/dt`` at thousands of points.  This
module walks brianlab's IR (never user text) with numpy: every value is an
SI number or array, names are looked up in a dict, and the model functions
map to numpy's.  Random functions have no place in a vector field and are
refused; ``xi`` noise counts as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ...errors import UnsupportedEquationsError
from ...parsing.ir import BinOp, BoolOp, Call, Compare, Expr, Name, Num, UnaryOp
from ...parsing.printing import format_expr

__all__ = ["evaluate", "NUMPY_FUNCTIONS"]


def _exprel(x):
    x = np.asarray(x, dtype=float)
    safe = np.where(x == 0, 1.0, x)
    return np.where(x == 0, 1.0, np.expm1(safe) / safe)


def _timestep(t, dt):
    return np.floor((t + 1e-3 * dt) / dt)


#: Model function name -> numpy implementation (same meaning as in kernels).
NUMPY_FUNCTIONS: dict[str, Callable] = {
    "exp": np.exp,
    "log": np.log,
    "log10": np.log10,
    "sin": np.sin,
    "cos": np.cos,
    "tan": np.tan,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "tanh": np.tanh,
    "arcsin": np.arcsin,
    "arccos": np.arccos,
    "arctan": np.arctan,
    "exprel": _exprel,
    "sqrt": np.sqrt,
    "abs": np.abs,
    "floor": np.floor,
    "ceil": np.ceil,
    "sign": np.sign,
    "clip": lambda x, lo, hi: np.minimum(np.maximum(x, lo), hi),
    "int": np.trunc,
    "timestep": _timestep,
}

_BINARY = {
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.true_divide,
    "**": np.power,
    "%": np.mod,
    "//": np.floor_divide,
}
_COMPARE = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def evaluate(expr: Expr, values: Mapping[str, object]):
    """The value of ``expr`` with names taken from ``values``.

    Parameters
    ----------
    expr : Expr
        An IR expression (subexpressions already substituted).
    values : mapping
        Name -> SI number or numpy array (arrays broadcast together).

    Returns
    -------
    float or numpy.ndarray

    Raises
    ------
    UnsupportedEquationsError
        For random functions or names missing from ``values``.

    Examples
    --------
    >>> from brianlab.parsing.expressions import parse_expression
    >>> float(evaluate(parse_expression('(E - v)/tau'), {'E': 1.0, 'v': 0.5, 'tau': 0.25}))
    2.0
    """
    with np.errstate(all="ignore"):
        return _eval(expr, values)


def _eval(node: Expr, values: Mapping[str, object]):
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        if node.id == "xi" or node.id.startswith("xi_"):
            return 0.0
        try:
            return values[node.id]
        except KeyError:
            raise UnsupportedEquationsError(
                f"'{node.id}' has no value here.",
                "Give it a value in the namespace (or as a slider).",
            ) from None
    if isinstance(node, UnaryOp):
        operand = _eval(node.operand, values)
        if node.op == "-":
            return np.negative(operand)
        if node.op == "not":
            return np.logical_not(operand)
        return operand
    if isinstance(node, BinOp):
        return _BINARY[node.op](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, Compare):
        return _COMPARE[node.op](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, BoolOp):
        combine = np.logical_and if node.op == "and" else np.logical_or
        result = _eval(node.values[0], values)
        for value in node.values[1:]:
            result = combine(result, _eval(value, values))
        return result
    if isinstance(node, Call):
        function = NUMPY_FUNCTIONS.get(node.func)
        if function is None:
            raise UnsupportedEquationsError(
                f"'{format_expr(node)}' cannot be evaluated as a vector field: "
                f"'{node.func}()' is random or not a known function.",
                "Phase planes need deterministic equations; remove the random term.",
            )
        return function(*(_eval(arg, values) for arg in node.args))
    raise TypeError(f"not an IR expression: {node!r}")
