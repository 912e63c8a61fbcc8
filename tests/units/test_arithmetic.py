"""Arithmetic, comparison, indexing and conversion of quantities, and their errors."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brianlab.errors import DimensionMismatchError, UnitMismatchError
from brianlab.units import (
    DIMENSIONLESS,
    Mohm,
    Quantity,
    amp,
    metre,
    ms,
    mV,
    nA,
    nS,
    second,
    volt,
)


def message_of(action) -> str:
    with pytest.raises(UnitMismatchError) as info:
        action()
    return str(info.value)


# -- results and their dimensions --------------------------------------------


def test_course_arithmetic_gives_brians_values():
    assert repr(1 * Mohm * (50 * nA)) == "50. * mvolt"
    assert repr(50 * nA * 10000) == "0.5 * mamp"
    assert float((-70 * mV + 5 * mV) / mV) == pytest.approx(-65)


def test_dividing_by_a_unit_of_the_same_dimension_gives_plain_numbers():
    assert type(3 * mV / mV) is float and 3 * mV / mV == 3.0
    times = np.arange(3) * ms
    assert type(times / ms) is np.ndarray and list(times / ms) == [0.0, 1.0, 2.0]
    assert type(5 * mV // (2 * mV)) is float


def test_multiplying_and_dividing_combine_dimensions():
    assert (3 * mV / (2 * ms)).dim == volt.dim / second.dim
    assert (2 * nS * (3 * mV)).dim == amp.dim
    assert (1 / (2 * ms)).dim == second.dim**-1


def test_powers_of_quantities_and_units():
    assert ((3 * mV) ** 2).dim == volt.dim**2
    assert (ms**-0.5).dim == second.dim**-0.5
    assert np.sqrt(4 * ms).dim == second.dim**0.5
    assert ((3 * mV) ** 0) == 1.0 and type((3 * mV) ** 0) is float
    assert float(((3 * mV) ** 2) ** 0.5 / mV) == pytest.approx(3)


def test_an_exponent_with_units_is_an_error():
    assert message_of(lambda: (2 * ms) ** (2 * ms)) == (
        "Cannot calculate 2. ms ** 2. ms: the exponent must be dimensionless, "
        "but 2. ms is in second."
    )
    assert message_of(lambda: 2 ** (3 * ms)).startswith("Cannot calculate 2 ** 3. ms")


def test_an_array_of_exponents_for_a_quantity_with_units_is_a_type_error():
    with pytest.raises(TypeError, match="array of 2 exponents"):
        (2 * ms) ** np.array([1, 2])


def test_float_and_int_give_the_si_value_as_in_brian2():
    assert float(3 * mV) == 0.003
    assert int(3 * mV) == 0


# -- mismatches ----------------------------------------------------------------


def test_adding_different_units_names_both_units():
    assert message_of(lambda: 5 * Mohm + 10 * nA) == (
        "Cannot calculate 5. Mohm + 10. nA, the units do not match (units are ohm and amp)."
    )


def test_the_error_is_brians_dimension_mismatch_error_and_a_value_error():
    with pytest.raises(DimensionMismatchError) as info:
        3 * mV - 2 * nA
    assert isinstance(info.value, ValueError)
    assert info.value.dims == (volt.dim, amp.dim)


def test_a_plain_number_added_to_a_quantity_gets_a_unit_hint():
    assert message_of(lambda: 5 * mV + 3) == (
        "Cannot calculate 5. mV + 3, the units do not match (units are volt and 1). "
        "Did you mean 3*mV?"
    )
    assert message_of(lambda: 3 - 2 * nA).endswith("(units are 1 and amp). Did you mean 3*nA?")


def test_in_place_operators_are_named_in_the_message():
    v = [1, 2] * mV

    def add_three():
        nonlocal v
        v += 3

    assert message_of(add_three).startswith("Cannot calculate [1. 2.] mV += 3,")


def test_a_rate_added_to_a_value_suggests_a_time_constant():
    assert message_of(lambda: 3 * mV / (2 * ms) + 1 * mV) == (
        "Cannot calculate 1.5 volt/second + 1. mV, the units do not match "
        "(units are volt/second and volt). One side is a rate of change (per second): "
        "multiply it by a time, or divide the other side by a time constant."
    )


def test_a_current_added_to_a_voltage_suggests_a_resistance():
    assert message_of(lambda: 3 * mV + 2 * nA).endswith(
        "To turn a current into a voltage, multiply it by a resistance (e.g. R*I)."
    )


def test_remainder_needs_equal_units():
    assert repr((3 * mV) % (2 * mV)) == "1. * mvolt"
    assert "Cannot calculate 3. mV % 2," in message_of(lambda: (3 * mV) % 2)


# -- the zero exception --------------------------------------------------------


def test_zero_fits_any_unit_in_sums_and_comparisons():
    assert repr(5 * mV + 0) == "5. * mvolt"
    assert (3 * mV > 0) and not (3 * mV == 0)
    assert list([0, 1] * mV < np.array([0, 0])) == [False, False]
    assert 3 * mV < np.inf


def test_comparing_with_a_plain_nonzero_number_is_an_error():
    assert message_of(lambda: 3 * mV > 1) == (
        "Cannot perform comparison 3. mV > 1, the units do not match (units are volt and 1). "
        "Did you mean 1*mV?"
    )


def test_comparisons_give_plain_booleans():
    result = [1, 2] * mV > [1, 1] * mV
    assert type(result) is np.ndarray and list(result) == [False, True]
    assert type(3 * mV > 2 * mV) is np.bool_


def test_comparing_with_a_non_number_is_elementwise_false_for_equality():
    assert (3 * mV == None) is np.False_  # noqa: E711
    assert list(([1, 2] * mV) != "a") == [True, True]
    with pytest.raises(TypeError):
        3 * mV < None  # noqa: B015


# -- indexing, assignment, iteration -----------------------------------------


def test_indexing_keeps_units():
    v = np.array([[1, 2], [3, 4]]) * mV
    assert repr(v[0, 1]) == "2. * mvolt"
    assert repr(v[:, 0]) == "array([1., 3.]) * mvolt"
    assert repr(v.T[0]) == "array([1., 3.]) * mvolt"
    assert repr(([1, 2] * mV)[np.array([True, False])]) == "array([1.]) * mvolt"


def test_item_assignment_checks_units():
    v = [1, 2] * mV
    v[0] = 3 * volt
    assert list(v / mV) == [3000.0, 2.0]
    v[1] = 0
    assert v[1] == 0 * mV
    assert message_of(lambda: v.__setitem__(0, 3 * nA)) == (
        "Cannot assign 3. nA to a quantity in volt, the units do not match "
        "(units are volt and amp)."
    )
    assert message_of(lambda: v.__setitem__(0, 3)).endswith("Did you mean 3*mV?")


def test_fill_and_put_check_units():
    v = [1, 2] * mV
    v.fill(5 * mV)
    assert list(v / mV) == [5.0, 5.0]
    assert "Cannot store 2. nA in a quantity in volt" in message_of(lambda: v.fill(2 * nA))
    assert "Cannot store" in message_of(lambda: v.put([0], [3] * nA))


def test_iteration_item_and_tolist_give_quantities():
    v = [3, 1] * mV
    assert [repr(x) for x in v] == ["3. * mvolt", "1. * mvolt"]
    assert repr(v.item(0)) == "3. * mvolt"
    assert repr(v.tolist()) == "[3. * mvolt, 1. * mvolt]"
    with pytest.raises(TypeError):
        iter(3 * mV)


def test_a_list_of_quantities_becomes_one_quantity():
    assert repr(Quantity([1 * mV, 2 * mV])) == "array([1., 2.]) * mvolt"
    assert repr([1 * mV, 2 * mV] + 3 * mV) == "array([4., 5.]) * mvolt"
    assert message_of(lambda: Quantity([1 * mV, 2 * nA])) == (
        "Cannot make one quantity from a list that mixes units (volt and amp). "
        "Give every element the same unit, e.g. [1, 2]*mV."
    )


def test_quantities_hold_floats_and_reject_text():
    assert (np.array([1, 2]) * mV).dtype == np.float64
    with pytest.raises(TypeError, match="only be made from numbers"):
        Quantity("a")


# -- construction and queries --------------------------------------------------


def test_with_dimensions_accepts_a_dimension_or_base_unit_exponents():
    assert repr(Quantity.with_dimensions(2, volt.dim)) == "2. * volt"
    speed = Quantity.with_dimensions(2, m=1, s=-1)
    assert speed.dim == metre.dim / second.dim
    assert Quantity.with_dimensions(2, metre=1, second=-1).dim == speed.dim
    with pytest.raises(TypeError, match="unknown base unit 'parsec'"):
        Quantity.with_dimensions(2, parsec=1)


def test_dimension_queries():
    q = 3 * mV
    assert q.dim is q.dimensions is volt.dim
    assert not q.is_dimensionless and Quantity(3).is_dimensionless
    assert q.has_same_dimensions(2 * volt) and not q.has_same_dimensions(2)
    assert Quantity(3).dim is DIMENSIONLESS


def test_in_unit_rejects_a_unit_of_another_dimension():
    assert message_of(lambda: (3 * mV).in_unit(ms)) == (
        "Cannot express 3. mV in ms, the units do not match (units are volt and second)."
    )


# -- properties ----------------------------------------------------------------

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite)
@settings(max_examples=60, deadline=None)
def test_adding_in_any_prefix_equals_adding_the_si_values(a, b):
    assert float((a * mV + b * volt) / volt) == pytest.approx(a * 1e-3 + b, rel=1e-12, abs=1e-12)


@given(st.floats(min_value=1e-30, max_value=1e30))
@settings(max_examples=60, deadline=None)
def test_printing_round_trips_through_the_chosen_unit(value):
    q = value * volt
    unit = q.get_best_unit()
    assert float(q / unit) * float(unit) == pytest.approx(value, rel=1e-12)
