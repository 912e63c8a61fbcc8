"""Every named unit as a :class:`~brianlab.units.unit.Unit` object, and the registries.

Builds one unit object per name of :mod:`brianlab.units.definitions`
(``mV`` and ``mvolt`` are the same object), registers the ones Brian 2
prints quantities in, and exposes:

``all_units``
    every unit name, for resolving names inside equation strings;
``base_units_for_spec``
    the unprefixed units allowed after ``:`` in an equation (``volt``,
    ``siemens``, ``Hz`` …: every unit of scale 1, as in Brian 2);
``exported_units``
    the names ``from brian2 import *`` provides.
"""

from __future__ import annotations

import numpy as np

from .definitions import (
    ALIASES,
    DISPLAY_PREFIXES,
    FAMILIES,
    STAR_EXPORTS,
    family_by_name,
    unit_specs,
)
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import additional_units, best_unit, standard_units, user_units
from .unit import Unit, power, product, quotient

__all__ = [
    "all_units",
    "base_units_for_spec",
    "exported_units",
    "spec_name_for",
    "get_unit",
    "best_unit_object",
]


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    specs = unit_specs()
    for spec in specs:
        units[spec.name] = Unit(
            10.0**spec.exponent,
            spec.dim,
            name=spec.name,
            dispname=spec.dispname,
            latexname=spec.latexname,
        )
    for alias, target in ALIASES.items():
        units[alias] = units[target]
    return units


def _register_standard(units: dict[str, Unit]) -> None:
    by_key = {(s.family, s.prefix, s.power): s.name for s in unit_specs()}
    for family in FAMILIES:
        # kilogram is registered in the place of gram's "kgram", as Brian does
        if not family.display or family.name == "kilogram":
            continue
        for exponent in (1, 2, 3) if family.powers else (1,):
            for prefix in DISPLAY_PREFIXES if family.prefixed else ("",):
                name = by_key[(family.name, prefix, exponent)]
                if family.name == "gram" and prefix == "k":
                    name = name.replace("kgram", "kilogram")
                standard_units.add(units[name])


#: Every unit name Brian 2 defines (``mV``, ``mvolt``, ``cmetre2``, ``Hz`` …).
all_units: dict[str, Unit] = _build()
_register_standard(all_units)

#: The unit names that ``from brianlab import *`` exports, as ``from brian2 import *``.
exported_units: dict[str, Unit] = {name: all_units[name] for name in STAR_EXPORTS}


def _register_additional() -> None:
    u = all_units
    for unit in (
        product(u["pascal"], u["second"]),
        product(u["newton"], u["metre"]),
        quotient(u["watt"], power(u["metre"], 2)),
        quotient(u["joule"], u["kelvin"]),
        quotient(u["joule"], product(u["kilogram"], u["kelvin"])),
        quotient(u["joule"], u["kilogram"]),
        quotient(u["watt"], product(u["metre"], u["kelvin"])),
        quotient(u["joule"], power(u["metre"], 3)),
        quotient(u["volt"], power(u["metre"], 3)),
        quotient(u["coulomb"], power(u["metre"], 3)),
        quotient(u["coulomb"], power(u["metre"], 2)),
        quotient(u["farad"], u["metre"]),
        quotient(u["henry"], u["metre"]),
        quotient(u["joule"], u["mole"]),
        quotient(u["joule"], product(u["mole"], u["kelvin"])),
        quotient(u["coulomb"], u["kilogram"]),
        quotient(u["gray"], u["second"]),
        quotient(u["katal"], power(u["metre"], 3)),
    ):
        additional_units.add(unit)


_register_additional()


def _spec_units() -> dict[str, Unit]:
    names = {}
    for spec in unit_specs():
        if spec.exponent == 0 and spec.power == 1:
            names[spec.name] = all_units[spec.name]
    for alias, target in ALIASES.items():
        if target in names:
            names[alias] = names[target]
    return names


#: The units allowed after ``:`` in an equation: those of scale 1 and power 1.
base_units_for_spec: dict[str, Unit] = _spec_units()


def _preferred_spec_names() -> dict[Dimension, str]:
    preferred: dict[Dimension, str] = {}
    for spec in unit_specs():
        family = family_by_name(spec.family)
        if spec.name in base_units_for_spec and family.display:
            preferred.setdefault(spec.dim, spec.name)
    return preferred


_PREFERRED_SPEC_NAMES = _preferred_spec_names()


def spec_name_for(dim: Dimension) -> str | None:
    """The unit a learner should write after ``:`` for ``dim`` (``volt``), if one exists."""
    return _PREFERRED_SPEC_NAMES.get(dim)


def get_unit(dim: Dimension) -> Unit:
    """A unit of scale 1 with dimension ``dim`` (``get_unit(mV.dim)`` is ``volt``).

    Registered units are preferred; otherwise a unit named after the SI base
    units is made.
    """
    if dim is DIMENSIONLESS:
        return all_units["radian"]
    for registry in (standard_units, additional_units, user_units):
        for unit in registry.candidates(dim):
            if float(unit) == 1.0:
                return unit
    return Unit(1.0, dim)


def best_unit_object(values: np.ndarray, dim: Dimension) -> Unit:
    """The unit a quantity with these SI values is printed in."""
    unit = best_unit(values, dim)
    return get_unit(dim) if unit is None else unit
