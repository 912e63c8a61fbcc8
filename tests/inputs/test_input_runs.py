"""Every input keeps the network's promises: two runs equal one run of the
same total length, store/restore gives an identical re-run, and the
generated code gives bit-identical results compiled or as plain Python."""

import numpy as np
import pytest

from brianlab import (
    Hz,
    Network,
    NeuronGroup,
    PoissonGroup,
    PoissonInput,
    SpikeGeneratorGroup,
    SpikeMonitor,
    StateMonitor,
    TimedArray,
    ms,
    nA,
    seed,
    start_scope,
)
from brianlab.config import config


def _poisson_group():
    P = PoissonGroup(20, rates="(300 + 50*i)*Hz + t*(20*Hz/ms)")
    spikes = SpikeMonitor(P)
    return [P, spikes], lambda: (spikes.i, spikes.t_)


def _spike_generator():
    G = SpikeGeneratorGroup(3, [0, 2, 1, 0], [0.2, 0.2, 0.75, 1.2] * ms, period=1.5 * ms)
    spikes = SpikeMonitor(G)
    return [G, spikes], lambda: (spikes.i, spikes.t_)


def _timed_array():
    table = TimedArray([[0.2, 0.5], [1.0, 0.1], [0.4, 0.8]] * nA, dt=0.7 * ms)
    G = NeuronGroup(
        2,
        "dv/dt = (100*Mohm*table(t, i) - v)/(2*ms) : volt",
        threshold="v > 40*mV",
        reset="v = 0*mV",
        method="exact",
        namespace={"table": table},
    )
    trace = StateMonitor(G, "v", record=True)
    spikes = SpikeMonitor(G)
    return [G, trace, spikes], lambda: (trace.v_, spikes.i, spikes.t_)


def _poisson_input():
    G = NeuronGroup(10, "dv/dt = -v/(5*ms) : volt\ng : 1", method="exact")
    approx = PoissonInput(G, "v", 200, 300 * Hz, weight="(1 + i)*0.1*mV")
    exact = PoissonInput(G, "g", 20, 500 * Hz, weight=1)
    trace = StateMonitor(G, ["v", "g"], record=True)
    return [G, approx, exact, trace], lambda: (trace.v_, trace.g_)


def _run_regularly():
    G = NeuronGroup(4, "x : 1\ny : 1")
    G.run_regularly("x = rand()", dt=0.3 * ms)
    G.run_regularly("y += x", when="end")
    trace = StateMonitor(G, ["x", "y"], record=True)
    return [G, trace], lambda: (trace.x_, trace.y_)


SCENARIOS = {
    "PoissonGroup": _poisson_group,
    "SpikeGeneratorGroup": _spike_generator,
    "TimedArray": _timed_array,
    "PoissonInput": _poisson_input,
    "run_regularly": _run_regularly,
}


def _simulate(build, durations, seed_value=301):
    start_scope()
    seed(seed_value)
    objects, readout = build()
    net = Network(objects)
    for duration in durations:
        net.run(duration)
    return [np.array(a, copy=True) for a in readout()]


def _assert_identical(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("build", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_two_runs_give_the_same_result_as_one(build):
    _assert_identical(_simulate(build, [1.3 * ms, 1.7 * ms]), _simulate(build, [3 * ms]))


@pytest.mark.parametrize("build", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_store_and_restore_give_an_identical_rerun(build):
    start_scope()
    objects, readout = build()
    net = Network(objects)
    net.run(0.6 * ms)
    net.store()
    seed(302)
    net.run(2 * ms)
    first = [np.array(a, copy=True) for a in readout()]
    net.restore()
    seed(302)
    net.run(2 * ms)
    _assert_identical(first, [np.array(a, copy=True) for a in readout()])


@pytest.mark.parametrize("build", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_compiled_and_python_code_agree_bit_for_bit(build):
    compiled = _simulate(build, [2 * ms])
    config.jit = False
    try:
        python = _simulate(build, [2 * ms])
    finally:
        config.jit = True
    _assert_identical(compiled, python)
    assert any(np.asarray(a).size for a in compiled)
