"""get_dimensions & co., and the check_units decorator."""

import numpy as np
import pytest

from brianlab.errors import UnitMismatchError
from brianlab.units import (
    DIMENSIONLESS,
    amp,
    check_units,
    fail_for_dimension_mismatch,
    get_dimensions,
    get_unit,
    have_same_dimensions,
    is_dimensionless,
    ms,
    mV,
    nA,
    ohm,
    second,
    volt,
)


def test_get_dimensions_of_quantities_numbers_arrays_and_dimensions():
    assert get_dimensions(3 * mV) is volt.dim
    assert get_dimensions(3) is DIMENSIONLESS
    assert get_dimensions(np.array([1, 2])) is DIMENSIONLESS
    assert get_dimensions([1 * mV, 2 * mV]) is volt.dim
    assert get_dimensions(volt.dim) is volt.dim


@pytest.mark.parametrize("obj", ["3*mV", None, object()])
def test_get_dimensions_of_a_non_number_is_a_type_error(obj):
    with pytest.raises(TypeError, match="has no physical dimensions"):
        get_dimensions(obj)


def test_dimension_predicates():
    assert have_same_dimensions(3 * mV, 2 * volt) and have_same_dimensions(0, 2)
    assert not have_same_dimensions(3 * mV, 2)
    assert is_dimensionless(3) and is_dimensionless(3 * mV / mV) and not is_dimensionless(mV)


def test_fail_for_dimension_mismatch_returns_the_dimensions_or_raises():
    assert fail_for_dimension_mismatch(3 * mV, 1 * volt) == (volt.dim, volt.dim)
    with pytest.raises(UnitMismatchError) as info:
        fail_for_dimension_mismatch(3 * mV, 2 * nA, "Cannot set {a} to {b}", a=3 * mV, b=2 * nA)
    assert str(info.value) == (
        "Cannot set 3. mV to 2. nA, the units do not match (units are volt and amp)."
    )
    with pytest.raises(UnitMismatchError) as info:
        fail_for_dimension_mismatch(3 * mV)
    assert str(info.value) == (
        "Expected a dimensionless value but got 3. mV, the units do not match (unit is volt)."
    )


def test_get_unit_gives_the_unit_of_scale_one():
    assert get_unit(mV.dim) is volt
    assert repr(get_unit((volt / ohm).dim)) == "amp"
    assert repr(get_unit((amp * ohm * ms).dim)) == "weber"
    assert float(get_unit((volt / second**3).dim)) == 1.0


@check_units(v=volt, tau=second, result=amp)
def current(v, tau, scale=1):
    return v / tau * 1e-3 * ms / mV * nA * scale


def message_of(action, error=UnitMismatchError) -> str:
    with pytest.raises(error) as info:
        action()
    return str(info.value)


def test_check_units_accepts_the_right_units():
    assert repr(current(3 * mV, 2 * ms)) == "1.5 * pamp"
    assert repr(current(v=3 * mV, tau=2 * ms, scale=2)) == "3. * pamp"


def test_check_units_suggests_a_unit_for_a_plain_number():
    assert message_of(lambda: current(3 * mV, 100)) == (
        "Function 'current' expected a quantity with unit second for argument 'tau' but got "
        "'100' (unit is 1). Did you mean 100*ms?"
    )


def test_check_units_names_the_wrong_unit():
    assert message_of(lambda: current(3 * mV, tau=2 * nA)) == (
        "Function 'current' expected a quantity with unit second for argument 'tau' but got "
        "'2. nA' (unit is amp)."
    )


def test_check_units_checks_the_result():
    @check_units(v=volt, result=amp)
    def identity(v):
        return v

    assert message_of(lambda: identity(3 * mV)) == (
        "The return value of function 'identity' was expected to have unit amp but was "
        "'3. mV' (unit is volt)."
    )


def test_check_units_booleans_references_and_skipped_values():
    @check_units(x=1, flag=bool, y="x", z=None)
    def f(x, flag=True, y=0, z=None):
        return x

    assert f(3, flag=False, y=2, z=5 * mV) == 3
    assert f("an expression", y=None) == "an expression"
    assert message_of(lambda: f(3, flag=1), TypeError) == (
        "Function 'f' expected a boolean value (True or False) for argument 'flag' but got 1."
    )
    assert message_of(lambda: f(3 * mV)).startswith(
        "Function 'f' expected a quantity with unit 1 for argument 'x' but got '3. mV'"
    )
    assert message_of(lambda: f(3 * mV / mV, y=2 * nA)) == (
        "Function 'f' expected the argument 'y' to have the same units as argument 'x', but "
        "argument 'y' has unit amp, while argument 'x' has unit 1."
    )


def test_check_units_rejects_units_for_unknown_arguments():
    with pytest.raises(TypeError, match="got units for 'w', which is not an argument of g"):

        @check_units(w=volt)
        def g(v):
            return v


def test_check_units_keeps_the_function_name_and_records_the_units():
    assert current.__name__ == "current"
    assert current._arg_names == ["v", "tau", "scale"]
    assert current._arg_units == [volt, second, None]
    assert current._return_unit is amp
