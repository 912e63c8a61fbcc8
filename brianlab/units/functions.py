"""Public helpers to ask about and enforce dimensions (Brian 2's names).

``get_dimensions``, ``have_same_dimensions``, ``is_dimensionless``,
``fail_for_dimension_mismatch`` and the ``check_units`` decorator, which
checks the units of a function's arguments and result with messages in the
learner's units and a ``Did you mean 100*ms?`` hint for a forgotten unit.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from ..errors import UnitMismatchError
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import format_dimension
from .messages import mismatch_error, plain_number_hint
from .quantity import coerce_operand, dimension_of
from .ufuncs import show

__all__ = [
    "get_dimensions",
    "have_same_dimensions",
    "is_dimensionless",
    "fail_for_dimension_mismatch",
    "check_units",
]


def get_dimensions(obj: Any) -> Dimension:
    """The physical dimension of a quantity, number, array or Dimension.

    Raises
    ------
    TypeError
        For objects that are not numeric (strings, None …).

    Examples
    --------
    >>> from brianlab.units import mV
    >>> print(get_dimensions(3*mV))
    m^2 kg s^-3 A^-1
    >>> get_dimensions(3).is_dimensionless
    True
    """
    if isinstance(obj, Dimension):
        return obj
    dim = dimension_of(coerce_operand(obj))
    if dim is None:
        raise TypeError(
            f"{obj!r} has no physical dimensions: expected a number, an array or a quantity."
        )
    return dim


def have_same_dimensions(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` have the same dimension (plain numbers: dimensionless)."""
    return get_dimensions(a) == get_dimensions(b)


def is_dimensionless(obj: Any) -> bool:
    """Whether ``obj`` has no physical dimension (a plain number is dimensionless)."""
    return get_dimensions(obj).is_dimensionless


def fail_for_dimension_mismatch(
    obj1: Any, obj2: Any = None, error_message: str | None = None, **values: Any
) -> tuple[Dimension, Dimension]:
    """Raise unless ``obj1`` and ``obj2`` have the same dimension.

    Parameters
    ----------
    obj1, obj2 : Any
        The values to compare; without ``obj2``, ``obj1`` must be dimensionless.
    error_message : str, optional
        What was attempted; ``{name}`` fields are filled from ``values``,
        shown with their units.
    **values : Any
        Values to insert into ``error_message``.

    Returns
    -------
    tuple of Dimension
        The two dimensions.

    Raises
    ------
    DimensionMismatchError
        With the learner's unit names: ``(units are volt and amp)``.
    """
    dim1 = get_dimensions(obj1)
    dim2 = DIMENSIONLESS if obj2 is None else get_dimensions(obj2)
    if dim1 == dim2:
        return dim1, dim2
    shown = {key: show(v, get_dimensions(v)) for key, v in values.items()}
    if error_message is not None:
        description = error_message.format(**shown)
    elif obj2 is None:
        description = f"Expected a dimensionless value but got {show(obj1, dim1)}"
    else:
        description = f"Cannot use {show(obj1, dim1)} together with {show(obj2, dim2)}"
    raise mismatch_error(description, (dim1,) if obj2 is None else (dim1, dim2))


def _spec_dimension(spec: Any) -> Dimension | None:
    """The dimension a ``check_units`` spec asks for (None: no check)."""
    if spec is None or spec is bool or isinstance(spec, str):
        return None
    return get_dimensions(spec)


def _check_value(func_name: str, arg: str, value: Any, spec: Any, bound: dict) -> None:
    if spec is None or value is None or isinstance(value, str):
        return
    if spec is bool:
        if not isinstance(value, bool):
            raise TypeError(
                f"Function '{func_name}' expected a boolean value (True or False) for "
                f"argument '{arg}' but got {value!r}."
            )
        return
    if isinstance(spec, str):
        other = bound.get(spec)
        if other is None or isinstance(other, str):
            return
        got, expected = get_dimensions(value), get_dimensions(other)
        if got != expected:
            raise UnitMismatchError(
                f"Function '{func_name}' expected the argument '{arg}' to have the same "
                f"units as argument '{spec}', but argument '{arg}' has unit "
                f"{format_dimension(got)}, while argument '{spec}' has unit "
                f"{format_dimension(expected)}.",
                None,
                got,
                expected,
            )
        return
    expected = _spec_dimension(spec)
    got = get_dimensions(value)
    if got == expected:
        return
    hint = plain_number_hint(show(value, got), expected) if got.is_dimensionless else None
    if arg == "result":
        message = (
            f"The return value of function '{func_name}' was expected to have unit "
            f"{format_dimension(expected)} but was '{show(value, got)}' "
            f"(unit is {format_dimension(got)})."
        )
        hint = None
    else:
        message = (
            f"Function '{func_name}' expected a quantity with unit {format_dimension(expected)} "
            f"for argument '{arg}' but got '{show(value, got)}' (unit is {format_dimension(got)})."
        )
    raise UnitMismatchError(message, hint, expected, got)


def check_units(**units: Any) -> Callable[[Callable], Callable]:
    """Decorator checking the units of a function's arguments and result.

    Parameters
    ----------
    **units
        For each argument name (and ``result``): a unit or quantity
        (``volt``), ``1`` for dimensionless, ``bool`` for a boolean, the name
        of another argument that must have the same units, or ``None`` for no
        check.  ``None`` values and strings given as arguments are not
        checked (strings are expressions).

    Examples
    --------
    >>> from brianlab.units import volt, amp, ohm
    >>> @check_units(v=volt, R=ohm, result=amp)
    ... def current(v, R):
    ...     return v / R
    >>> current(1*volt, 2*ohm)
    0.5 * amp
    """

    def decorate(func: Callable) -> Callable:
        signature = inspect.signature(func)
        unknown = [n for n in units if n != "result" and n not in signature.parameters]
        if unknown:
            raise TypeError(
                f"check_units() got units for {', '.join(map(repr, unknown))}, which "
                f"{'is not an argument' if len(unknown) == 1 else 'are not arguments'} "
                f"of {func.__name__}()."
            )

        @functools.wraps(func)
        def checked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs).arguments
            for arg, value in bound.items():
                if arg in units:
                    _check_value(func.__name__, arg, value, units[arg], bound)
            result = func(*args, **kwargs)
            if "result" in units:
                _check_value(func.__name__, "result", result, units["result"], bound)
            return result

        checked._arg_names = list(signature.parameters)
        checked._arg_units = [units.get(n) for n in signature.parameters]
        checked._return_unit = units.get("result")
        return checked

    return decorate
