"""How quantities and dimensions are written: printed values and error wording.

Two audiences:

* printed quantities follow Brian 2 exactly (``repr(50*mV)`` is
  ``50. * mvolt``, ``str`` is ``50. mV``): the unit is chosen per value from
  three display registries searched in order — the standard prefixed units,
  a few additional compound units, and the units the user built by unit
  arithmetic (``mV/ms``) — and a dimension with no registered unit is written
  as a product of SI base units (``metre ** 2 * kilogram * second ** -4 *
  amp ** -1``);
* error messages use :func:`format_dimension`, the learner's vocabulary:
  ``volt``, ``volt/second``, ``siemens/metre**2``, ``1/second**0.5``.

The registries hold unit objects duck-typed by ``dim``, ``name``,
``dispname``, ``latexname`` and ``float()``; this module never builds units.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import numpy as np

from .definitions import family_by_name
from .dimensions import BASE_NAMES, BASE_SYMBOLS, DIMENSIONLESS, Dimension

__all__ = [
    "format_dimension",
    "example_unit_name",
    "DisplayRegistry",
    "standard_units",
    "additional_units",
    "user_units",
    "best_unit",
    "dimension_repr",
    "dimension_str",
    "format_exponent",
    "quantity_repr",
    "quantity_str",
    "quantity_latex",
    "values_in_unit",
    "short_value",
]


class DisplayUnit(Protocol):
    """What the registries need from a unit."""

    dim: Dimension
    name: str
    dispname: str
    latexname: str

    def __float__(self) -> float: ...


# ---------------------------------------------------------------------------
# Learner wording of a dimension
# ---------------------------------------------------------------------------

#: Named units a learner may see in messages, with a familiarity cost
#: (lower is preferred).  weber, tesla, henry, gray, … are left out on
#: purpose: "volt*second" reads better than "weber" in a neuroscience course.
_WORDING_COSTS = {
    "volt": 0,
    "amp": 0,
    "second": 0,
    "siemens": 1,
    "ohm": 1,
    "farad": 1,
    "hertz": 2,
    "metre": 1,
    "coulomb": 2,
    "kilogram": 2,
    "mole": 2,
    "joule": 3,
    "watt": 3,
    "kelvin": 3,
    "newton": 4,
    "pascal": 4,
    "candle": 5,
}
_WORDING_NAMES = tuple(_WORDING_COSTS)
_WORDING_EXPONENTS = np.array(
    [family_by_name(name).dim.exponents for name in _WORDING_NAMES], dtype=float
)
_PIVOTS = np.argmax(_WORDING_EXPONENTS != 0, axis=1)  # first nonzero exponent of each
_TRIAL_POWERS = np.array([1, -1, 2, -2, 3, -3, 0.5, -0.5, 1.5, -1.5])
_FACTOR_COST = 4
_ONLY_DENOMINATOR_COST = 5


def format_exponent(power: float) -> str:
    """An exponent as written after ``**``: ``2``, ``-1``, ``0.5``."""
    power = float(power)
    return str(int(power)) if power.is_integer() else repr(power)


def _powers_of_named(targets: np.ndarray) -> np.ndarray:
    """For exponent rows ``targets[..., 7]``: the power ``p`` of each named unit
    with ``target == unit**p``, or NaN where there is none (shape ``[..., units]``)."""
    pivots = _WORDING_EXPONENTS[np.arange(len(_WORDING_NAMES)), _PIVOTS]
    powers = targets[..., _PIVOTS] / pivots
    fits = np.all(
        np.abs(targets[..., None, :] - powers[..., None] * _WORDING_EXPONENTS) < 1e-9, axis=-1
    )
    return np.where(fits & (powers != 0), powers, np.nan)


def _tidy(power: float) -> float:
    return int(power) if float(power).is_integer() else round(float(power), 9)


def _factor_cost(name: str, power: float) -> int:
    cost = _WORDING_COSTS[name] + _FACTOR_COST + (power < 0)
    if not float(power).is_integer():
        cost += 2
    elif abs(power) > 1:
        cost += 1
    return cost


def _allowed(name: str, power: float) -> bool:
    # "hertz" only as a plain rate: hertz**0.5 or 1/hertz read worse than
    # second**-0.5 or second
    return name != "hertz" or power == 1


def _join(factors: list[tuple[str, float]]) -> str:
    """``[("siemens", 1), ("metre", -2)]`` -> ``'siemens/metre**2'``."""

    def word(name: str, power: float) -> str:
        return name if power == 1 else f"{name}**{format_exponent(power)}"

    num = [word(n, p) for n, p in factors if p > 0]
    den = [word(n, -p) for n, p in factors if p < 0]
    top = "*".join(num) if num else "1"
    if not den:
        return top
    bottom = den[0] if len(den) == 1 else "(" + "*".join(den) + ")"
    return f"{top}/{bottom}"


@lru_cache(maxsize=512)
def format_dimension(dim: Dimension) -> str:
    """Word a dimension the way a learner writes units.

    The simplest reading wins: one named unit (``volt``, ``hertz``,
    ``volt**2``, ``1/second**0.5``), else a named unit times or over another
    (``volt/second``, ``siemens/metre**2``), else a product of SI base units
    (``metre**2*kilogram/(second**3*amp**2)``).  The result is also valid
    after ``:`` in an equation.

    Parameters
    ----------
    dim : Dimension
        The dimension to word.

    Returns
    -------
    str
        ``'1'`` for a dimensionless quantity.

    Examples
    --------
    >>> from brianlab.units import mV, ms
    >>> format_dimension((mV / ms).dim)
    'volt/second'
    """
    if dim.is_dimensionless:
        return "1"
    best: tuple[int, list[tuple[str, float]]] | None = None

    def consider(cost: int, factors: list[tuple[str, float]]) -> None:
        nonlocal best
        if all(p < 0 for _, p in factors):
            cost += _ONLY_DENOMINATOR_COST
        if best is None or cost < best[0]:
            best = (cost, factors)

    target = np.array(dim.exponents, dtype=float)
    singles = _powers_of_named(target)
    for i in np.flatnonzero(~np.isnan(singles)):
        name, p = _WORDING_NAMES[i], _tidy(singles[i])
        if _allowed(name, p):
            consider(_factor_cost(name, p), [(name, p)])
    # target / unit1**p1 == unit2**p2, for every unit1 and trial power p1
    rests = target - _TRIAL_POWERS[None, :, None] * _WORDING_EXPONENTS[:, None, :]
    pairs = _powers_of_named(rests)
    for i, j, k in zip(*np.nonzero(~np.isnan(pairs))):
        name1, p1 = _WORDING_NAMES[i], _tidy(_TRIAL_POWERS[j])
        name2, p2 = _WORDING_NAMES[k], _tidy(pairs[i, j, k])
        if i != k and _allowed(name1, p1) and _allowed(name2, p2) and float(2 * p2).is_integer():
            cost = _factor_cost(name1, p1) + _factor_cost(name2, p2)
            consider(cost, sorted([(name1, p1), (name2, p2)], key=lambda f: -f[1]))
    if best is not None:
        return _join(best[1])
    return _join([(n, e) for n, e in zip(BASE_NAMES, dim.exponents) if e])


_EXAMPLE_UNITS = {
    "second": "ms",
    "volt": "mV",
    "amp": "nA",
    "siemens": "nS",
    "farad": "pF",
    "ohm": "Mohm",
    "hertz": "Hz",
    "metre": "um",
}


def example_unit_name(dim: Dimension) -> str:
    """The unit a course would typically write for ``dim`` (``ms`` for time).

    Used in hints such as ``Did you mean 100*ms?``.  Falls back to
    :func:`format_dimension` (``volt/second``).
    """
    for name, example in _EXAMPLE_UNITS.items():
        if family_by_name(name).dim == dim:
            return example
    return format_dimension(dim)


# ---------------------------------------------------------------------------
# Display registries and the choice of a unit per value (Brian's rule)
# ---------------------------------------------------------------------------


class DisplayRegistry:
    """Units that printed quantities may be shown in, grouped by dimension.

    Parameters
    ----------
    replace : bool
        Whether a unit registered later replaces an earlier one of the same
        dimension and scale (user units: yes; built-in units: the first
        defined name wins, e.g. ``metre`` over ``meter``).
    """

    def __init__(self, replace: bool) -> None:
        self._replace = replace
        self._by_dim: dict[Dimension, dict[float, DisplayUnit]] = {}

    def add(self, unit: DisplayUnit) -> None:
        """Make ``unit`` available for display.

        A replaced unit keeps its predecessor's place in the order.
        """
        scales = self._by_dim.setdefault(unit.dim, {})
        key = float(unit)
        if self._replace or key not in scales:
            scales[key] = unit

    def candidates(self, dim: Dimension) -> list[DisplayUnit]:
        """Units of dimension ``dim``, in the order they were first registered."""
        return list(self._by_dim.get(dim, {}).values())

    def clear(self) -> None:
        """Forget every registered unit."""
        self._by_dim.clear()


#: Prefixed SI units (no centi/deci/deca/hecto) and their squares and cubes.
standard_units = DisplayRegistry(replace=False)
#: A few compound units Brian also prints (``pascal * second`` …).
additional_units = DisplayRegistry(replace=False)
#: Units the user built with unit arithmetic, e.g. ``mV/ms``; latest wins.
user_units = DisplayRegistry(replace=True)

_REGISTRIES = (standard_units, additional_units, user_units)


def best_unit(values: np.ndarray, dim: Dimension) -> DisplayUnit | None:
    """The registered unit that shows ``values`` (in SI) most readably.

    Brian's rule: among the units of the first registry that has any for
    ``dim``, pick the one that brings the nonzero values' magnitudes closest
    to 10 in the least-squares sense of their base-10 logarithms (the first
    registered wins a tie); zeros and NaNs are ignored, and all-zero values
    are shown in the unit of scale 1.  Of an array too long to print whole,
    only the elements numpy prints are considered.

    Returns
    -------
    unit or None
        None when no registered unit has this dimension.
    """
    for registry in _REGISTRIES:
        candidates = registry.candidates(dim)
        if candidates:
            break
    else:
        return None
    magnitudes = np.abs(_printed_elements(np.asarray(values))).ravel()
    magnitudes = magnitudes[(magnitudes != 0) & ~np.isnan(magnitudes)]
    if magnitudes.size == 0:
        for unit in candidates:
            if float(unit) == 1.0:
                return unit
        return None
    costs = [np.sum((np.log10(magnitudes / float(u)) - 1.0) ** 2) for u in candidates]
    return candidates[int(np.argmin(costs))]


def _printed_elements(values: np.ndarray) -> np.ndarray:
    """The elements numpy shows of ``values`` (its ends, when it summarises)."""
    options = np.get_printoptions()
    if values.size <= options["threshold"]:
        return values
    edge = options["edgeitems"]
    for axis, length in enumerate(values.shape):
        if length > 2 * edge:
            keep = np.r_[0:edge, length - edge : length]
            values = np.take(values, keep, axis=axis)
    return values


def _base_factors(dim: Dimension) -> list[tuple[int, float]]:
    return [(i, e) for i, e in enumerate(dim.exponents) if e]


def dimension_repr(dim: Dimension) -> str:
    """Brian's Python form of an SI dimension: ``metre ** 2 * kilogram``."""
    return " * ".join(
        BASE_NAMES[i] if e == 1 else f"{BASE_NAMES[i]} ** {format_exponent(e)}"
        for i, e in _base_factors(dim)
    )


