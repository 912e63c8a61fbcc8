"""The sympy-free exact step of a single linear equation."""

import math

import pytest

from brianlab.codegen.linear import exact_single_linear, split_linear
from brianlab.parsing.expressions import parse_expression
from brianlab.parsing.printing import format_expr


def _evaluate(text, **values):
    # trusted test expressions only
    env = {
        "exp": math.exp,
        "exprel": lambda x: math.expm1(x) / x if x else 1.0,
        "f": lambda t: 2.0,
    }
    return eval(text, env, values)


@pytest.mark.parametrize(
    "rhs",
    ["(E_L - v)/tau", "(E_L - v + R*I)/tau", "-v/tau + 3", "2*(1 - v)*k/tau", "(f(t) - v)/tau"],
)
def test_split_reproduces_the_expression(rhs):
    a, b = split_linear(parse_expression(rhs), "v")
    values = dict(E_L=-0.07, tau=0.01, R=1e8, I=1e-10, k=2.0, t=0.3)
    for v in (-0.08, 0.0, 0.05):
        expected = _evaluate(rhs, v=v, **values)
        got = _evaluate(format_expr(a) if a else "0", v=v, **values) + v * _evaluate(
            format_expr(b) if b else "0", v=v, **values
        )
        assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "rhs", ["v**2/tau", "exp(v)/tau", "1/(v*tau)", "sin(t)*v", "(t/second)*v/tau"]
)
def test_non_linear_or_time_dependent_is_left_to_sympy(rhs):
    assert exact_single_linear("v", parse_expression(rhs)) is None


def test_step_is_the_exponential_solution():
    statements = exact_single_linear("v", parse_expression("(E_L - v)/tau"))
    assert [s.target for s in statements] == ["_v_new", "v"]
    value = _evaluate(format_expr(statements[0].value), v=0.0, E_L=-0.07, tau=0.01, dt=1e-4)
    assert value == pytest.approx(-0.07 * (1 - math.exp(-0.01)), rel=1e-12)


def test_zero_rate_at_run_time_stays_finite():
    statements = exact_single_linear("v", parse_expression("(-g*(v - E) + I)/C"))
    text = format_expr(statements[0].value)
    value = _evaluate(text, v=-0.07, g=0.0, E=-0.07, I=1e-10, C=2e-10, dt=1e-4)
    assert value == pytest.approx(-0.07 + 1e-4 * 1e-10 / 2e-10, rel=1e-12)
