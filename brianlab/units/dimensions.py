"""Physical dimensions: exponents of the seven SI base units.

A :class:`Dimension` is immutable and interned (``Dimension(...) is
Dimension(...)`` for equal exponents), so dimensions compare with ``is`` or
``==`` and hash cheaply.  This module knows nothing about unit *names*; how a
dimension is worded for a learner ("volt/second") lives in
:mod:`brianlab.units.formatting`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

__all__ = ["Dimension", "DIMENSIONLESS", "BASE_SYMBOLS", "BASE_NAMES"]

#: Brian's order and symbols of the SI base units.
BASE_SYMBOLS = ("m", "kg", "s", "A", "K", "mol", "cd")
#: Their full names, as used in unit specifications such as ``: metre``.
BASE_NAMES = ("metre", "kilogram", "second", "amp", "kelvin", "mole", "candle")


def _clean(x: float) -> float | int:
    """An exponent as an int when it is whole, else a short float."""
    if float(x).is_integer():
        return int(x)
    f = Fraction(x).limit_denominator(1000)
    if abs(float(f) - x) < 1e-9:
        x = float(f)
    return int(x) if float(x).is_integer() else x


class Dimension:
    """The physical dimension of a quantity, as exponents of the base units.

    Parameters
    ----------
    exponents : tuple of 7 numbers
        Exponents of metre, kilogram, second, amp, kelvin, mole and candela.

    Examples
    --------
    >>> volt = Dimension((2, 1, -3, -1, 0, 0, 0))
    >>> str(volt / Dimension((0, 0, 1, 0, 0, 0, 0)))
    'm^2 kg s^-4 A^-1'
    """

    __slots__ = ("_exponents", "_hash", "__weakref__")
    _cache: ClassVar[dict[tuple, Dimension]] = {}
    # results of * and / between interned dimensions (arithmetic on quantities
    # is frequent; building a Dimension from exponents is not cheap)
    _products: ClassVar[dict[tuple[int, int], Dimension]] = {}
    _quotients: ClassVar[dict[tuple[int, int], Dimension]] = {}

    def __new__(cls, exponents: tuple = (0, 0, 0, 0, 0, 0, 0)) -> Dimension:
        if isinstance(exponents, tuple):
            # fast path: exponents equal to a known dimension's (2.0 == 2)
            obj = cls._cache.get(exponents)
            if obj is not None:
                return obj
        key = tuple(_clean(float(e)) for e in exponents)
        if len(key) != 7:
            raise ValueError("a Dimension needs exactly 7 exponents")
        obj = cls._cache.get(key)
        if obj is None:
            obj = object.__new__(cls)
            obj._exponents = key
            obj._hash = hash(key)
            cls._cache[key] = obj
        return obj

    @property
    def exponents(self) -> tuple:
        """The seven exponents (metre, kg, second, amp, kelvin, mole, candela)."""
        return self._exponents

    @property
    def is_dimensionless(self) -> bool:
        """True when all exponents are zero."""
        return not any(self._exponents)

    def __mul__(self, other: Dimension) -> Dimension:
        if not isinstance(other, Dimension):
            return NotImplemented
        key = (id(self), id(other))
        result = self._products.get(key)
        if result is None:
            result = Dimension(tuple(a + b for a, b in zip(self._exponents, other._exponents)))
            self._products[key] = result
        return result

    def __truediv__(self, other: Dimension) -> Dimension:
        if not isinstance(other, Dimension):
            return NotImplemented
        key = (id(self), id(other))
        result = self._quotients.get(key)
        if result is None:
            result = Dimension(tuple(a - b for a, b in zip(self._exponents, other._exponents)))
            self._quotients[key] = result
        return result

    def __pow__(self, power: float) -> Dimension:
        return Dimension(tuple(a * float(power) for a in self._exponents))

    def __eq__(self, other: object) -> bool:
        return self is other or (
            isinstance(other, Dimension) and self._exponents == other._exponents
        )

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self):
        return (Dimension, (self._exponents,))

    def __str__(self) -> str:
        if self.is_dimensionless:
            return "1"
        parts = []
        for sym, e in zip(BASE_SYMBOLS, self._exponents):
            if e == 1:
                parts.append(sym)
            elif e:
                parts.append(f"{sym}^{_clean(e)}")
        return " ".join(parts)

    def __repr__(self) -> str:
        return f"Dimension({str(self)!r})"


#: The dimension of a plain number.
DIMENSIONLESS = Dimension()
