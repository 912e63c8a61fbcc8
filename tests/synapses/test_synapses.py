"""Synapses against analytic results: timing, PSP shapes, connectivity, plasticity."""

import numpy as np
import pytest

from brianlab import (
    Network,
    NeuronGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    ms,
    mV,
    pF,
    second,
    seed,
)
from brianlab.config import config
from brianlab.errors import InvalidParameterError, ResourceLimitError


def _spiker(times_ms, N=1):
    """A group whose neuron 0 spikes exactly at the given times (via t thresholds)."""
    cond = " or ".join(f"(t >= {t}*ms and t < {t + 0.05}*ms)" for t in times_ms)
    return NeuronGroup(N, "v : 1", threshold=cond, reset="")


def test_delay_is_exact_to_the_step():
    pre = _spiker([2.0])
    post = NeuronGroup(1, "v : volt")
    S = Synapses(pre, post, on_pre="v_post += 1*mV", delay=10 * ms)
    S.connect()
    mon = StateMonitor(post, "v", record=0)
    Network(pre, post, S, mon).run(15 * ms)
    t = mon.t / ms
    first = t[np.flatnonzero(mon.v[0] > 0)[0]]
    # a spike at 2 ms with 10 ms delay is first visible at 12.1 ms (Brian 2 semantics)
    assert abs(first - 12.1) < 1e-9


def test_heterogeneous_delays_each_exact():
    pre = _spiker([1.0])
    post = NeuronGroup(3, "v : volt")
    S = Synapses(pre, post, on_pre="v_post += 1*mV")
    S.connect()
    S.delay = "j*2*ms"
    mon = StateMonitor(post, "v", record=True)
    Network(pre, post, S, mon).run(10 * ms)
    t = mon.t / ms
    for k in range(3):
        first = t[np.flatnonzero(mon.v[k] > 0)[0]]
        assert abs(first - (1.0 + 2 * k + 0.1)) < 1e-9


def test_exponential_current_psp_peak_matches_analytic():
    tau_m, tau_s = 10e-3, 5e-3
    pre = _spiker([1.0])
    post = NeuronGroup(
        1,
        """dv/dt = (-v + I)/tau_m : volt
           dI/dt = -I/tau_s : volt""",
        method="exact",
        namespace={"tau_m": tau_m * second, "tau_s": tau_s * second},
    )
    S = Synapses(pre, post, on_pre="I_post += 1*mV")
    S.connect()
    mon = StateMonitor(post, "v", record=0)
    Network(pre, post, S, mon).run(40 * ms)
    t_peak = tau_m * tau_s / (tau_m - tau_s) * np.log(tau_m / tau_s)
    v_peak = 1e-3 * tau_s / (tau_m - tau_s) * (np.exp(-t_peak / tau_m) - np.exp(-t_peak / tau_s))
    v = mon.v[0] / mV * 1e-3
    k = int(np.argmax(v))
    onset = 1.0e-3 + 1e-4  # the jump is applied in the step of 1.0 ms, seen from 1.1 ms
    assert abs((mon.t[k] / second - onset) - t_peak) <= 1e-4
    assert abs(v.max() - v_peak) / v_peak < 1e-3
    # the full trace is the analytic one
    s = mon.t / second - onset
    expected = np.where(
        s >= 0,
        1e-3
        * tau_s
        / (tau_m - tau_s)
        * (np.exp(-np.maximum(s, 0) / tau_m) - np.exp(-np.maximum(s, 0) / tau_s)),
        0,
    )
    np.testing.assert_allclose(v, expected, atol=1e-12)


def test_conductance_synapse_scales_with_driving_force():
    pre = _spiker([1.0])
    post = NeuronGroup(
        2,
        """dv/dt = g*(E - v)/C : volt
           dg/dt = -g/(5*ms) : siemens
           E : volt""",
        method="euler",
        namespace={"C": 200 * pF},
    )
    post.E = [0, 0] * mV
    post.v = [-70, -35] * mV
    S = Synapses(pre, post, on_pre="g_post += 1*nS")
    S.connect()
    mon = StateMonitor(post, "v", record=True)
    Network(pre, post, S, mon).run(3 * ms)
    k = np.flatnonzero(mon.t / ms > 1.15)[0]
    dv = (mon.v[:, k + 1] - mon.v[:, k]) / mV
    # the first step after the conductance jump: dv = dt*g*(E - v)/C
    np.testing.assert_allclose(dv[0] / dv[1], 70 / 35, rtol=1e-3)


