"""SpikeGeneratorGroup: spikes on the dt grid exactly where Brian 2 puts them,
periods, set_spikes, own time steps, and the errors for impossible patterns."""

import numpy as np
import pytest

from brianlab import (
    InvalidParameterError,
    Network,
    NeuronGroup,
    SimulationDiverged,
    SpikeGeneratorGroup,
    SpikeMonitor,
    Synapses,
    UnitMismatchError,
    defaultclock,
    ms,
    second,
)


def _steps(monitor: SpikeMonitor, dt: float = 1e-4) -> np.ndarray:
    return np.round(monitor.t_ / dt).astype(int)


@pytest.mark.parametrize(
    ("time_ms", "step"),
    [(1.0, 10), (1.04, 10), (1.0998, 10), (1.0999, 11), (0.0999, 1), (0.0995, 0), (2.95, 29)],
)
def test_spike_times_are_put_on_the_step_grid_as_brian_does(time_ms, step):
    # Brian 2's rule: step = int((t + 0.001*dt)/dt), checked against Brian 2.9
    G = SpikeGeneratorGroup(1, [0], [time_ms] * ms)
    spikes = SpikeMonitor(G)
    Network(G, spikes).run(4 * ms)
    np.testing.assert_array_equal(_steps(spikes), [step])


def test_spikes_of_one_step_come_in_time_then_index_order():
    G = SpikeGeneratorGroup(4, [3, 1, 0, 2, 2], [1.06, 1.0, 1.0, 1.01, 2.0] * ms)
    spikes = SpikeMonitor(G)
    Network(G, spikes).run(3 * ms)
    np.testing.assert_array_equal(spikes.i, [0, 1, 2, 3, 2])
    np.testing.assert_array_equal(_steps(spikes), [10, 10, 10, 10, 20])
    np.testing.assert_array_equal(G.neuron_index, [0, 1, 2, 3, 2])
    np.testing.assert_allclose(G.spike_time / ms, [1.0, 1.0, 1.01, 1.06, 2.0])


def test_the_period_repeats_the_pattern_over_several_runs():
    G = SpikeGeneratorGroup(2, [0, 1], [1, 2] * ms, period=5 * ms)
    spikes = SpikeMonitor(G)
    net = Network(G, spikes)
    net.run(12 * ms)
    net.run(6 * ms)
    np.testing.assert_array_equal(_steps(spikes), [10, 20, 60, 70, 110, 120, 160, 170])
    np.testing.assert_array_equal(spikes.i, [0, 1] * 4)
    assert G.period == 5 * ms


def test_set_spikes_between_runs_follows_absolute_time():
    G = SpikeGeneratorGroup(1, [0], [0.5] * ms, period=2 * ms)
    spikes = SpikeMonitor(G)
    net = Network(G, spikes)
    net.run(3 * ms)
    # from t = 3 ms on: 0.5 ms is in the past, 4.2 ms is emitted, no period any more
    G.set_spikes([0, 0], [0.5, 4.2] * ms)
    net.run(4 * ms)
    np.testing.assert_array_equal(_steps(spikes), [5, 25, 42])
    # a period again: spikes at 7.5, 9.5, ... (t modulo the period, as Brian 2)
    G.set_spikes([0], [1.5] * ms, period=2 * ms)
    net.run(4 * ms)
    np.testing.assert_array_equal(_steps(spikes), [5, 25, 42, 75, 95])


def test_a_group_with_a_coarser_dt_emits_on_its_own_grid():
    G = SpikeGeneratorGroup(2, [0, 1, 0], [0.3, 0.5, 1.7] * ms, dt=0.5 * ms)
    spikes = SpikeMonitor(G)
    fine = NeuronGroup(1, "v : 1")
    Network(G, spikes, fine).run(3 * ms)
    np.testing.assert_array_equal(_steps(spikes), [0, 5, 15])
    np.testing.assert_array_equal(spikes.i, [0, 1, 0])


def test_a_change_of_dt_between_runs_puts_the_spikes_on_the_new_grid():
    G = SpikeGeneratorGroup(1, [0, 0], [1.05, 3.05] * ms)
    spikes = SpikeMonitor(G)
    net = Network(G, spikes)
    net.run(2 * ms)
    defaultclock.dt = 0.05 * ms
    try:
        net.run(2 * ms)
    finally:
        defaultclock.dt = 0.1 * ms
    np.testing.assert_allclose(spikes.t / ms, [1.0, 3.05], rtol=1e-12)


