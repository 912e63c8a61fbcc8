"""No run is ever lost: a divergence, a kernel interrupt or a refused request
leaves the network and its monitors consistent, and the next ``run()``
continues as if nothing had happened.

* NaN/inf: the run stops at the first bad step with the variable, neuron,
  time and a fix; the state is the last finite one (checked against the
  Euler recursion by hand), monitors hold exactly the steps before it, and
  after fixing the parameter the run continues from there.
* SIGINT (a kernel interrupt, sent by ``os.kill`` from a thread while a long
  run executes in the main thread): ``KeyboardInterrupt`` within about a
  second, everything consistent at the last chunk, and interrupted + continued
  equals uninterrupted, bit for bit.
* Resource limits are checked before anything is allocated or run.
* ``store()``/``restore()`` is exact, and ``run(a); run(b)`` equals
  ``run(a + b)``, with synapses, delays, plasticity, noise and monitors.
"""

from __future__ import annotations

import math
import os
import signal
import threading
import time
import tracemalloc

import numpy as np
import pytest

import brianlab
from brianlab import (
    Network,
    NeuronGroup,
    ResourceLimitError,
    SimulationDiverged,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    defaultclock,
    ms,
    mV,
    second,
    seed,
)
from brianlab.codegen.compiler import finish_compilations


@pytest.fixture(autouse=True)
def default_settings():
    """Each test starts from the default dt and limits and leaves them so."""
    dt, limits = defaultclock.dt, brianlab.config.limits
    defaultclock.dt = 0.1 * ms
    brianlab.config.limits = type(limits)()
    yield
    defaultclock.dt = dt
    brianlab.config.limits = limits


def raised(call) -> BaseException:
    with pytest.raises(BaseException) as info:
        call()
    return info.value


# -- NaN / inf -------------------------------------------------------------------------


def test_divergence_stops_at_the_last_finite_step_and_the_run_can_go_on():
    tau = 0.001 * ms  # Euler multiplies v by 1 + dt/tau = 101 per step: inf after 154 steps
    G = NeuronGroup(3, "dv/dt = v/tau : 1", method="euler", name="unstable")
    G.v = [0.0, 1.0, 1e-3]
    M = StateMonitor(G, "v", record=True)
    net = Network(G, M)
    bad_step = math.ceil(math.log(np.finfo(float).max) / math.log(101)) - 1

    err = raised(lambda: net.run(50 * ms))

    assert isinstance(err, SimulationDiverged) and isinstance(err, FloatingPointError)
    assert err.message == (
        f"'v' of neuron 1 in unstable became inf at t = {bad_step * 0.1:g} ms (step {bad_step})."
    )
    assert "reduce dt" in err.hint and "method='rk4'" in err.hint
    assert net.t == bad_step * 0.1 * ms
    np.testing.assert_allclose(G.v[:], [0, 101.0**bad_step, 1e-3 * 101.0**bad_step], rtol=1e-12)
    # the monitor holds the samples of the steps before the bad one, no more
    assert len(M.t) == bad_step
    np.testing.assert_allclose(M.v[1], 101.0 ** np.arange(bad_step), rtol=1e-12)

    tau = 10 * ms  # noqa: F841 - the fix, read at the next run
    net.run(1 * ms)

    assert net.t == (bad_step + 10) * 0.1 * ms
    np.testing.assert_allclose(G.v[1], 101.0**bad_step * 1.01**10, rtol=1e-12)
    np.testing.assert_allclose(M.t / ms, np.arange(bad_step + 10) * 0.1, rtol=0, atol=1e-9)
    assert np.all(np.isfinite(M.v))


def test_nan_is_reported_as_nan_with_the_neuron_that_made_it():
    G = NeuronGroup(2, "dv/dt = (v - v*0 + sqrt(v))/ms : 1", method="euler", name="rooted")
    G.v = [1.0, -1.0]

    err = raised(lambda: Network(G).run(1 * ms))

    assert isinstance(err, SimulationDiverged)
    assert err.message == "'v' of neuron 1 in rooted became NaN at t = 0 ms (step 0)."
    np.testing.assert_array_equal(G.v[:], [1.0, -1.0])