def test_connect_patterns_and_counts():
    G = NeuronGroup(10, "v : 1")
    H = NeuronGroup(5, "v : 1")
    S = Synapses(G, H)
    S.connect(i=[0, 1], j=[2, 3])
    S.connect(condition="i == j and i >= 3")
    S.connect(j="i", skip_if_invalid=True)
    assert list(zip(S.i, S.j))[:4] == [(0, 2), (1, 3), (3, 3), (4, 4)]
    assert len(S) == 4 + 5
    T = Synapses(G, G)
    T.connect(j="k for k in range(i-1, i+2) if k >= 0 and k < N_post and k != i")
    assert len(T) == 18
    np.testing.assert_array_equal(np.bincount(T.i, minlength=10), [1] + [2] * 8 + [1])
    U = Synapses(G, H)
    U.connect(n=3)
    assert len(U) == 150
    np.testing.assert_array_equal(U.N_incoming, np.full(150, 30))


def test_connect_probability_statistics_and_seed():
    seed(3)
    G = NeuronGroup(200, "v : 1")
    S = Synapses(G, G)
    S.connect(condition="i != j", p=0.1)
    n = len(S)
    mean, sd = 200 * 199 * 0.1, np.sqrt(200 * 199 * 0.1 * 0.9)
    assert abs(n - mean) < 4 * sd
    assert not np.any(S.i == S.j)
    seed(3)
    S2 = Synapses(G, G)
    S2.connect(condition="i != j", p=0.1)
    np.testing.assert_array_equal(S.i, S2.i)
    np.testing.assert_array_equal(S.j, S2.j)


def test_weight_indexing_and_strings():
    G = NeuronGroup(3, "v : 1")
    S = Synapses(G, G, "w : 1")
    S.connect()
    S.w = "i*10 + j"
    assert S.w[1, 2] == 12
    np.testing.assert_array_equal(S.w["i > j"], [10, 20, 21])
    S.w[0, :] = 5
    np.testing.assert_array_equal(S.w[0, :], [5, 5, 5])


def test_bad_probability_and_delay_are_refused():
    G = NeuronGroup(3, "v : 1", threshold="v > 1", reset="v = 0")
    S = Synapses(G, G, on_pre="v += 1")
    with pytest.raises(InvalidParameterError, match="p must be a probability"):
        S.connect(p=1.5)
    S.connect()
    with pytest.raises(InvalidParameterError, match="delays must be >= 0"):
        S.delay = -1 * ms


def test_connect_memory_estimate_fails_fast():
    old = config.limits.max_synapses
    config.limits.max_synapses = 1000
    try:
        G = NeuronGroup(100, "v : 1")
        S = Synapses(G, G)
        with pytest.raises(ResourceLimitError, match="10,000 synapses"):
            S.connect()
    finally:
        config.limits.max_synapses = old


def _stdp_dw(delta_ms):
    pre = _spiker([20.0])
    post = _spiker([20.0 + delta_ms])
    S = Synapses(
        pre,
        post,
        """w : 1
           dapre/dt = -apre/(20*ms) : 1 (event-driven)
           dapost/dt = -apost/(20*ms) : 1 (event-driven)""",
        on_pre="apre += 0.01; w = w + apost",
        on_post="apost += -0.0105; w = w + apre",
    )
    S.connect()
    Network(pre, post, S).run(60 * ms)
    return float(S.w[0])


@pytest.mark.parametrize("delta", [-20, -10, -5, 5, 10, 20])
def test_stdp_window_is_exponential(delta):
    dw = _stdp_dw(delta)
    expected = 0.01 * np.exp(-delta / 20) if delta > 0 else -0.0105 * np.exp(delta / 20)
    assert dw == pytest.approx(expected, rel=1e-9)


def test_summed_variable_gap_junction():
    G = NeuronGroup(
        2,
        """dv/dt = (I_gap - v)/(10*ms) : 1
                          I_gap : 1""",
        method="euler",
    )
    G.v = [1, 0]
    S = Synapses(
        G,
        G,
        """w : 1
                          I_gap_post = w*(v_pre - v_post) : 1 (summed)""",
    )
    S.connect(condition="i != j")
    S.w = 0.5
    mon = StateMonitor(G, ["v", "I_gap"], record=True)
    Network(G, S, mon).run(1 * ms)
    # summed variables are computed before the state update, from the state at
    # the start of the step; the monitor sees them at the next step
    np.testing.assert_allclose(mon.I_gap[:, 1:], 0.5 * (mon.v[::-1, :-1] - mon.v[:, :-1]))
    # the total is conserved except for the leak
    assert mon.v[0, -1] > mon.v[1, -1] > 0


def test_spikes_propagate_through_a_chain():
    G = NeuronGroup(5, "dv/dt = -v/(10*ms) : 1", threshold="v > 1", reset="v = 0", method="exact")
    G.v = [2, 0, 0, 0, 0]
    S = Synapses(G, G, on_pre="v_post += 2", delay=1 * ms)
    S.connect(j="i + 1", skip_if_invalid=True)
    sp = SpikeMonitor(G)
    Network(G, S, sp).run(10 * ms)
    np.testing.assert_array_equal(sp.i, [0, 1, 2, 3, 4])
    # each hop: delay 1 ms, then the threshold sees the jump one step later
    np.testing.assert_allclose(sp.t / ms, [0, 1.1, 2.2, 3.3, 4.4], atol=1e-9)


