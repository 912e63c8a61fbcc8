"""Physical units and quantities, as Brian 2 spells them.

``from brianlab.units import *`` gives the same unit names as
``from brian2 import *`` (``mV``, ``nA``, ``ms``, ``Hz``, ``um2`` … but no
one-letter ``s`` or ``m``), plus :class:`Quantity`, :class:`Unit` and the
dimension helpers.  Every other unit Brian defines (``newton``, ``cmetre3``
…) can be imported by name, and all of them are in :data:`all_units`.

Modules: :mod:`~.dimensions` (exponents), :mod:`~.definitions` (unit
names), :mod:`~.quantity`, :mod:`~.ufuncs`, :mod:`~.numpy_functions` (what
numpy does with units), :mod:`~.unit` and :mod:`~.unitnames` (unit
objects), :mod:`~.formatting` (printing), :mod:`~.messages` (error
wording), :mod:`~.functions` (helpers), :mod:`~.unitspec` (``: volt`` in
equations).
"""

from __future__ import annotations

from ..errors import DimensionMismatchError, UnitMismatchError
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import format_dimension
from .functions import (
    check_units,
    fail_for_dimension_mismatch,
    get_dimensions,
    have_same_dimensions,
    is_dimensionless,
)
from .quantity import Quantity
from .unit import Unit
from .unitnames import all_units, base_units_for_spec, exported_units, get_unit
from .unitspec import parse_unit_spec

globals().update(exported_units)

__all__ = [
    "Quantity",
    "Unit",
    "Dimension",
    "DIMENSIONLESS",
    "DimensionMismatchError",
    "UnitMismatchError",
    "get_dimensions",
    "have_same_dimensions",
    "is_dimensionless",
    "fail_for_dimension_mismatch",
    "check_units",
    "get_unit",
    "format_dimension",
    "parse_unit_spec",
    "all_units",
    "base_units_for_spec",
    *sorted(exported_units),
]


def __getattr__(name: str):
    # the units Brian defines but does not star-export (newton, cmetre3 …)
    try:
        return all_units[name]
    except KeyError:
        raise AttributeError(f"module 'brianlab.units' has no attribute {name!r}") from None
