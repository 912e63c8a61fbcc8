"""Slider specifications from quantities, and the namespace the sliders write.

``tau=(1*ms, 100*ms)`` becomes a :class:`ParameterSpec`: a range shown in
``ms`` (the unit a course writes for a time), log-scaled because it spans two
decades.  :func:`auto_spec` makes a sensible range around a parameter's
current value.  A :class:`ParameterSet` owns the namespace dict a model was
built with: setting a slider value writes a Quantity into that dict, which
brianlab reads again at the next ``run()`` (or chunk, in live mode) — no
recompilation.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from ...errors import InvalidParameterError, UnitMismatchError
from ...units import Quantity, all_units, format_dimension, get_dimensions
from ...units.dimensions import DIMENSIONLESS, Dimension
from ...units.formatting import example_unit_name

__all__ = [
    "ParameterSpec",
    "ParameterSet",
    "display_unit",
    "parameter_spec",
    "auto_spec",
    "is_parameter_value",
    "format_quantity",
]

#: Slider positions between the ends of a range without an explicit step.
DEFAULT_STEPS = 200


def is_parameter_value(value: object) -> bool:
    """Whether ``value`` can drive a slider (a real number or a scalar quantity)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if isinstance(value, Quantity):
        return value.size == 1
    return isinstance(value, numbers.Real)


def display_unit(dim: Dimension) -> tuple[str, float]:
    """The unit a value of dimension ``dim`` is shown in (sliders, axes, scripts).

    The unit a course writes (``ms`` for times, ``mV``, ``nA``, ``nS``,
    ``pF``, ``Mohm``, ``Hz``, ``um``); for other dimensions the SI unit as a
    learner writes it (``volt/second``).

    Returns
    -------
    (str, float)
        The unit's name (``''`` for dimensionless) and its size in SI; the
        name is valid Python with Brian 2's unit names.

    Examples
    --------
    >>> from brianlab.units import ms
    >>> display_unit(ms.dim)
    ('ms', 0.001)
    """
    if dim.is_dimensionless:
        return "", 1.0
    name = example_unit_name(dim)
    unit = all_units.get(name)
    if unit is not None:
        return name, float(unit)
    return format_dimension(dim), 1.0


def _si(value, dim: Dimension | None, what: str) -> tuple[float, Dimension]:
    if isinstance(value, Quantity):
        vdim = value.dim
        number = float(np.asarray(value).reshape(()))
    elif isinstance(value, numbers.Real) and not isinstance(value, bool):
        vdim = DIMENSIONLESS
        number = float(value)
    else:
        raise TypeError(f"{what} must be a number or a quantity like 10*ms, not {value!r}")
    if dim is not None and vdim != dim:
        raise UnitMismatchError(
            f"{what} is in {format_dimension(vdim)}, but the range is in {format_dimension(dim)}.",
            "Give every entry of the range the same units, e.g. (1*ms, 100*ms, 1*ms).",
            dim,
            vdim,
        )
    if not math.isfinite(number):
        raise InvalidParameterError(f"{what} must be finite; got {value}.", None)
    return number, vdim


@dataclass(frozen=True)
class ParameterSpec:
    """A slider over one parameter.

    Values (``low``, ``high``, ``step``, ``value``) are in the display unit.

    Attributes
    ----------
    name : str
        The parameter's name in the model.
    low, high : float
        The ends of the range.
    step : float or None
        Values are ``low + k*step`` when given; otherwise continuous.
    log : bool
        Whether the slider moves on a logarithmic scale.
    unit : str
        The display unit's name (``''`` for dimensionless parameters).
    scale : float
        The display unit's size in SI.
    dim : Dimension
        The parameter's dimension.
    value : float
        The initial value.
    """

    name: str
    low: float
    high: float
    step: float | None
    log: bool
    unit: str
    scale: float
    dim: Dimension
    value: float

    @property
    def label(self) -> str:
        """``'tau (ms)'``, or the bare name for a dimensionless parameter."""
        return f"{self.name} ({self.unit})" if self.unit else self.name

    def snap(self, value: float) -> float:
        """``value`` clipped to the range and, with a step, rounded onto it."""
        value = min(max(float(value), self.low), self.high)
        if self.step:
            k = round((value - self.low) / self.step)
            value = min(self.low + k * self.step, self.high)
            value = float(f"{value:.12g}")  # 0.1 + 2*0.1 shows as 0.3
        return value

    def quantity(self, value: float):
        """The model value of a slider position: a Quantity, or a float."""
        si = float(value) * self.scale
        return si if self.dim.is_dimensionless else Quantity(si, dim=self.dim)

    def from_quantity(self, value) -> float:
        """The slider position showing ``value`` (a quantity of this dimension)."""
        number, _ = _si(value, self.dim, f"the value of '{self.name}'")
        return number / self.scale

    def format(self, value: float) -> str:
        """``'12.5 ms'``: a slider position as text."""
        text = f"{value:.4g}"
        return f"{text} {self.unit}" if self.unit else text