def dimension_str(dim: Dimension) -> str:
    """Brian's short form of an SI dimension: ``m^2 kg s^-4 A^-1``."""
    return str(dim)


def _dimension_latex(dim: Dimension) -> str:
    return r"\,".join(
        rf"\mathrm{{{BASE_SYMBOLS[i]}}}" + ("" if e == 1 else f"^{{{format_exponent(e)}}}")
        for i, e in _base_factors(dim)
    )


def _numbers(values: np.ndarray, precision: int | None = None) -> str:
    return np.array2string(values, precision=precision)


def _split(values: np.ndarray, dim: Dimension):
    """Values scaled into the display unit, and that unit's three names."""
    unit = best_unit(values, dim)
    if unit is None:
        return values, dimension_repr(dim), dimension_str(dim), _dimension_latex(dim)
    return values / float(unit), unit.name, unit.dispname, unit.latexname


def quantity_repr(values: np.ndarray, dim: Dimension) -> str:
    """``repr`` of a quantity: ``50. * mvolt``, ``array([1., 2.]) * mvolt``."""
    values = np.asarray(values)
    if dim is DIMENSIONLESS:
        inner = _numbers(values) if values.ndim == 0 else repr(values)
        return f"Quantity({inner})"
    scaled, name, _, _ = _split(values, dim)
    number = _numbers(scaled) if scaled.ndim == 0 else repr(scaled)
    return f"{number} * {name}"


