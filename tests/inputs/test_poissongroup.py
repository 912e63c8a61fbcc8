"""PoissonGroup: Bernoulli spikes with probability rates*dt per step, rates
as quantities or expressions, subgroups and monitors."""

import numpy as np
import pytest

from brianlab import (
    Hz,
    InvalidParameterError,
    Network,
    PoissonGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    TimedArray,
    UnitMismatchError,
    UnknownIdentifierError,
    kHz,
    ms,
    mV,
    seed,
)

DT = 1e-4


def _within_sigmas(observed: float, mean: float, variance: float, k: float = 4.0) -> bool:
    return abs(observed - mean) <= k * np.sqrt(variance)


def test_spike_counts_match_the_rates_within_4_sigma():
    seed(101)
    rates = np.where(np.arange(10000) % 2 == 0, 20.0, 80.0)
    P = PoissonGroup(10000, rates=rates * Hz)
    spikes = SpikeMonitor(P)
    Network(P, spikes).run(200 * ms)
    steps = 2000
    for value, counts in ((20.0, spikes.count[0::2]), (80.0, spikes.count[1::2])):
        p = value * DT
        n = counts.size * steps
        assert _within_sigmas(counts.sum(), n * p, n * p * (1 - p))


def test_interspike_intervals_are_geometric_on_the_dt_grid():
    seed(102)
    P = PoissonGroup(4000, rates=250 * Hz)
    spikes = SpikeMonitor(P)
    Network(P, spikes).run(100 * ms)
    steps = spikes.t_ / DT
    np.testing.assert_allclose(steps, np.round(steps), atol=1e-6)
    trains = spikes.spike_trains()
    # the first spike step and the first interval of each neuron: far from the end
    # of the 1000-step run (censoring below 1e-9), so the samples are unbiased
    first = np.array([np.round(trains[k][0] / ms * 10) for k in range(4000)])
    isi = np.array([np.round(np.diff(trains[k][:2] / ms)[0] * 10) for k in range(4000)])
    p = 250 * DT
    # geometric: P(first = k) = (1 - p)**k * p on k = 0, 1, ...; the interval is 1 + that
    assert isi.min() >= 1
    for sample in (first, isi - 1):
        assert _within_sigmas(sample.mean(), (1 - p) / p, (1 - p) / p**2 / sample.size)
    zeros = np.count_nonzero(first == 0)
    assert _within_sigmas(zeros, first.size * p, first.size * p * (1 - p))


def test_string_rates_use_the_neuron_index_and_time():
    seed(103)
    # odd neurons have rate 0; even neurons spike in every step after 5 ms (p = 1)
    P = PoissonGroup(6, rates="int(t > 4.95*ms)*(1 - i % 2)*10*kHz")
    spikes = SpikeMonitor(P)
    Network(P, spikes).run(10 * ms)
    assert set(spikes.i) == {0, 2, 4}
    np.testing.assert_array_equal(spikes.count, [50, 0, 50, 0, 50, 0])
    assert spikes.t_.min() == pytest.approx(5e-3)


def test_rates_from_a_timedarray():
    schedule = TimedArray([0, 10000, 0] * Hz, dt=1 * ms)  # p = 0, 1, 0
    P = PoissonGroup(3, rates="schedule(t)", namespace={"schedule": schedule})
    spikes = SpikeMonitor(P)
    Network(P, spikes).run(3 * ms)
    np.testing.assert_array_equal(spikes.count, [10, 10, 10])
    np.testing.assert_allclose(np.unique(spikes.t_ / DT).round(), np.arange(10, 20))


def test_rates_are_readable_and_settable_with_units():
    P = PoissonGroup(3, rates=[1, 2, 3] * Hz)
    np.testing.assert_array_equal(P.rates / Hz, [1, 2, 3])
    P.rates = 10 * kHz
    spikes = SpikeMonitor(P)
    Network(P, spikes).run(1 * ms)
    np.testing.assert_array_equal(spikes.count, [10, 10, 10])
    P.rates[1] = 0 * Hz
    Network(P, spikes).run(1 * ms)
    np.testing.assert_array_equal(spikes.count, [20, 10, 20])
    assert repr(PoissonGroup(2, rates=5 * Hz)) == "PoissonGroup(2, rates=5. * hertz)"


def test_string_rates_are_computed_and_read_only():
    P = PoissonGroup(3, rates="(i + 1)*10*Hz")
    np.testing.assert_array_equal(P.rates / Hz, [10, 20, 30])
    with pytest.raises(InvalidParameterError) as err:
        P.rates = 5 * Hz
    assert str(err.value) == (f"'rates' of {P.name} cannot be set (it is defined by an equation).")


def test_rates_in_other_units_are_refused_at_construction():
    with pytest.raises(UnitMismatchError) as err:
        PoissonGroup(3, rates="5*mV")
    assert str(err.value) == "PoissonGroup rates '5*mV' is in volt, but must be in hertz."
    with pytest.raises(UnitMismatchError) as err:
        PoissonGroup(3, rates=5 * mV)
    assert str(err.value) == "rates should be set with a value in hertz, but got 5. mV (in volt)."
    with pytest.raises(UnknownIdentifierError, match="'rate_max' is not defined"):
        PoissonGroup(3, rates="rate_max*rand()")


def test_negative_or_mismatched_rates_are_refused():
    with pytest.raises(InvalidParameterError) as err:
        PoissonGroup(2, rates=-5 * Hz, name="negative")
    assert str(err.value) == "negative: rates must not be negative; got -5 Hz."
    with pytest.raises(InvalidParameterError, match="cannot set 3 values .* from 2 values"):
        PoissonGroup(3, rates=[1, 2] * Hz)
    with pytest.raises(InvalidParameterError, match="size should be at least 1"):
        PoissonGroup(0, rates=1 * Hz)


def test_subgroup_monitors_see_their_slice_only():
    seed(104)
    P = PoissonGroup(20, rates=3 * kHz)
    whole = SpikeMonitor(P)
    part = SpikeMonitor(P[5:10])
    rate = PopulationRateMonitor(P[5:10])
    Network(P, whole, part, rate).run(5 * ms)
    np.testing.assert_array_equal(part.count, whole.count[5:10])
    in_part = (whole.i >= 5) & (whole.i < 10)
    np.testing.assert_array_equal(part.i, whole.i[in_part] - 5)
    np.testing.assert_array_equal(part.t_, whole.t_[in_part])
    assert rate.rate_.sum() * DT * 5 == pytest.approx(part.num_spikes)
    np.testing.assert_array_equal(P[5:10].rates / Hz, np.full(5, 3000.0))


def test_state_monitor_records_the_rates():
    P = PoissonGroup(2, rates="(1 + i)*t/second*Hz")
    mon = StateMonitor(P, "rates", record=True)
    Network(P, mon).run(1 * ms)
    expected = np.outer([1, 2], np.arange(10) * DT)
    np.testing.assert_allclose(mon.rates / Hz, expected, rtol=1e-12)


def test_a_group_with_its_own_dt_draws_with_its_own_step():
    seed(105)
    P = PoissonGroup(10000, rates=100 * Hz, dt=1 * ms)
    spikes = SpikeMonitor(P)
    fine = PoissonGroup(1, rates=0 * Hz)
    Network(P, spikes, fine).run(100 * ms)
    p = 100 * 1e-3
    n = 10000 * 100
    assert _within_sigmas(spikes.num_spikes, n * p, n * p * (1 - p))
