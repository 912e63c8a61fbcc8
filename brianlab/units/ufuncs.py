"""What numpy ufuncs, and so Python's operators, do with dimensions.

:func:`apply_ufunc` implements ``Quantity.__array_ufunc__``: it checks the
operands' dimensions against the ufunc's rule (``+`` needs equal units,
``*`` multiplies them, ``exp`` needs none …), runs the ufunc on the plain SI
values, and wraps the result with the dimension the rule gives.  A plain
operand whose values are all zero fits any unit (``v + 0``, ``v > 0``), as
in Brian 2; comparisons also accept infinities.  Ufuncs without a rule run
only on dimensionless operands and raise a clear error otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import UnitMismatchError
from . import quantity as _quantity
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import example_unit_name, format_dimension, short_value
from .messages import dimensionless_argument_error, mismatch_error, mismatch_hint

__all__ = ["apply_ufunc", "check_assignment", "show", "plain_operand_hint"]

_OPERATORS = {
    np.add: "+",
    np.subtract: "-",
    np.multiply: "*",
    np.true_divide: "/",
    np.floor_divide: "//",
    np.remainder: "%",
    np.power: "**",
    np.less: "<",
    np.less_equal: "<=",
    np.greater: ">",
    np.greater_equal: ">=",
    np.equal: "==",
    np.not_equal: "!=",
}
_COMPARISONS = (np.less, np.less_equal, np.greater, np.greater_equal, np.equal, np.not_equal)


def show(x: Any, dim: Dimension) -> str:
    """An operand as quoted in a message: ``5. Mohm``, ``3``, ``[0 1]``."""
    if isinstance(x, _quantity.Quantity):
        return short_value(x.view(np.ndarray), dim)
    if isinstance(x, (np.integer, np.floating)):
        x = x.item()
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return repr(x)
    return short_value(np.asarray(x), dim)


def plain_operand_hint(x: Any, dim: Dimension) -> str:
    """How to give a plain operand ``x`` the unit ``dim``: ``Did you mean 3*mV?``."""
    if np.ndim(x) == 0:
        return mismatch_hint((DIMENSIONLESS, dim), show(x, DIMENSIONLESS))
    return f"Give the plain numbers a unit, e.g. multiply them by {example_unit_name(dim)}."


def _all_zero(x: Any) -> bool:
    return bool(np.all(np.asarray(_quantity.strip(x)) == 0))


def _all_zero_or_infinite(x: Any) -> bool:
    values = np.asarray(_quantity.strip(x))
    return bool(np.all((values == 0) | np.isinf(values)))


@dataclass
class _Call:
    """One ufunc call being checked."""

    ufunc: np.ufunc
    inputs: tuple
    dims: list[Dimension]
    inplace: bool

    def describe(self) -> str:
        shown = [show(x, d) for x, d in zip(self.inputs, self.dims)]
        symbol = _OPERATORS.get(self.ufunc)
        if symbol is not None and len(shown) == 2:
            if self.inplace:
                symbol += "="
            return f"{shown[0]} {symbol} {shown[1]}"
        return f"{self.ufunc.__name__}({', '.join(shown)})"

    def matching(self, fits_any: Callable[[Any], bool] = _all_zero) -> Dimension:
        """The operands' common dimension; plain values accepted by ``fits_any`` fit all."""
        first = self.dims[0]
        if all(d is first for d in self.dims):
            return first
        significant = [
            (x, d)
            for x, d in zip(self.inputs, self.dims)
            if not (d.is_dimensionless and fits_any(x))
        ]
        found = list(dict.fromkeys(d for _, d in significant))
        if len(found) <= 1:
            return found[0] if found else DIMENSIONLESS
        verb = "Cannot perform comparison" if self.ufunc in _COMPARISONS else "Cannot calculate"
        plain = [x for x, d in significant if d.is_dimensionless]
        if plain:
            dimensioned = next(d for d in found if not d.is_dimensionless)
            hint = plain_operand_hint(plain[0], dimensioned)
        else:
            hint = mismatch_hint(found[:2])
        raise mismatch_error(f"{verb} {self.describe()}", found, hint)


# -- rules: each returns the dimensions of the ufunc's outputs ---------------


def _common(call: _Call) -> tuple:
    return (call.matching(),)


def _compare(call: _Call) -> tuple:
    call.matching(_all_zero_or_infinite)
    return (DIMENSIONLESS,)


def _common_to_plain(call: _Call) -> tuple:
    call.matching()
    return (DIMENSIONLESS,)


def _divmod(call: _Call) -> tuple:
    return (DIMENSIONLESS, call.matching())


def _product(call: _Call) -> tuple:
    return (call.dims[0] * call.dims[1],)


def _quotient(call: _Call) -> tuple:
    return (call.dims[0] / call.dims[1],)


