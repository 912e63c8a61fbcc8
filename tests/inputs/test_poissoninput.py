"""PoissonInput: binomial(N, rate*dt)*weight added each step, checked against
the binomial distribution, and its checks of units and arguments."""

import math

import numpy as np
import pytest

from brianlab import (
    Hz,
    InvalidParameterError,
    Network,
    NeuronGroup,
    PoissonInput,
    UnitMismatchError,
    UnknownIdentifierError,
    ms,
    mV,
    nA,
    nS,
    seed,
)
from brianlab.codegen.runtime import _binomial, python_random_state

DT = 1e-4


def _within_sigmas(observed: float, mean: float, variance: float, k: float = 4.0) -> bool:
    return abs(observed - mean) <= k * math.sqrt(variance)


@pytest.mark.parametrize(
    ("n", "rate_hz"),
    [(100, 10.0), (2000, 500.0)],
    ids=["exact-binomial", "normal-approximation"],
)
def test_mean_and_variance_of_the_drive_match_the_binomial(n, rate_hz):
    seed(201)
    G = NeuronGroup(5000, "v : volt")
    P = PoissonInput(G, "v", n, rate_hz * Hz, weight=0.5 * mV)
    Network(G, P).run(2 * ms)
    counts = G.v_ / 0.5e-3  # inputs received over 20 steps, per neuron
    p = rate_hz * DT
    mean, variance = 20 * n * p, 20 * n * p * (1 - p)
    assert _within_sigmas(counts.mean(), mean, variance / counts.size)
    # the sample variance of 5000 values: standard error about variance*sqrt(2/5000)
    assert abs(counts.var() - variance) < 4 * variance * math.sqrt(2 / counts.size)


def test_the_exact_draws_are_whole_numbers_with_the_binomial_probabilities():
    python_random_state.seed(5)
    n, p = 12, 0.2  # n*p = 2.4: no normal approximation
    draws = np.array([_binomial(n, p) for _ in range(20000)])
    np.testing.assert_array_equal(draws, np.round(draws))
    for k in range(5):
        prob = math.comb(n, k) * p**k * (1 - p) ** (n - k)
        assert _within_sigmas(
            np.count_nonzero(draws == k), draws.size * prob, draws.size * prob * (1 - prob)
        )
    # p above 1/2 counts the failures instead; p = 0 and p = 1 are certain
    high = np.array([_binomial(10, 0.9) for _ in range(20000)])
    assert _within_sigmas(high.mean(), 9.0, 0.9 / high.size)
    assert _binomial(7, 0.0) == 0.0
    assert _binomial(7, 1.0) == 7.0


def test_a_string_weight_is_evaluated_per_neuron():
    seed(202)
    G = NeuronGroup(4000, "g : siemens")
    P = PoissonInput(G, "g", 50, 40 * Hz, weight="(1 + (i % 2))*nS")
    Network(G, P).run(5 * ms)
    even, odd = G.g_[0::2] / 1e-9, G.g_[1::2] / 2e-9
    p = 40 * DT
    for counts in (even, odd):
        np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)
        assert _within_sigmas(counts.mean(), 50 * 50 * p, 50 * 50 * p * (1 - p) / counts.size)


def test_only_the_target_subgroup_receives_input():
    G = NeuronGroup(6, "v : volt")
    P = PoissonInput(G[2:4], "v", 10, 10000 * Hz, weight=1 * mV)  # p = 1: 10 inputs a step
    Network(G, P).run(1 * ms)
    np.testing.assert_allclose(G.v / mV, [0, 0, 100, 100, 0, 0])


def test_attributes_and_schedule():
    G = NeuronGroup(2, "v : volt")
    P = PoissonInput(G, "v", 1000, 10 * Hz, weight=0.1 * mV)
    assert (P.N, P.target_var, P.when, P.order) == (1000, "v", "synapses", 0)
    assert P.rate == 10 * Hz
    assert P.weight == 0.1 * mV
    assert P.name.startswith("poissoninput")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"target_var": "v", "N": 10, "rate": 10 * Hz, "weight": 1 * nA},
            UnitMismatchError,
            "PoissonInput: the weight 1. nA is in amp, but 'v' of {g} is in volt. Give the "
            "weight the units of the target variable.",
        ),
        (
            {"target_var": "v", "N": 10, "rate": 10 * Hz, "weight": "1*nS*i"},
            UnitMismatchError,
            "PoissonInput weight '1*nS*i' is in siemens, but must be in volt.",
        ),
        (
            {"target_var": "u", "N": 10, "rate": 10 * Hz, "weight": 1 * mV},
            UnknownIdentifierError,
            "PoissonInput: 'u' is not a variable of {g} (variables: v, w).",
        ),
        (
            {"target_var": "w", "N": 10, "rate": 10 * Hz, "weight": 1 * mV},
            InvalidParameterError,
            "PoissonInput cannot add to 'w' of {g}: it is defined by an equation. Add the "
            "input to a state variable or parameter, e.g. 'v' or 'ge'.",
        ),
        (
            {"target_var": "v", "N": 10.5, "rate": 10 * Hz, "weight": 1 * mV},
            InvalidParameterError,
            "PoissonInput: N is the number of inputs and must be a positive whole number; got "
            "10.5.",
        ),
        (
            {"target_var": "v", "N": 10, "rate": 10 * mV, "weight": 1 * mV},
            UnitMismatchError,
            "PoissonInput: rate must be a single rate such as 10*Hz; got 10. * mvolt.",
        ),
        (
            {"target_var": "v", "N": 10, "rate": -10 * Hz, "weight": 1 * mV},
            InvalidParameterError,
            "PoissonInput: rate must be finite and not negative; got -10. Hz.",
        ),
    ],
    ids=[
        "weight-units",
        "string-weight-units",
        "unknown",
        "subexpression",
        "N",
        "rate-units",
        "negative-rate",
    ],
)
def test_bad_arguments_are_refused_at_construction(kwargs, error, message):
    G = NeuronGroup(2, "v : volt\nw = 2*v : volt")
    with pytest.raises(error) as err:
        PoissonInput(G, **kwargs)
    assert str(err.value) == message.format(g=G.name)


def test_a_probability_above_one_per_step_is_refused_at_run():
    G = NeuronGroup(2, "v : volt")
    P = PoissonInput(G, "v", 10, 20000 * Hz, weight=1 * mV)
    with pytest.raises(InvalidParameterError) as err:
        Network(G, P).run(1 * ms)
    assert str(err.value) == (
        f"{P.name}: the probability of an input spike per step, rate*dt = 20. kHz*100. us = 2, "
        "is above 1. Use a lower rate or a smaller dt."
    )


def test_nS_weights_add_to_conductances():
    G = NeuronGroup(3, "g : siemens")
    P = PoissonInput(G, "g", 3, 10000 * Hz, weight=2 * nS)
    Network(G, P).run(0.5 * ms)
    np.testing.assert_allclose(G.g / nS, [30, 30, 30])