def parameter_spec(name: str, spec, value=None) -> ParameterSpec:
    """A :class:`ParameterSpec` from ``(low, high)`` or ``(low, high, step)``.

    Parameters
    ----------
    name : str
        The parameter's name.
    spec : tuple or ParameterSpec
        The range, as quantities (``(1*ms, 100*ms)``) or plain numbers.
    value : Quantity or float, optional
        The initial value (default: the middle of the range, geometric for a
        log scale); clipped into the range.

    Returns
    -------
    ParameterSpec
        Log-scaled when both ends are positive, no step is given and
        ``high >= 10*low``.

    Raises
    ------
    UnitMismatchError
        When the entries have different units.
    InvalidParameterError
        When the range is empty or the step is not positive.
    """
    if isinstance(spec, ParameterSpec):
        return spec
    if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
        raise TypeError(
            f"the slider for '{name}' needs (low, high) or (low, high, step), e.g. "
            f"{name}=(1*ms, 100*ms); got {spec!r}"
        )
    low, dim = _si(spec[0], None, f"the lower end for '{name}'")
    high, _ = _si(spec[1], dim, f"the upper end for '{name}'")
    step = _si(spec[2], dim, f"the step for '{name}'")[0] if len(spec) == 3 else None
    if not high > low:
        raise InvalidParameterError(
            f"the range for '{name}' is empty: {spec[0]} is not below {spec[1]}.",
            "Give the lower end first.",
        )
    if step is not None and step <= 0:
        raise InvalidParameterError(
            f"the step for '{name}' must be positive; got {spec[2]}.", None
        )
    unit, scale = display_unit(dim)
    log = step is None and low > 0 and high >= 10 * low * (1 - 1e-12)  # a decade, up to rounding
    if value is None:
        initial = math.sqrt(low * high) if log else 0.5 * (low + high)
    else:
        initial, _ = _si(value, dim, f"the value of '{name}'")
    step_shown = None if step is None else float(f"{step / scale:.12g}")
    made = ParameterSpec(
        name, low / scale, high / scale, step_shown, log, unit, scale, dim, initial / scale
    )
    return replace(made, value=made.snap(made.value))


def auto_spec(name: str, value) -> ParameterSpec:
    """A slider range around a parameter's current value.

    Positive values get a log slider over two decades (``value/10`` to
    ``10*value``); negative values a linear slider from ``2*value`` to 0 (a
    resting potential of -70 mV moves between -140 and 0 mV); zero a linear
    slider over one display unit either side (``±1 nA``).
    """
    number, dim = _si(value, None, f"the value of '{name}'")
    unit, scale = display_unit(dim)
    if number > 0:
        low, high = number / 10, number * 10
    elif number < 0:
        low, high = 2 * number, 0.0
    else:
        low, high = -scale, scale
    as_quantity = (lambda x: x) if dim.is_dimensionless else (lambda x: Quantity(x, dim=dim))
    return parameter_spec(name, (as_quantity(low), as_quantity(high)), as_quantity(number))


def _number(x: float) -> str:
    x = float(f"{x:.15g}")
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def format_quantity(value) -> str:
    """Python source for a value, in a course unit: ``-70*mV``, ``0.5*nA``, ``3``.

    Examples
    --------
    >>> from brianlab.units import mV
    >>> format_quantity(-70*mV)
    '-70*mV'
    """
    if isinstance(value, (bool, int)):
        return repr(value)
    dim = get_dimensions(value)
    si = float(np.asarray(value).reshape(()))
    if dim.is_dimensionless:
        return _number(si)
    unit, scale = display_unit(dim)
    return f"{_number(si / scale)}*{unit}"


class ParameterSet:
    """The sliders' values, written into the namespace a model reads.

    Parameters
    ----------
    namespace : dict
        The dict the model's groups were created with (``namespace=``); it
        is changed in place.
    specs : mapping of str to ParameterSpec or tuple
        The sliders.  A name already in ``namespace`` starts at its value.
    """

    def __init__(self, namespace: dict, specs: Mapping | None = None) -> None:
        self.namespace = namespace
        self.specs: dict[str, ParameterSpec] = {}
        self._listeners: list[Callable[[str, object], None]] = []
        for name, spec in (specs or {}).items():
            self.add(name, spec)

    def add(self, name: str, spec) -> ParameterSpec:
        """Add a slider (a spec or a ``(low, high[, step])`` tuple) and set its value."""
        current = self.namespace.get(name)
        made = parameter_spec(name, spec, current if is_parameter_value(current) else None)
        if current is not None and is_parameter_value(current):
            cdim = get_dimensions(current)
            if cdim != made.dim:
                raise UnitMismatchError(
                    f"the slider for '{name}' is in {format_dimension(made.dim)}, but "
                    f"'{name}' is {current} ({format_dimension(cdim)}).",
                    "Give the range the units of the parameter.",
                    cdim,
                    made.dim,
                )
        self.specs[name] = made
        self.namespace[name] = made.quantity(made.value)
        return made

    def add_free(self, names) -> list[ParameterSpec]:
        """Add automatic sliders for parameters of ``namespace`` that have none yet."""
        added = []
        for name in names:
            if name not in self.specs and is_parameter_value(self.namespace.get(name)):
                self.specs[name] = auto_spec(name, self.namespace[name])
                added.append(self.specs[name])
        return added

    def on_change(self, callback: Callable[[str, object], None]) -> None:
        """Call ``callback(name, value)`` after every change of a value."""
        self._listeners.append(callback)

    def value(self, name: str) -> float:
        """The slider position (in the display unit) of ``name``."""
        return self.specs[name].from_quantity(self.namespace[name])

    def set_value(self, name: str, position: float) -> float:
        """Move the slider ``name`` to ``position`` (display unit); returns the snapped value."""
        spec = self.specs[name]
        snapped = spec.snap(position)
        value = spec.quantity(snapped)
        self.namespace[name] = value
        for callback in list(self._listeners):
            callback(name, value)
        return snapped

    @property
    def state(self) -> dict:
        """``{name: {'value', 'unit', 'low', 'high', 'step', 'log', 'text'}}``."""
        out = {}
        for name, spec in self.specs.items():
            position = self.value(name)
            out[name] = {
                "value": position,
                "unit": spec.unit,
                "low": spec.low,
                "high": spec.high,
                "step": spec.step,
                "log": spec.log,
                "text": spec.format(position),
            }
        return out