def quantity_str(values: np.ndarray, dim: Dimension) -> str:
    """``str`` of a quantity: ``50. mV``, ``[1. 2.] mV``."""
    values = np.asarray(values)
    if dim is DIMENSIONLESS:
        return _numbers(values)
    scaled, _, dispname, _ = _split(values, dim)
    return f"{_numbers(scaled)} {dispname}"


def values_in_unit(
    values: np.ndarray, scale: float, dispname: str, precision: int | None = None
) -> str:
    """``values`` (in SI) written in a given unit: ``'3.14 mV'``."""
    scaled = np.asarray(values) / scale
    text = _numbers(scaled, precision)
    return f"{text} {dispname}" if dispname else text


def short_value(values: np.ndarray, dim: Dimension) -> str:
    """A value as quoted in messages: ``5. Mohm``, ``[1. 2. 3. ...] mV``, ``3``.

    Plain Python numbers keep the look the learner typed (``3``, ``0.1``);
    long arrays show their first elements; a dimension without a display
    unit is worded with :func:`format_dimension` (``1.5 volt/second``).
    """
    if isinstance(values, (int, float)) and not isinstance(values, bool):
        return repr(values)
    values = np.asarray(values)
    unit = None if dim.is_dimensionless else best_unit(values, dim)
    scaled = values if unit is None else values / float(unit)
    if scaled.size > 6:
        text = "[" + np.array2string(scaled.ravel()[:3])[1:-1] + " ...]"
    else:
        text = _numbers(scaled)
    if dim.is_dimensionless:
        return text
    return f"{text} {format_dimension(dim) if unit is None else unit.dispname}"


