"""Wording of unit errors: the messages and hints learners read.

Messages keep Brian 2's shape (``Cannot calculate 5. Mohm + 10. nA, the units
do not match (units are ohm and amp).``) but name units as a learner writes
them (:func:`~brianlab.units.formatting.format_dimension`), and add a hint
on how to fix the mistake where one is useful.  The equation checker reuses
:func:`dimensionless_argument_error` and :func:`mismatch_hint` for strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import UnitMismatchError
from .definitions import family_by_name
from .dimensions import Dimension
from .formatting import example_unit_name, format_dimension

__all__ = [
    "units_phrase",
    "mismatch_error",
    "mismatch_hint",
    "plain_number_hint",
    "dimensionless_argument_error",
]


def units_phrase(dims: Sequence[Dimension]) -> str:
    """``(units are volt and amp)`` without the parentheses."""
    words = [format_dimension(d) for d in dims]
    if len(words) == 1:
        return f"unit is {words[0]}"
    return "units are " + " and ".join(words)


def _named(name: str) -> Dimension:
    return family_by_name(name).dim


_PAIR_HINTS = {
    frozenset(("volt", "amp")): (
        "To turn a current into a voltage, multiply it by a resistance (e.g. R*I)."
    ),
    frozenset(("amp", "siemens")): (
        "To turn a conductance into a current, multiply it by a voltage (e.g. g*(E - v))."
    ),
}


def plain_number_hint(value_text: str, dim: Dimension) -> str:
    """``Did you mean 3*mV?`` for a plain number where ``dim`` was expected."""
    unit = example_unit_name(dim)
    if any(c in unit for c in "*/"):
        unit = f"({unit})"
    return f"Did you mean {value_text}*{unit}?"


def mismatch_hint(dims: Sequence[Dimension], plain_text: str | None = None) -> str | None:
    """A fix for two mismatched dimensions, if a common one is known.

    Parameters
    ----------
    dims : sequence of two Dimension
        The two dimensions that should have been equal.
    plain_text : str, optional
        How the plain (dimensionless) operand was written, when one operand
        is a plain number: the hint then proposes a unit for it.
    """
    a, b = dims
    if plain_text is not None:
        other = b if a.is_dimensionless else a
        return plain_number_hint(plain_text, other)
    if a / b == _named("second") or b / a == _named("second"):
        return (
            "One side is a rate of change (per second): multiply it by a time, "
            "or divide the other side by a time constant."
        )
    names = frozenset(n for n in ("volt", "amp", "siemens") if _named(n) in (a, b))
    return _PAIR_HINTS.get(names)


def mismatch_error(
    description: str,
    dims: Sequence[Dimension],
    hint: str | None = None,
) -> UnitMismatchError:
    """A :class:`~brianlab.errors.UnitMismatchError` in Brian's message shape.

    Parameters
    ----------
    description : str
        What was attempted, e.g. ``'Cannot calculate 5. Mohm + 10. nA'``.
    dims : sequence of Dimension
        The dimensions involved, worded in the parenthesis.
    hint : str, optional
        How to fix it.
    """
    return UnitMismatchError(
        f"{description}, the units do not match ({units_phrase(dims)}).", hint, *dims
    )


_TIME_HINT = "Divide by a time scale, e.g. {f}(t/tau)."
_SCALE_HINTS = {
    "second": _TIME_HINT,
    "volt": "Divide by a voltage scale, e.g. {f}(v/DeltaT).",
    "amp": "Divide by a current scale, e.g. {f}(I/I0).",
}
_TRIG = {"sin", "cos", "tan"}


def _scale_hint(func: str, dim: Dimension) -> str:
    if func in _TRIG:
        if dim == _named("second"):
            return f"Multiply by a frequency, e.g. {func}(2*pi*f*t)."
        if dim == _named("hertz"):
            return f"Multiply by a time, e.g. {func}(2*pi*f*t)."
    else:
        for name, template in _SCALE_HINTS.items():
            if dim == _named(name):
                return template.format(f=func)
    return f"Divide by a reference value in {format_dimension(dim)} first."


def dimensionless_argument_error(func: str, arg_text: str, dim: Dimension) -> UnitMismatchError:
    """The error for ``exp(3*ms)``: a function that needs a plain number.

    Parameters
    ----------
    func : str
        The function's name (``exp``).
    arg_text : str
        The argument as shown to the learner (``3. ms`` or ``'v'``).
    dim : Dimension
        The argument's dimension.

    Examples
    --------
    >>> from brianlab.units import ms
    >>> print(dimensionless_argument_error("exp", "3. ms", ms.dim))
    exp() needs a dimensionless argument; 3. ms is in second. Divide by a time scale, e.g. exp(t/tau).
    """  # noqa: E501 (doctest output)
    return UnitMismatchError(
        f"{func}() needs a dimensionless argument; {arg_text} is in {format_dimension(dim)}.",
        _scale_hint(func, dim),
        dim,
    )
