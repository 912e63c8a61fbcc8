"""Slider specifications from units, and the namespace the sliders write."""

from __future__ import annotations

import math

import pytest

from brianlab import InvalidParameterError, Mohm, UnitMismatchError, ms, mV, nA, second
from brianlab.widgets.models.parameters import (
    ParameterSet,
    auto_spec,
    display_unit,
    parameter_spec,
)


def test_time_range_is_labelled_in_ms_and_log_scaled_over_two_decades():
    spec = parameter_spec("tau", (1 * ms, 100 * ms))
    assert spec.label == "tau (ms)"
    assert (spec.low, spec.high, spec.unit, spec.scale) == (1.0, 100.0, "ms", 1e-3)
    assert spec.log
    assert spec.value == pytest.approx(10.0)  # geometric middle of a log range


def test_range_within_one_decade_is_linear_with_arithmetic_middle():
    spec = parameter_spec("E_L", (-80 * mV, -60 * mV))
    assert not spec.log
    assert spec.unit == "mV"
    assert spec.value == pytest.approx(-70.0)


def test_exactly_one_decade_is_log_scaled():
    assert parameter_spec("I", (0.1 * nA, 1 * nA)).log


def test_explicit_step_gives_a_linear_slider_on_the_step_grid():
    spec = parameter_spec("tau", (1 * ms, 100 * ms, 10 * ms))
    assert not spec.log
    assert spec.step == 10.0
    assert spec.snap(14.0) == 11.0
    assert spec.snap(94.0) == 91.0
    assert spec.snap(99.0) == 100.0  # the upper end is always reachable
    assert spec.snap(1000.0) == 100.0


def test_snapping_does_not_show_float_noise():
    spec = parameter_spec("x", (0.0, 1.0, 0.1))
    assert spec.snap(0.3) == 0.3


def test_initial_value_is_taken_and_clipped_into_the_range():
    assert parameter_spec("tau", (1 * ms, 100 * ms), 20 * ms).value == 20.0
    assert parameter_spec("tau", (1 * ms, 100 * ms), 500 * ms).value == 100.0


def test_slider_position_converts_to_quantity_and_back():
    spec = parameter_spec("R", (10 * Mohm, 1000 * Mohm))
    assert spec.unit == "Mohm"
    value = spec.quantity(250.0)
    assert float(value / Mohm) == pytest.approx(250.0)
    assert spec.from_quantity(value) == pytest.approx(250.0)


def test_dimensionless_parameters_stay_plain_numbers():
    spec = parameter_spec("a", (0, 2))
    assert spec.label == "a"
    assert spec.quantity(0.5) == 0.5
    assert isinstance(spec.quantity(0.5), float)


def test_mixed_units_in_a_range_are_refused_in_the_users_units():
    with pytest.raises(UnitMismatchError) as info:
        parameter_spec("tau", (1 * ms, 100 * mV))
    message = str(info.value)
    assert "the upper end for 'tau' is in volt, but the range is in second." in message


def test_empty_range_is_refused():
    with pytest.raises(InvalidParameterError) as info:
        parameter_spec("tau", (100 * ms, 1 * ms))
    assert str(info.value) == (
        "the range for 'tau' is empty: 100. ms is not below 1. ms. Give the lower end first."
    )


def test_non_positive_step_is_refused():
    with pytest.raises(InvalidParameterError):
        parameter_spec("tau", (1 * ms, 10 * ms, 0 * ms))


def test_auto_range_of_a_positive_value_spans_two_decades_on_a_log_scale():
    spec = auto_spec("tau", 10 * ms)
    assert (spec.low, spec.high, spec.log) == (pytest.approx(1.0), pytest.approx(100.0), True)
    assert spec.value == pytest.approx(10.0)


def test_auto_range_of_a_negative_value_goes_from_twice_it_to_zero():
    spec = auto_spec("E_L", -70 * mV)
    assert (spec.low, spec.high, spec.log) == (-140.0, 0.0, False)
    assert spec.value == pytest.approx(-70.0)


def test_auto_range_of_zero_is_one_course_unit_either_side():
    spec = auto_spec("I", 0 * nA)
    assert (spec.low, spec.high, spec.unit) == (-1.0, 1.0, "nA")


def test_dimensions_without_a_course_unit_are_shown_in_si_words():
    assert display_unit((mV / ms).dim) == ("volt/second", 1.0)


def test_parameter_set_writes_quantities_into_the_namespace_and_notifies():
    namespace = {"tau": 10 * ms}
    params = ParameterSet(namespace, {"tau": (1 * ms, 100 * ms)})
    seen = []
    params.on_change(lambda name, value: seen.append((name, value)))
    assert params.value("tau") == pytest.approx(10.0)  # starts at the namespace's value
    params.set_value("tau", 25.0)
    assert float(namespace["tau"] / second) == pytest.approx(0.025)
    assert seen[0][0] == "tau"
    assert params.state["tau"]["text"] == "25 ms"


def test_parameter_set_refuses_a_range_in_other_units_than_the_value():
    with pytest.raises(UnitMismatchError):
        ParameterSet({"tau": 10 * ms}, {"tau": (1 * mV, 10 * mV)})


def test_free_parameters_get_automatic_sliders_only_for_numbers():
    namespace = {"tau": 10 * ms, "name": "not a number", "flag": True, "n": 3.0}
    params = ParameterSet(namespace)
    added = params.add_free(["tau", "name", "flag", "n", "missing"])
    assert [s.name for s in added] == ["tau", "n"]
    assert math.isclose(params.specs["n"].high, 30.0)
