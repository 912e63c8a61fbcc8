"""TimedArray: values given on a time grid, called inside model strings.

``stimulus = TimedArray([0, 1, 0]*nA, dt=10*ms)`` is used as ``stimulus(t)``
(1-D values) or ``stimulus(t, i)`` (2-D values, one column per element).
The value at time t is the one of step ``int(t/dt)``, computed with Brian 2's
rounding (t is first rounded to a grid at least eight times finer than the
caller's time step), the first value before the start and the last value
held after the end.

Names in model strings resolve to a TimedArray through its
:meth:`TimedArray.model_function`, which gives the unit rule and the
kernel arguments (the values, the array's dt and the rounding factor); the
generated code calls the runtime helper ``_timedarray`` — nothing of the
values is written into the code, so a new TimedArray with the same shape of
call does not recompile anything.
"""

from __future__ import annotations

import math

import numpy as np

from ..core.clock import check_time, defaultclock
from ..errors import InvalidParameterError, UnitMismatchError
from ..parsing.functions import ModelFunction
from ..units import Quantity, get_dimensions, second
from ..units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["TimedArray"]

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))


def _fmt(dim: Dimension) -> str:
    from ..units.formatting import format_dimension

    return format_dimension(dim)


def upsampling(dt_array: float, dt: float) -> int:
    """Brian 2's rounding factor: the smallest power of two that is at least
    ``8 * dt_array / dt`` (and at least 1).

    Parameters
    ----------
    dt_array : float
        The TimedArray's time step in seconds.
    dt : float
        The time step of the code calling it, in seconds.

    Examples
    --------
    >>> upsampling(1e-3, 1e-4)
    128
    >>> upsampling(1e-5, 1e-4)
    1
    """
    return max(2 ** math.ceil(math.log2(8 * dt_array / dt)), 1)


class TimedArray:
    """Values on a regular time grid, to be called as a function of time.

    Parameters
    ----------
    values : Quantity or array
        1-D (one value per time step, ``f(t)``) or 2-D (rows are time steps,
        columns are elements, ``f(t, i)``).  Their unit is the unit of the
        call's result.
    dt : Quantity
        The time between two rows.
    name : str, optional
        A name for display.

    Examples
    --------
    >>> from brianlab import ms, nA
    >>> stimulus = TimedArray([0, 0.5, 0.2]*nA, dt=10*ms)
    >>> stimulus(15*ms)
    0.5 * namp
    """

    def __init__(self, values, dt, name: str | None = None) -> None:
        self.dim = get_dimensions(values)
        table = np.asarray(values, dtype=float)
        if table.ndim not in (1, 2) or table.size == 0:
            raise InvalidParameterError(
                "TimedArray values must be a non-empty 1-D array (one value per time step) or "
                f"2-D array (time steps x elements); got shape {table.shape}.",
                "For one value per neuron and time step, give rows = time steps, e.g. "
                "TimedArray(values.T*nA, dt=1*ms).",
            )
        #: the values in SI units
        self.values = table
        #: the time between two values, in seconds (Brian 2 gives a plain float too)
        self.dt = check_time(dt, "TimedArray dt", allow_zero=False, example="1*ms")
        self.name = name if name is not None else "_timedarray"
        table2d = table if table.ndim == 2 else table[:, np.newaxis]
        self._table = np.ascontiguousarray(table2d)

    @property
    def n_args(self) -> int:
        """1 for ``f(t)``, 2 for ``f(t, i)``."""
        return self.values.ndim

    # use in model strings -------------------------------------------------
    def model_function(self, name: str) -> ModelFunction:
        """How the model string calling this TimedArray as ``name`` treats it."""
        return ModelFunction(
            name,
            (self.n_args,),
            self._result_rule(name),
            "_timedarray",
            data=(
                ("values", "array", lambda dt: self._table),
                ("dt", "scalar", lambda dt: self.dt),
                ("k", "scalar", lambda dt: float(upsampling(self.dt, dt))),
            ),
        )

    def _result_rule(self, name: str):
        usage = f"{name}(t)" if self.n_args == 1 else f"{name}(t, i)"

        def rule(dims: list, texts: list) -> Dimension:
            if dims[0] != _TIME:
                raise UnitMismatchError(
                    f"the first argument of {name}() must be a time; '{texts[0]}' is in "
                    f"{_fmt(dims[0])}.",
                    f"Call it as {usage}.",
                    _TIME,
                    dims[0],
                )
            if len(dims) == 2 and not dims[1].is_dimensionless:
                raise UnitMismatchError(
                    f"the second argument of {name}() is an element index and must be "
                    f"dimensionless; '{texts[1]}' is in {_fmt(dims[1])}.",
                    f"Call it as {usage}.",
                    DIMENSIONLESS,
                    dims[1],
                )
            return self.dim

        return rule

    # use from Python --------------------------------------------------------
    def __call__(self, t, i=None):
        """The values at time(s) ``t`` (and element(s) ``i`` for 2-D values),
        rounded as in a simulation with ``defaultclock.dt``."""
        from ..codegen.runtime import _timedarray

        seconds = np.asarray(t, dtype=float)
        if get_dimensions(t) != _TIME:
            raise UnitMismatchError(
                f"{self.name}() needs a time, e.g. {self.name}(5*ms); got {t}.",
                None,
                _TIME,
                get_dimensions(t),
            )
        if (i is None) != (self.n_args == 1):
            raise TypeError(
                f"this TimedArray has {'1-D' if self.n_args == 1 else '2-D'} values: call it "
                f"as {'f(t)' if self.n_args == 1 else 'f(t, i)'}."
            )
        k = float(upsampling(self.dt, defaultclock.dt_))
        lookup = np.vectorize(lambda t_, i_: _timedarray(self._table, self.dt, k, t_, i_))
        result = lookup(seconds, 0 if i is None else np.asarray(i))
        return result if self.dim.is_dimensionless else Quantity(result, dim=self.dim)

    def __repr__(self) -> str:
        shape = "x".join(str(n) for n in self.values.shape)
        dt = Quantity(self.dt, dim=second.dim)
        return f"<TimedArray {self.name!r}: {shape} values every {dt}>"