# ---------------------------------------------------------------------------
# LaTeX (notebooks)
# ---------------------------------------------------------------------------

_LATEX_EDGE = 3  # elements shown at each end of a long array
_LATEX_MAX = 2 * _LATEX_EDGE + 1


def _latex_number(x) -> str:
    if np.iscomplexobj(x):
        return str(complex(x))
    text = f"{float(x):.8g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exp)}}}"
    return text


def _latex_row(row: np.ndarray) -> str:
    items = [_latex_number(x) for x in row[:_LATEX_EDGE]] if len(row) > _LATEX_MAX else None
    if items is None:
        return " & ".join(_latex_number(x) for x in row)
    tail = [_latex_number(x) for x in row[-_LATEX_EDGE:]]
    return " & ".join(items + [r"\dots"] + tail)


def _latex_array(values: np.ndarray) -> str:
    if values.ndim == 0:
        return _latex_number(values)
    if values.ndim == 1:
        rows = [_latex_row(values)]
    elif values.ndim == 2:
        picked = values
        if len(values) > _LATEX_MAX:
            picked = np.concatenate([values[:_LATEX_EDGE], values[-_LATEX_EDGE:]])
        rows = [_latex_row(r) for r in picked]
        if len(values) > _LATEX_MAX:
            rows.insert(_LATEX_EDGE, r"\vdots")
    else:
        return rf"\text{{array of shape {values.shape}}}"
    body = r" \\ ".join(rows)
    return rf"\left[\begin{{matrix}}{body}\end{{matrix}}\right]"


def quantity_latex(values: np.ndarray, dim: Dimension) -> str:
    """LaTeX of a quantity for notebooks; long arrays are shortened."""
    values = np.asarray(values)
    if dim is DIMENSIONLESS:
        return f"${_latex_array(values)}$"
    scaled, _, _, latex = _split(values, dim)
    return rf"${_latex_array(scaled)}\,{latex}$"
