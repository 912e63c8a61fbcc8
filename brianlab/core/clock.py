"""Clocks: the time step of a simulation and the validation of ``dt``."""

from __future__ import annotations

import math

from ..errors import InvalidParameterError, UnitMismatchError
from ..units import Quantity, get_dimensions, second
from ..units.dimensions import Dimension

__all__ = ["Clock", "defaultclock", "check_time"]

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))


def check_time(value, what: str, *, allow_zero: bool = True, example: str = "100*ms") -> float:
    """Validate a duration given by a learner and return it in seconds.

    Parameters
    ----------
    value : Quantity
        The value to check.
    what : str
        How to call it in messages (``'dt'``, ``'duration'``).
    allow_zero : bool
        Whether 0 s is acceptable.
    example : str
        An example shown in the hint for a missing unit.

    Raises
    ------
    UnitMismatchError
        For a plain number or a quantity that is not a time.
    InvalidParameterError
        For negative, zero (unless allowed), NaN or infinite values.
    """
    if isinstance(value, str):
        raise UnitMismatchError(
            f"{what} must be a time such as {example}, not the text {value!r}.", None
        )
    dim = get_dimensions(value)
    if dim != _TIME:
        if dim.is_dimensionless:
            number = f"{float(value):g}" if _scalar(value) else str(value)
            raise UnitMismatchError(
                f"{what} needs a time unit, e.g. {example} (got the plain number {number}).",
                f"Did you mean {number}*ms?",
            )
        raise UnitMismatchError(
            f"{what} must be a time such as {example}, but {value} is not a time.", None
        )
    if not _scalar(value):
        raise InvalidParameterError(f"{what} must be a single time, not an array.", None)
    seconds = float(value / second)
    if math.isnan(seconds) or math.isinf(seconds):
        raise InvalidParameterError(
            f"{what} must be finite; got {seconds} s.", f"Give a finite time, e.g. {example}."
        )
    if seconds < 0 or (seconds == 0 and not allow_zero):
        wanted = "a non-negative time" if allow_zero else "a positive, finite time"
        raise InvalidParameterError(
            f"{what} must be {wanted}; got {value}.", f"Use e.g. {example}."
        )
    return seconds


def _scalar(value) -> bool:
    shape = getattr(value, "shape", ())
    return shape == () or shape == (1,)


class Clock:
    """A time step shared by the objects that use it.

    Parameters
    ----------
    dt : Quantity
        The time step, e.g. ``0.1*ms``.
    name : str
        The clock's name.
    """

    def __init__(self, dt=None, name: str = "clock") -> None:
        self.name = name
        self._dt = 1e-4
        self._t = 0.0
        if dt is not None:
            self.dt = dt

    @property
    def dt(self) -> Quantity:
        """The time step (assigning validates: positive, finite, a time)."""
        return Quantity(self._dt, dim=_TIME)

    @dt.setter
    def dt(self, value) -> None:
        self._dt = check_time(value, "dt", allow_zero=False, example="0.1*ms")

    @property
    def dt_(self) -> float:
        """The time step in seconds, as a float."""
        return self._dt

    @property
    def t(self) -> Quantity:
        """The time reached by the last network that ran with this clock."""
        return Quantity(self._t, dim=_TIME)

    @property
    def t_(self) -> float:
        """That time in seconds, as a float."""
        return self._t

    def __repr__(self) -> str:
        return f"Clock(dt={self.dt!r}, name={self.name!r})"


#: The clock every object uses unless given its own ``dt``.
defaultclock = Clock(name="defaultclock")