def test_an_empty_pattern_runs_without_spikes():
    G = SpikeGeneratorGroup(3, [], [] * ms)
    spikes = SpikeMonitor(G)
    Network(G, spikes).run(1 * ms)
    assert spikes.num_spikes == 0
    assert repr(G) == "SpikeGeneratorGroup(3, indices=<length 0 array>, times=<length 0 array>)"


def test_a_period_not_after_the_last_spike_is_refused():
    with pytest.raises(InvalidParameterError) as err:
        SpikeGeneratorGroup(2, [0, 1], [1, 5] * ms, period=5 * ms, name="pattern")
    assert str(err.value) == (
        "The period has to be greater than the maximum of the spike times: pattern has a "
        "spike at 5. ms and a period of 5. ms (dt = 100. us). Use a longer period, or remove "
        "the spikes at or after it."
    )
    # 1.9999 ms is in the step of 2 ms, the period's first step
    with pytest.raises(InvalidParameterError, match="greater than the maximum"):
        SpikeGeneratorGroup(1, [0], [1.9999] * ms, period=2 * ms)


def test_two_spikes_of_a_neuron_in_one_step_are_refused_at_run():
    G = SpikeGeneratorGroup(2, [0, 1, 0], [1, 1, 1.04] * ms, name="doubled")
    with pytest.raises(InvalidParameterError) as err:
        Network(G).run(2 * ms)
    assert str(err.value) == (
        "Using a dt of 100. us, some neurons of SpikeGeneratorGroup 'doubled' spike more than "
        "once during a time step: neuron 0 has spikes at 1. ms and 1.04 ms. Remove one of "
        "them, or use a smaller dt for this group (SpikeGeneratorGroup(..., dt=0.01*ms))."
    )
    assert isinstance(err.value, ValueError)
    G.set_spikes([0, 1, 0], [1, 1, 1.1] * ms)
    Network(G).run(2 * ms)


def test_a_period_that_is_not_a_whole_number_of_steps_is_refused_at_run():
    G = SpikeGeneratorGroup(1, [0], [0.1] * ms, period=0.25 * ms, name="odd")
    with pytest.raises(InvalidParameterError) as err:
        Network(G).run(1 * ms)
    assert str(err.value) == (
        "The period of odd (250. us) must be a whole number of time steps (dt = 100. us). "
        "Use e.g. period=200. us, or change dt."
    )


@pytest.mark.parametrize(
    ("indices", "times", "message"),
    [
        ([0, 2], [1, 2] * ms, "bad1 has 2 neurons, so spike indices must lie in 0..1; got 2."),
        ([0, -1], [1, 2] * ms, "bad2 has 2 neurons, so spike indices must lie in 0..1; got -1."),
        (
            [0, 1],
            [1, -2] * ms,
            "bad3: spike times must be finite and not negative; got -2. ms.",
        ),
        (
            [0, 1, 1],
            [1, 2] * ms,
            "bad4: the indices and times arrays must have the same length, but there are 3 "
            "indices and 2 times. Give one index per spike time.",
        ),
        ([0.5], [1] * ms, "bad5: the spike indices must be whole numbers (neuron indices); got"),
    ],
)
def test_impossible_spikes_are_refused(indices, times, message):
    with pytest.raises(InvalidParameterError) as err:
        SpikeGeneratorGroup(2, indices, times, name=message.split(":")[0].split(" ")[0])
    assert str(err.value).startswith(message)


def test_times_without_units_are_refused():
    with pytest.raises(UnitMismatchError) as err:
        SpikeGeneratorGroup(2, [0, 1], [1, 2], name="plain")
    assert str(err.value) == (
        "plain: the spike times must be times, e.g. [1, 5]*ms (plain numbers given). "
        "Multiply the times by a unit, e.g. times*ms."
    )
    with pytest.raises(InvalidParameterError, match="period must be a non-negative"):
        SpikeGeneratorGroup(1, [0], [1] * ms, period=-2 * second)


def test_a_divergence_is_located_with_the_spikes_replayed():
    # the spike at 2.5 ms falls inside the chunk that diverges: locating the bad
    # step replays the chunk, which must emit the spike again
    inputs = SpikeGeneratorGroup(1, [0], [2.5] * ms)
    G = NeuronGroup(1, "dv/dt = v**2/ms : 1", method="euler")
    S = Synapses(inputs, G, on_pre="v_post += 1")
    S.connect()
    with pytest.raises(SimulationDiverged, match=r"became inf at t = 4.7 ms \(step 47\)"):
        Network(inputs, G, S).run(8 * ms)
    assert G.t == 4.7 * ms