def _first(call: _Call) -> tuple:
    return (call.dims[0],) * call.ufunc.nout


def _first_with_plain_second(call: _Call) -> tuple:
    if not call.dims[1].is_dimensionless:
        raise UnitMismatchError(
            f"{call.ufunc.__name__}() needs a dimensionless second argument, but "
            f"{show(call.inputs[1], call.dims[1])} is in {format_dimension(call.dims[1])}.",
            None,
            call.dims[1],
        )
    return (call.dims[0],)


def _power_rule(exponent: float) -> Callable[[_Call], tuple]:
    return lambda call: (call.dims[0] ** exponent,)


def _power(call: _Call) -> tuple:
    base, exponent = call.dims
    if not exponent.is_dimensionless:
        shown = show(call.inputs[1], exponent)
        raise UnitMismatchError(
            f"Cannot calculate {call.describe()}: the exponent must be dimensionless, "
            f"but {shown} is in {format_dimension(exponent)}.",
            None,
            exponent,
        )
    if base.is_dimensionless:
        return (DIMENSIONLESS,)
    values = np.asarray(_quantity.strip(call.inputs[1]))
    if values.size != 1:
        raise TypeError(
            f"Cannot raise {show(call.inputs[0], base)} to an array of {values.size} "
            "exponents: each element would get a different unit. Use one number as exponent."
        )
    return (base ** float(np.real(values.reshape(()))),)


def _plain(call: _Call) -> tuple:
    return (DIMENSIONLESS,) * call.ufunc.nout


def _needs_dimensionless(call: _Call) -> tuple:
    for x, d in zip(call.inputs, call.dims):
        if not d.is_dimensionless:
            raise dimensionless_argument_error(call.ufunc.__name__, show(x, d), d)
    return _plain(call)


def _unsupported(call: _Call) -> tuple:
    if all(d.is_dimensionless for d in call.dims):
        return _plain(call)
    dim = next(d for d in call.dims if not d.is_dimensionless)
    name = call.ufunc.__name__
    raise TypeError(
        f"numpy.{name}() is not defined for quantities with units (got {format_dimension(dim)}). "
        f"Remove the units first, e.g. np.{name}(x/{example_unit_name(dim)})."
    )


def _ufuncs(*names: str) -> list[np.ufunc]:
    """The named ufuncs that this numpy version has."""
    return [getattr(np, n) for n in names if isinstance(getattr(np, n, None), np.ufunc)]


_RULES: dict[np.ufunc, Callable[[_Call], tuple]] = {}
for _names, _rule in (
    (("add", "subtract", "remainder", "fmod", "maximum", "minimum", "fmax", "fmin"), _common),
    (("hypot", "nextafter"), _common),
    (("less", "less_equal", "greater", "greater_equal", "equal", "not_equal"), _compare),
    (("floor_divide", "arctan2"), _common_to_plain),
    (("divmod",), _divmod),
    (("multiply", "matmul", "vecdot", "matvec", "vecmat"), _product),
    (("true_divide",), _quotient),
    (("power", "float_power"), _power),
    (("negative", "positive", "absolute", "fabs", "conjugate", "rint"), _first),
    (("floor", "ceil", "trunc", "spacing", "copysign", "modf"), _first),
    (("ldexp",), _first_with_plain_second),
    (("isnan", "isinf", "isfinite", "signbit", "sign"), _plain),
    (("logical_not", "logical_and", "logical_or", "logical_xor"), _plain),
    (("exp", "exp2", "expm1", "log", "log2", "log10", "log1p"), _needs_dimensionless),
    (("sin", "cos", "tan", "arcsin", "arccos", "arctan"), _needs_dimensionless),
    (("sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh"), _needs_dimensionless),
    (
        ("deg2rad", "rad2deg", "degrees", "radians", "logaddexp", "logaddexp2"),
        _needs_dimensionless,
    ),
):
    for _u in _ufuncs(*_names):
        _RULES[_u] = _rule
_RULES[np.sqrt] = _power_rule(0.5)
_RULES[np.cbrt] = _power_rule(1 / 3)
_RULES[np.square] = _power_rule(2)
_RULES[np.reciprocal] = _power_rule(-1)

#: Binary ufuncs whose reduce/accumulate keep the unit (sum, max, cumsum …).
_KEEP_WHEN_REDUCED = tuple(_ufuncs("add", "subtract", "maximum", "minimum", "fmax", "fmin"))
_PLAIN_WHEN_REDUCED = tuple(_ufuncs("logical_and", "logical_or", "logical_xor"))


def _reduced_count(values: Any, kwargs: dict) -> int:
    shape = np.shape(values)
    axis = kwargs.get("axis", 0)
    if axis is None:
        return int(np.prod(shape))
    axes = axis if isinstance(axis, tuple) else (axis,)
    return int(np.prod([shape[a] for a in axes]))


