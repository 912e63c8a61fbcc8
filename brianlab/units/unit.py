"""The :class:`Unit` class: a named quantity such as ``mV`` or ``siemens/metre**2``.

A unit is a read-only 0-d :class:`~brianlab.units.quantity.Quantity` (its
value is its scale in SI) with three names: ``name`` (what ``repr``
prints, ``mvolt``), ``dispname`` (what ``str`` prints, ``mV``) and
``latexname``.  Multiplying, dividing or raising units gives a new unit named
after its parts (``mV/ms`` is ``mvolt / msecond``), which is remembered for
display as Brian 2 does; a number times a unit gives a plain quantity.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .dimensions import DIMENSIONLESS, Dimension
from .formatting import (
    dimension_repr,
    dimension_str,
    format_exponent,
    user_units,
)
from .quantity import Quantity

__all__ = ["Unit", "product", "quotient", "power"]


class Unit(Quantity):
    """A named unit.

    Parameters
    ----------
    value : float
        The unit's size in SI units (``mV``: 0.001).
    dim : Dimension
        Its dimension.
    name : str, optional
        Its Python name, printed by ``repr`` (default: the SI base units).
    dispname : str, optional
        Its short name, printed by ``str`` (default: the SI base symbols).
    latexname : str, optional
        Its LaTeX form.
    iscompound : bool
        Whether the name is made of several units (``mV/ms``); compound
        names are put in parentheses when combined further.

    Examples
    --------
    >>> from brianlab.units import mV, ms
    >>> mV / ms
    mvolt / msecond
    >>> 3*mV
    3. * mvolt
    """

    name: str
    dispname: str
    latexname: str
    iscompound: bool

    def __new__(
        cls,
        value: float = 1.0,
        dim: Dimension = DIMENSIONLESS,
        name: str | None = None,
        dispname: str | None = None,
        latexname: str | None = None,
        iscompound: bool = False,
    ) -> Unit:
        obj = np.array(float(value)).view(cls)
        obj.dim = dim
        obj.name = dimension_repr(dim) if name is None else name
        obj.dispname = dimension_str(dim) if dispname is None else dispname
        obj.latexname = obj.dispname if latexname is None else latexname
        obj.iscompound = iscompound or name is None
        obj.flags.writeable = False
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        super().__array_finalize__(obj)
        for attr, default in (("name", ""), ("dispname", ""), ("latexname", "")):
            setattr(self, attr, getattr(obj, attr, default))
        self.iscompound = getattr(obj, "iscompound", False)

    @property
    def scale(self) -> float:
        """The power of ten of the unit's size (``mV.scale == -3``)."""
        exponent = float(np.log10(float(self)))
        return int(round(exponent)) if abs(exponent - round(exponent)) < 1e-9 else exponent

    def __repr__(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.dispname

    def _repr_latex_(self) -> str:
        return f"${self.latexname}$"

    def __hash__(self) -> int:
        return hash((float(self), self.dim, self.name))

    def __reduce__(self):
        return (Unit, (float(self), self.dim, self.name, self.dispname, self.latexname,
                       self.iscompound))  # fmt: skip

    def __deepcopy__(self, memo):
        return self

    # -- unit arithmetic gives named units ---------------------------------

    def __mul__(self, other):
        if isinstance(other, Unit):
            return _remember(product(self, other))
        return super().__mul__(other)

    def __rmul__(self, other):
        if isinstance(other, Unit):
            return _remember(product(other, self))
        return super().__rmul__(other)

    def __truediv__(self, other):
        if isinstance(other, Unit):
            return _remember(quotient(self, other))
        return super().__truediv__(other)

    def __rtruediv__(self, other):
        if isinstance(other, Unit):
            return _remember(quotient(other, self))
        if _is_one(other):
            return _remember(power(self, -1))
        return super().__rtruediv__(other)

    def __pow__(self, exponent):
        if _is_plain_scalar(exponent):
            return _remember(power(self, exponent))
        return super().__pow__(exponent)

    # A unit is a constant: augmented assignment rebinds, never modifies it.
    def __iadd__(self, other):
        return self + other

    def __isub__(self, other):
        return self - other

    def __imul__(self, other):
        return self * other

    def __itruediv__(self, other):
        return self / other

    def __ifloordiv__(self, other):
        return self // other

    def __imod__(self, other):
        return self % other

    def __ipow__(self, other):
        return self**other


def _is_plain_scalar(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _is_one(x: Any) -> bool:
    return _is_plain_scalar(x) and x == 1


def _remember(unit: Unit) -> Unit:
    user_units.add(unit)
    return unit


def _wrapped(unit: Unit, text: str) -> str:
    return f"({text})" if unit.iscompound else text


def product(a: Unit, b: Unit) -> Unit:
    """The unit ``a*b``, named ``a * b`` (not remembered for display)."""
    return Unit(
        10.0 ** (a.scale + b.scale),
        a.dim * b.dim,
        name=f"{a.name} * {b.name}",
        dispname=f"{a.dispname} {b.dispname}",
        latexname=rf"{a.latexname}\,{b.latexname}",
        iscompound=True,
    )


def quotient(a: Unit, b: Unit) -> Unit:
    """The unit ``a/b``, named ``a / b`` (not remembered for display)."""
    return Unit(
        10.0 ** (a.scale - b.scale),
        a.dim / b.dim,
        name=f"{_wrapped(a, a.name)} / {_wrapped(b, b.name)}",
        dispname=f"{_wrapped(a, a.dispname)}/{_wrapped(b, b.dispname)}",
        latexname=rf"\frac{{{a.latexname}}}{{{b.latexname}}}",
        iscompound=True,
    )


def _exponent_text(exponent: Any) -> str:
    if isinstance(exponent, (int, np.integer)):
        return str(int(exponent))
    return repr(float(exponent))


def power(unit: Unit, exponent: float) -> Unit:
    """The unit ``unit**exponent``, named ``unit ** exponent`` (not remembered)."""
    text = _exponent_text(exponent)
    latex_base = rf"\left({unit.latexname}\right)" if unit.iscompound else unit.latexname
    return Unit(
        10.0 ** (unit.scale * float(exponent)),
        unit.dim ** float(exponent),
        name=f"{_wrapped(unit, unit.name)} ** {text}",
        dispname=f"{_wrapped(unit, unit.dispname)}^{text}",
        latexname=f"{latex_base}^{{{format_exponent(float(exponent))}}}",
        iscompound=True,
    )
