"""The numpy evaluator of IR right-hand sides (used by the phase plane)."""

from __future__ import annotations

import numpy as np
import pytest

from brianlab import UnsupportedEquationsError
from brianlab.parsing.expressions import parse_expression
from brianlab.widgets.models.evaluate import evaluate


def test_arithmetic_on_grids_matches_numpy():
    v = np.linspace(-2, 2, 7)
    w = np.linspace(-1, 1, 7)
    expr = parse_expression("(v - v**3/3 - w + I)/tau")
    got = evaluate(expr, {"v": v, "w": w, "I": 0.5, "tau": 0.01})
    np.testing.assert_allclose(got, (v - v**3 / 3 - w + 0.5) / 0.01, rtol=1e-15)


def test_functions_conditions_and_integer_truncation():
    x = np.array([-1.5, 0.0, 0.5, 2.0])
    expr = parse_expression("exp(x)*int(x > 0) + clip(x, -1, 1) + abs(x)*int(x)")
    expected = np.exp(x) * (x > 0) + np.clip(x, -1, 1) + np.abs(x) * np.trunc(x)
    np.testing.assert_allclose(evaluate(expr, {"x": x}), expected, rtol=1e-15)


def test_exprel_is_one_at_zero_and_expm1_over_x_elsewhere():
    x = np.array([0.0, 1e-3, 2.0])
    got = evaluate(parse_expression("exprel(x)"), {"x": x})
    np.testing.assert_allclose(got, [1.0, np.expm1(1e-3) / 1e-3, np.expm1(2.0) / 2.0])


def test_boolean_operators_combine_elementwise():
    v = np.array([0.0, 1.5, 3.0])
    got = evaluate(parse_expression("v > 1 and not v > 2 or v < 0.5"), {"v": v})
    assert got.tolist() == [True, True, False]


def test_noise_counts_as_zero():
    assert (
        evaluate(parse_expression("-v/tau + sigma*xi"), {"v": 1.0, "tau": 2.0, "sigma": 5.0})
        == -0.5
    )


def test_random_functions_are_refused_with_the_reason():
    with pytest.raises(UnsupportedEquationsError) as info:
        evaluate(parse_expression("v + rand()"), {"v": 1.0})
    assert "'rand()' is random or not a known function" in str(info.value)


def test_a_name_without_value_is_reported():
    with pytest.raises(UnsupportedEquationsError) as info:
        evaluate(parse_expression("v/tau"), {"v": 1.0})
    assert str(info.value).startswith("'tau' has no value here.")