def test_restore_of_a_state_stored_before_the_first_run_is_safe():
    seed(1)
    G = NeuronGroup(
        50, "dv/dt = (1.5 - v)/(10*ms) : 1", threshold="v > 1", reset="v = 0", method="exact"
    )
    G.v = "rand()"
    S = Synapses(G, G, on_pre="v_post += 0.01", delay=2 * ms)
    S.connect(p=0.5)
    sp = SpikeMonitor(G)
    net = Network(G, S, sp)
    net.store()
    counts = []
    for _ in range(3):
        net.restore()
        net.run(50 * ms)
        counts.append(sp.num_spikes)
    assert counts[0] == counts[1] == counts[2] > 0


def test_custom_events_trigger_actions_monitors_and_synapses():
    from brianlab import EventMonitor

    G = NeuronGroup(
        2,
        "dv/dt = 1/(10*ms) : 1\ncrossings : 1",
        threshold="v > 1",
        reset="v = 0",
        events={"half": "v > 0.5 and v <= 0.505"},
        method="euler",
    )
    G.v = [0, 0.25]
    G.run_on_event("half", "crossings += 1")
    half = EventMonitor(G, "half")
    mon = StateMonitor(G, "v", record=True)
    target = NeuronGroup(1, "n : 1")
    S = Synapses(G, target, on_pre="n_post += 1", on_event="half")
    S.connect()
    Network(G, half, mon, target, S).run(25 * ms)
    counts = np.bincount(half.i, minlength=2)
    assert counts.min() >= 2
    np.testing.assert_array_equal(G.crossings[:], counts)
    assert target.n[0] == len(half.i)
    # each event was detected after the update of its step: the next sample shows it
    steps = np.rint(half.t / (0.1 * ms)).astype(int)
    seen = steps + 1 < len(mon.t)
    v_after = mon.v[half.i[seen], steps[seen] + 1]
    assert np.all((v_after > 0.5) & (v_after <= 0.505))


def test_sparse_connect_draws_gaps_with_the_right_statistics():
    seed(9)
    G = NeuronGroup(400, "v : 1")
    S = Synapses(G, G)
    S.connect("i < 300", p=0.05)  # condition on i only: targets drawn by geometric gaps
    assert S.i.max() < 300
    n, mean = len(S), 300 * 400 * 0.05
    assert abs(n - mean) < 4 * np.sqrt(mean * 0.95)
    out = np.bincount(S.i, minlength=300)
    assert abs(out.var() - 400 * 0.05 * 0.95) < 0.25 * 400 * 0.05
    # every target index is used about equally often
    incoming = np.bincount(S.j, minlength=400)
    assert abs(incoming.mean() - 300 * 0.05) < 1


def test_connect_stops_at_the_synapse_limit_without_allocating_everything():
    old = config.limits.max_synapses
    config.limits.max_synapses = 5000
    try:
        G = NeuronGroup(1000, "v : 1")
        S = Synapses(G, G)
        with pytest.raises(ResourceLimitError, match="limit of 5,000 synapses"):
            S.connect(condition="i != j", p=0.5)
        assert len(S) == 0
    finally:
        config.limits.max_synapses = old


def _one_draw_at_a_time(rows, n_post, p, state_seed):
    """The geometric-gap loop written out draw by draw (the reference)."""
    rng = np.random.RandomState(state_seed)
    log_q = np.log(1.0 - p)
    pairs = []
    for i in rows:
        j = -1
        while True:
            j += 1 + int(np.floor(np.log(1.0 - rng.random_sample()) / log_q))
            if j >= n_post:
                break
            pairs.append((i, j))
    return np.array(pairs, dtype=np.int64).reshape(-1, 2), rng.random_sample()


@pytest.mark.parametrize("p", [0.02, 0.5, 0.97])
def test_connect_p_draws_exactly_what_a_draw_by_draw_loop_draws(p):
    pre, post = NeuronGroup(300, "x : 1"), NeuronGroup(170, "v : 1")
    pre.x = "i % 3"
    seed(12)
    S = Synapses(pre, post)
    S.connect("x_pre == 1", p=p)  # an i-only condition: rows 1, 4, 7, ...
    G = NeuronGroup(1, "y : 1")  # the stream goes on with the draw after connect()'s
    G.y = "rand()"
    expected, next_draw = _one_draw_at_a_time(range(1, 300, 3), 170, p, 12)
    np.testing.assert_array_equal(np.column_stack([S.i, S.j]), expected)
    assert G.y[0] == next_draw


def test_connect_p_with_n_repeats_every_synapse():
    G = NeuronGroup(50, "v : 1")
    seed(4)
    S = Synapses(G, G)
    S.connect(p=0.2, n=2)
    expected, _ = _one_draw_at_a_time(range(50), 50, 0.2, 4)
    np.testing.assert_array_equal(np.column_stack([S.i, S.j]), np.repeat(expected, 2, axis=0))
