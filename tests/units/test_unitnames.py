"""Unit names: the same set, values and printed names as Brian 2."""

import copy
import json
import pickle
from pathlib import Path

import pytest

import brianlab.units as units
from brianlab.units import all_units, base_units_for_spec, ms, mV, mvolt, nA, volt
from brianlab.units.quantity import Quantity
from brianlab.units.unit import Unit

BRIAN2_UNITS = json.loads((Path(__file__).parent / "data" / "brian2_units.json").read_text())


def test_every_brian2_unit_name_exists_with_the_same_names_scale_and_dimension():
    assert set(all_units) == set(BRIAN2_UNITS)
    for name, expected in BRIAN2_UNITS.items():
        unit = all_units[name]
        assert (repr(unit), str(unit)) == (expected["repr"], expected["str"]), name
        assert float(unit) == expected["scale"], name
        assert list(unit.dim.exponents) == expected["dim"], name


def test_star_import_gives_exactly_brian2s_unit_names():
    namespace = {}
    exec("from brianlab.units import *", namespace)
    exported = {k for k, v in namespace.items() if isinstance(v, Unit)}
    assert exported == {k for k, v in BRIAN2_UNITS.items() if v["star"]}


def test_one_letter_names_stay_free_for_user_variables():
    namespace = {}
    exec("from brianlab.units import *", namespace)
    assert "s" not in namespace and "m" not in namespace


def test_units_brian_does_not_star_export_can_still_be_imported_by_name():
    from brianlab.units import newton

    assert newton is all_units["newton"]
    with pytest.raises(AttributeError, match="no attribute 'voltage'"):
        units.voltage  # noqa: B018


def test_short_names_are_the_same_objects_as_the_long_ones():
    assert mV is mvolt
    assert all_units["Hz"] is all_units["hertz"]
    assert all_units["um2"] is all_units["umetre2"]


def test_unit_specs_allow_exactly_the_base_units_brian_lists():
    # from Brian 2's message for ': voltage'
    brian_allowed = (
        "amp ampere candle lumen coulomb farad gray sievert henry hertz Hz becquerel joule "
        "katal kelvin kilogram kilogramme kgram kgramme klitre kliter lux metre meter mmolar "
        "mM mole mol newton ohm pascal radian steradian second siemens tesla volt watt weber"
    )
    assert set(base_units_for_spec) == set(brian_allowed.split())


def test_a_unit_cannot_be_modified_in_place():
    x = mV
    x += 1 * mV
    assert float(mV) == 0.001 and float(x) == 0.002
    with pytest.raises(ValueError):
        mV[()] = 5


def test_units_are_hashable_and_usable_as_dict_keys():
    assert {mV: "millivolt"}[mvolt] == "millivolt"


def test_unit_arithmetic_gives_named_units_and_numbers_give_quantities():
    assert isinstance(mV / ms, Unit) and repr(mV / ms) == "mvolt / msecond"
    assert isinstance(mV**2, Unit)
    assert isinstance(1 / ms, Unit) and repr(1 / ms) == "msecond ** -1"
    for q in (3 * mV, mV * 3, -mV, mV + mV, 2 / ms):
        assert type(q) is Quantity


def test_units_and_quantities_survive_pickling_and_copying():
    q = [1, 2] * nA
    for restored in (pickle.loads(pickle.dumps(q)), copy.deepcopy(q), copy.copy(q)):
        assert restored.dim is nA.dim and list(restored / nA) == [1.0, 2.0]
    unit = pickle.loads(pickle.dumps(volt / ms))
    assert isinstance(unit, Unit) and repr(unit) == "volt / msecond"
    assert float(unit) == 1000.0


def test_unit_scale_is_its_power_of_ten():
    assert mV.scale == -3 and all_units["kgram"].scale == 0 and (ms**-0.5).scale == 1.5