def _reduction_dims(call: _Call, method: str, kwargs: dict) -> tuple:
    dim = call.dims[0]
    if call.ufunc in _KEEP_WHEN_REDUCED:
        return (dim,)
    if call.ufunc in _PLAIN_WHEN_REDUCED or dim.is_dimensionless:
        return (DIMENSIONLESS,)
    if call.ufunc is np.multiply and method == "reduce" and "where" not in kwargs:
        return (dim ** _reduced_count(call.inputs[0], kwargs),)
    raise TypeError(
        f"numpy.{call.ufunc.__name__}.{method}() is not defined for quantities with units "
        f"(got {format_dimension(dim)}): the elements of the result would have different "
        f"units. Remove the units first, e.g. divide by {example_unit_name(dim)}."
    )


def _prepare_out(out: Any, dim: Dimension) -> Any:
    if isinstance(out, _quantity.Quantity):
        return out.view(np.ndarray)
    if out is not None and not dim.is_dimensionless:
        raise UnitMismatchError(
            f"Cannot store a result in {format_dimension(dim)} in a plain array without units.",
            "Use a quantity as output, or divide by a unit first.",
            dim,
        )
    return out


def _apply_at(ufunc: np.ufunc, inputs: tuple, kwargs: dict) -> None:
    target, indices, *rest = inputs
    if not isinstance(target, _quantity.Quantity):
        raise TypeError(f"numpy.{ufunc.__name__}.at() cannot update a plain array with units.")
    values = [_quantity.coerce_operand(v) for v in rest]
    dims = [target.dim] + [_quantity.dimension_of(v) for v in values]
    call = _Call(ufunc, (target, *values), dims, inplace=True)
    if ufunc in (np.multiply, np.true_divide, np.floor_divide):
        _first_with_plain_second(call)
    else:
        result = _RULES.get(ufunc, _unsupported)(call)
        if result[0] != target.dim:
            raise TypeError(f"numpy.{ufunc.__name__}.at() would change the unit of some elements.")
    ufunc.at(target.view(np.ndarray), indices, *_quantity.strip(values), **kwargs)


def apply_ufunc(ufunc: np.ufunc, method: str, inputs: tuple, kwargs: dict) -> Any:
    """Run ``ufunc`` (or one of its methods) on quantities; see the module docstring.

    Returns ``NotImplemented`` when an operand is not numeric (``mV == None``),
    so that Python falls back to its default behaviour.
    """
    if method == "at":
        return _apply_at(ufunc, inputs, kwargs)
    inputs = tuple(_quantity.coerce_operand(x) for x in inputs)
    dims = []
    for x in inputs:
        dim = _quantity.dimension_of(x)
        if dim is None:
            if ufunc in (np.equal, np.not_equal) and method == "__call__":
                # as for arrays: v == None is False for every element
                quantity = next(q for q in inputs if isinstance(q, _quantity.Quantity))
                return np.full(quantity.shape, ufunc is np.not_equal)[()]
            return NotImplemented
        dims.append(dim)
    out = kwargs.get("out")
    call = _Call(ufunc, inputs, dims, inplace=out is not None and out[0] is inputs[0])
    if method in ("__call__", "outer"):
        out_dims = _RULES.get(ufunc, _unsupported)(call)
    else:
        out_dims = _reduction_dims(call, method, kwargs)
    if out is not None:
        kwargs["out"] = tuple(_prepare_out(o, d) for o, d in zip(out, out_dims))
    result = getattr(ufunc, method)(*_quantity.strip(inputs), **kwargs)
    if out is not None:
        for o, d in zip(out, out_dims):
            if isinstance(o, _quantity.Quantity):
                o.dim = d
        return out[0] if len(out) == 1 else out
    if len(out_dims) == 1:
        return _quantity.as_result(result, out_dims[0])
    return tuple(_quantity.as_result(r, d) for r, d in zip(result, out_dims))


def check_assignment(target: Any, value: Any, action: str = "assign {value} to") -> None:
    """Raise if ``value`` cannot be stored in the quantity ``target``.

    A plain value that is all zeros is accepted in any unit, as in Brian 2.

    Parameters
    ----------
    target : Quantity
        Where the value would be stored.
    value : Any
        What would be stored.
    action : str
        How the message words the attempt, with ``{value}`` for the value:
        ``"Cannot {action} a quantity in volt"``.
    """
    value = _quantity.coerce_operand(value)
    dim = _quantity.dimension_of(value)
    if dim is None or dim == target.dim or (dim.is_dimensionless and _all_zero(value)):
        return
    hint = plain_operand_hint(value, target.dim) if dim.is_dimensionless else None
    attempt = action.format(value=show(value, dim))
    raise mismatch_error(
        f"Cannot {attempt} a quantity in {format_dimension(target.dim)}",
        (target.dim, dim),
        hint,
    )