def test_zero_parameter_found_at_run_start_leaves_everything_untouched():
    tau0 = 0 * ms
    G = NeuronGroup(1, "dv/dt = -v/tau0 : 1", method="euler")
    G.v = 1
    net = Network(G)

    err = raised(lambda: net.run(1 * ms))

    assert "parameter 'tau0' is 0. s and appears in a denominator ('-v/tau0')" in str(err)
    assert net.t == 0 * ms and G.v[0] == 1
    tau0 = 10 * ms  # noqa: F841 - the fix, read at the next run
    net.run(1 * ms)
    assert G.v[0] == pytest.approx((1 - 0.01) ** 10, rel=1e-12)


# -- SIGINT -----------------------------------------------------------------------------


def interruptible_network(N: int = 2000):
    """LIF neurons with noise, recurrent synapses with delays, and all three monitors."""
    tau, sigma = 10 * ms, 5 * mV  # noqa: F841 - read through the namespace
    G = NeuronGroup(
        N,
        "dv/dt = (I - v)/tau + sigma*sqrt(2/tau)*xi : volt\nI : volt",
        threshold="v > 15*mV",
        reset="v = 0*mV",
        method="euler",
    )
    G.I = "10*mV + 10*mV*i/N"
    S = Synapses(G, G, "w : volt", on_pre="v += w")
    S.connect(condition="j == (i + 1) % N_post")
    S.w = 0.5 * mV
    S.delay = "1*ms + (i % 5)*0.2*ms"
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, "v", record=[0, N // 2])
    return Network(G, S, spikes, trace), G, S, spikes, trace


def snapshot(G, S, spikes, trace) -> dict:
    return {
        "v": G.v_.copy(),
        "w": S.w_.copy(),
        "spike_i": spikes.i[:].copy(),
        "spike_t": spikes.t_.copy(),
        "trace_t": trace.t_.copy(),
        "trace_v": trace.v_.copy(),
    }


def test_sigint_during_a_long_run_stops_within_a_second_and_the_run_continues_exactly():
    seed(2024)
    net, G, S, spikes, trace = interruptible_network()
    net.run(1 * ms)  # as Python; then numba compiles in the background
    finish_compilations()  # the interrupt must come during the time loop, not the compilation
    seen_outside = []
    previous = signal.signal(signal.SIGINT, lambda *args: seen_outside.append(args))
    sent = {}

    def interrupt():
        time.sleep(0.5)
        sent["at"] = time.perf_counter()
        os.kill(os.getpid(), signal.SIGINT)

    sender = threading.Thread(target=interrupt)
    try:
        sender.start()
        err = raised(lambda: net.run(1000 * second))
        returned = time.perf_counter()
        sender.join()
    finally:
        signal.signal(signal.SIGINT, previous)

    assert seen_outside == [], "the signal arrived outside the run"
    assert isinstance(err, KeyboardInterrupt)
    assert returned - sent["at"] < 1.0
    stopped = net.t
    assert 1 * ms < stopped < 1000 * second
    n_steps = round(float(stopped / ms) * 10)
    assert len(trace.t) == n_steps and trace.v.shape == (2, n_steps)
    assert np.all(spikes.t < stopped)
    assert spikes.num_spikes > 0

    total = stopped + 20 * ms
    net.run(total - stopped)
    interrupted = snapshot(G, S, spikes, trace)

    brianlab.start_scope()
    seed(2024)
    net2, *objects = interruptible_network()
    net2.run(1 * ms)
    net2.run(total - 1 * ms)
    uninterrupted = snapshot(*objects)

    for key in interrupted:
        np.testing.assert_array_equal(interrupted[key], uninterrupted[key], err_msg=key)


# -- resource limits ----------------------------------------------------------------------


def peak_bytes_while(call) -> tuple[BaseException, int]:
    """The exception ``call`` raises and the peak memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        err = raised(call)
        return err, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_huge_group_is_refused_before_any_allocation():
    err, peak = peak_bytes_while(lambda: NeuronGroup(10**12, "v : 1"))

    assert isinstance(err, ResourceLimitError) and isinstance(err, MemoryError)
    assert "8 TB" in err.message and "brianlab.config.limits.max_neurons" in err.message
    assert peak < 1_000_000


def test_all_to_all_connect_over_the_limit_is_refused_before_any_allocation():
    brianlab.config.limits.max_synapses = 100_000
    G = NeuronGroup(1000, "v : 1")
    S = Synapses(G, G, "w : 1")

    err, peak = peak_bytes_while(S.connect)
    err_p, _ = peak_bytes_while(lambda: S.connect(p=0.5))

    assert isinstance(err, ResourceLimitError)
    assert "about 1,000,000 synapses (1,000 x 1,000 pairs)" in err.message
    assert "about 500,000 synapses" in err_p.message
    assert "smaller connection probability" in err.hint
    assert peak < 1_000_000
    assert len(S) == 0


def test_recording_everything_over_a_long_run_is_refused_before_the_run():
    brianlab.config.limits.max_monitor_bytes = 10_000_000
    G = NeuronGroup(1000, "dv/dt = -v/(10*ms) : 1", method="euler")
    M = StateMonitor(G, "v", record=True)
    net = Network(G, M)

    err, peak = peak_bytes_while(lambda: net.run(10 * second))

    assert isinstance(err, ResourceLimitError)
    assert err.message.startswith(f"StateMonitor '{M.name}' would need about 0.801 GB to record ")
    assert "record=[0, 1]" in err.hint
    assert peak < 1_000_000
    assert net.t == 0 * second and len(M.t) == 0
    net.run(1 * ms)  # a run within the limit goes ahead
    assert len(M.t) == 10


def test_too_many_steps_or_too_much_work_is_refused_before_the_run():
    G = NeuronGroup(10, "dv/dt = -v/(10*ms) : 1", method="euler")
    net = Network(G)
    brianlab.config.limits.max_steps = 1000
    steps = raised(lambda: net.run(1 * second))
    brianlab.config.limits.max_steps = 10**9
    brianlab.config.limits.max_work = 1e4
    work = raised(lambda: net.run(1 * second))

    assert isinstance(steps, ResourceLimitError) and isinstance(work, ResourceLimitError)
    assert "10,000 steps" in steps.message and "limits.max_steps" in steps.message
    assert "about 1e+05 updates" in work.message and "limits.max_work" in work.message
    assert net.t == 0 * second


# -- store/restore and split runs ------------------------------------------------------------


def plastic_network():
    """Poisson-like noise, STDP synapses with delays, spike and state monitors."""
    taupre = taupost = 5 * ms  # noqa: F841
    tau, sigma = 10 * ms, 4 * mV  # noqa: F841
    G = NeuronGroup(
        50,
        "dv/dt = (12*mV - v)/tau + sigma*sqrt(2/tau)*xi : volt (unless refractory)",
        threshold="v > 10*mV",
        reset="v = 0*mV",
        refractory=2 * ms,
        method="euler",
    )
    S = Synapses(
        G,
        G,
        """w : volt
        dapre/dt = -apre/taupre : 1 (event-driven)
        dapost/dt = -apost/taupost : 1 (event-driven)""",
        on_pre="v += w; apre += 0.01; w = clip(w + apost*mV, 0*mV, 2*mV)",
        on_post="apost -= 0.012; w = clip(w + apre*mV, 0*mV, 2*mV)",
    )
    S.connect(p=0.2)
    S.w = "rand()*mV"
    S.delay = "rand()*3*ms"
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, "v", record=[0, 1, 2])
    weights = StateMonitor(S, "w", record=[0, 1])
    net = Network(G, S, spikes, trace, weights)
    return net, (G, S, spikes, trace, weights)


def state_of(G, S, spikes, trace, weights) -> dict:
    return {
        "t": np.array([float(G.t / second)]),
        "v": G.v_.copy(),
        "lastspike": G.lastspike_.copy(),
        "w": S.w_.copy(),
        "apre": S.apre_.copy(),
        "apost": S.apost_.copy(),
        "spike_i": spikes.i[:].copy(),
        "spike_t": spikes.t_.copy(),
        "trace": trace.v_.copy(),
        "weights": weights.w_.copy(),
    }


def assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_split_runs_equal_one_run_bit_for_bit():
    seed(11)
    net, objects = plastic_network()
    net.run(7.3 * ms)
    net.run(12.7 * ms)
    net.run(30 * ms)
    split = state_of(*objects)

    brianlab.start_scope()
    seed(11)
    net, objects = plastic_network()
    net.run(50 * ms)
    whole = state_of(*objects)

    assert len(whole["spike_t"]) > 20, "the model should spike for the test to mean something"
    assert_same(split, whole)


def test_restore_then_rerun_is_bit_identical():
    seed(5)
    net, objects = plastic_network()
    net.run(10 * ms)
    net.store("start")
    stored = state_of(*objects)
    seed(99)
    net.run(25 * ms)
    first = state_of(*objects)

    net.restore("start")
    assert_same(state_of(*objects), stored)
    seed(99)
    net.run(25 * ms)

    assert_same(state_of(*objects), first)
