"""The catalogue of unit names brianlab knows: pure data, no unit objects.

Each *family* is an SI unit (``volt``) with its symbol (``V``), its dimension
and its scale, and says whether it takes SI prefixes (``mvolt``) and the
power forms ``volt2``/``volt3``.  :func:`unit_specs` expands the families into
every name Brian 2 defines (``mvolt``, ``cmetre2``, ``Mohm``, …), plus the
short aliases (``mV``, ``nA``, ``ms``, ``cm2`` …).  Building the
:class:`~brianlab.units.unit.Unit` objects from these specs is the job of
:mod:`brianlab.units.unitnames`; choosing a unit for display is the job of
:mod:`brianlab.units.formatting`.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from .dimensions import Dimension

__all__ = [
    "PREFIXES",
    "DISPLAY_PREFIXES",
    "Family",
    "FAMILIES",
    "UnitSpec",
    "unit_specs",
    "ALIASES",
    "STAR_EXPORTS",
    "family_by_name",
]


def _dim(m=0, kg=0, s=0, A=0, K=0, mol=0, cd=0) -> Dimension:
    return Dimension((m, kg, s, A, K, mol, cd))


#: SI prefixes as Brian names them: symbol -> power of ten.
PREFIXES: dict[str, int] = {
    "y": -24,
    "z": -21,
    "a": -18,
    "f": -15,
    "p": -12,
    "n": -9,
    "u": -6,
    "m": -3,
    "c": -2,
    "d": -1,
    "da": 1,
    "h": 2,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
    "Z": 21,
    "Y": 24,
}

#: Prefixes used when a quantity is printed (never centi, deci, deca, hecto),
#: in the order Brian 2 tries them: on a tie, the earlier one is printed.
DISPLAY_PREFIXES: tuple[str, ...] = (
    "Y", "k", "M", "z", "E", "y", "T", "u", "p", "n", "m", "f", "G", "P", "Z", "a", "",
)  # fmt: skip

#: LaTeX of the prefixes that are not plain letters.
PREFIX_LATEX = {"u": r"\mu"}


class Family(NamedTuple):
    """One SI unit and how Brian derives names from it.

    Attributes
    ----------
    name : str
        Full name (``volt``).
    symbol : str
        Printed symbol (``V``).
    dim : Dimension
        Its dimension.
    scale : int
        Power of ten of the unprefixed unit in SI (``gram``: -3, ``molar``: 3).
    prefixed : bool
        Whether ``mvolt``, ``kvolt``, … exist.
    powers : bool
        Whether ``volt2`` and ``volt3`` (and their prefixed forms) exist.
    display : bool
        Whether printed quantities may be shown in this unit.
    """

    name: str
    symbol: str
    dim: Dimension
    scale: int = 0
    prefixed: bool = True
    powers: bool = True
    display: bool = True


_VOLT = _dim(m=2, kg=1, s=-3, A=-1)
_OHM = _dim(m=2, kg=1, s=-3, A=-2)

#: The unit families, in the order that decides which name wins for display
#: when two share a dimension and scale (``metre`` before ``meter``).
FAMILIES: tuple[Family, ...] = (
    Family("metre", "m", _dim(m=1)),
    Family("meter", "m", _dim(m=1), display=False),
    # kilogram: the SI base unit, but its prefixed forms are built on gram
    Family("kilogram", "kg", _dim(kg=1), prefixed=False),
    Family("kilogramme", "kg", _dim(kg=1), prefixed=False, display=False),
    Family("gram", "g", _dim(kg=1), scale=-3),
    Family("gramme", "g", _dim(kg=1), scale=-3, display=False),
    Family("second", "s", _dim(s=1)),
    Family("amp", "A", _dim(A=1)),
    Family("ampere", "A", _dim(A=1), display=False),
    Family("kelvin", "K", _dim(K=1), prefixed=False),
    Family("mole", "mol", _dim(mol=1)),
    Family("mol", "mol", _dim(mol=1), display=False),
    Family("candle", "cd", _dim(cd=1)),
    Family("radian", "rad", _dim(), display=False),
    Family("steradian", "sr", _dim(), display=False),
    Family("hertz", "Hz", _dim(s=-1)),
    Family("newton", "N", _dim(m=1, kg=1, s=-2)),
    Family("pascal", "Pa", _dim(m=-1, kg=1, s=-2)),
    Family("joule", "J", _dim(m=2, kg=1, s=-2)),
    Family("watt", "W", _dim(m=2, kg=1, s=-3)),
    Family("coulomb", "C", _dim(s=1, A=1)),
    Family("volt", "V", _VOLT),
    Family("farad", "F", _dim(m=-2, kg=-1, s=4, A=2)),
    Family("ohm", "ohm", _OHM),
    Family("siemens", "S", _dim(m=-2, kg=-1, s=3, A=2)),
    Family("weber", "Wb", _dim(m=2, kg=1, s=-2, A=-1)),
    Family("tesla", "T", _dim(kg=1, s=-2, A=-1)),
    Family("henry", "H", _dim(m=2, kg=1, s=-2, A=-2)),
    Family("lumen", "lm", _dim(cd=1), display=False),
    Family("lux", "lx", _dim(m=-2, cd=1)),
    Family("becquerel", "Bq", _dim(s=-1), display=False),
    Family("gray", "Gy", _dim(m=2, s=-2)),
    Family("sievert", "Sv", _dim(m=2, s=-2), display=False),
    Family("katal", "kat", _dim(s=-1, mol=1)),
    Family("molar", "M", _dim(m=-3, mol=1), scale=3),
    Family("litre", "l", _dim(m=3), scale=-3, powers=False, display=False),
    Family("liter", "l", _dim(m=3), scale=-3, powers=False, display=False),
)


def family_by_name(name: str) -> Family:
    """The family called ``name`` (``KeyError`` if there is none)."""
    return _FAMILY_INDEX[name]


_FAMILY_INDEX = {f.name: f for f in FAMILIES}


class UnitSpec(NamedTuple):
    """Everything needed to build one named unit.

    Attributes
    ----------
    name : str
        The Python name and ``repr`` (``mvolt``, ``cmetre2``).
    dispname : str
        What ``str`` prints (``mV``, ``cm^2``).
    latexname : str
        LaTeX for notebooks.
    dim : Dimension
        Its dimension.
    exponent : int
        Its value in SI is ``10**exponent``.
    family : str
        The family it was derived from.
    prefix : str
        Its SI prefix ('' if none).
    power : int
        1, 2 or 3.
    """

    name: str
    dispname: str
    latexname: str
    dim: Dimension
    exponent: int
    family: str
    prefix: str
    power: int


def _spec(family: Family, prefix: str, power: int) -> UnitSpec:
    suffix = "" if power == 1 else str(power)
    disp_suffix = "" if power == 1 else f"^{power}"
    latex_prefix = PREFIX_LATEX.get(prefix, prefix)
    latex_base = rf"\mathrm{{{latex_prefix}{family.symbol}}}"
    if family.name in ("kilogram", "kilogramme"):
        dispname, latex_base = "kg", r"\mathrm{kg}"
    else:
        dispname = prefix + family.symbol
    latex = latex_base if power == 1 else f"{latex_base}^{{{power}}}"
    return UnitSpec(
        name=prefix + family.name + suffix,
        dispname=dispname + disp_suffix,
        latexname=latex,
        dim=family.dim**power,
        exponent=(family.scale + PREFIXES.get(prefix, 0)) * power,
        family=family.name,
        prefix=prefix,
        power=power,
    )


@functools.cache
def unit_specs() -> tuple[UnitSpec, ...]:
    """Every named unit Brian 2 defines, in family order (built once).

    Returns
    -------
    tuple of UnitSpec
        Unprefixed and prefixed forms, each with its power forms where the
        family has them.  Aliases (``mV``) are not included: see
        :data:`ALIASES`.
    """
    specs = []
    for family in FAMILIES:
        prefixes = [""] + (list(PREFIXES) if family.prefixed else [])
        powers = (1, 2, 3) if family.powers else (1,)
        for prefix in prefixes:
            for power in powers:
                specs.append(_spec(family, prefix, power))
    return tuple(specs)


#: Short names that are the same object as a longer one (``mV is mvolt``).
ALIASES: dict[str, str] = {
    "Hz": "hertz",
    "kHz": "khertz",
    "MHz": "Mhertz",
    "cm": "cmetre",
    "cm2": "cmetre2",
    "cm3": "cmetre3",
    "mm": "mmetre",
    "mm2": "mmetre2",
    "mm3": "mmetre3",
    "um": "umetre",
    "um2": "umetre2",
    "um3": "umetre3",
    "ms": "msecond",
    "us": "usecond",
    "mV": "mvolt",
    "mA": "mamp",
    "uA": "uamp",
    "nA": "namp",
    "pA": "pamp",
    "mS": "msiemens",
    "uS": "usiemens",
    "nS": "nsiemens",
    "uF": "ufarad",
    "nF": "nfarad",
    "pF": "pfarad",
    "mM": "mmolar",
    "uM": "umolar",
    "nM": "nmolar",
}

_STAR_FAMILIES = (
    "amp",
    "coulomb",
    "farad",
    "gram",
    "gramme",
    "hertz",
    "joule",
    "liter",
    "litre",
    "meter",
    "metre",
    "molar",
    "mole",
    "ohm",
    "pascal",
    "second",
    "siemens",
    "volt",
    "watt",
)
_STAR_PREFIXES = ("", "p", "n", "u", "m", "k", "M", "G", "T")

#: The unit names that ``from brian2 import *`` provides (and so does
#: ``from brianlab import *``).  No one-letter names: ``s`` and ``m`` stay
#: free for the learner's own variables.
STAR_EXPORTS: tuple[str, ...] = tuple(
    sorted(
        {p + f for f in _STAR_FAMILIES for p in _STAR_PREFIXES}
        | {"kelvin", "kilogram", "cmeter", "cmetre"}
        | set(ALIASES)
    )
)
