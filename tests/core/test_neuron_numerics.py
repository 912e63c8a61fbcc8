"""Numerical behaviour of NeuronGroup against analytic results."""

import math

import numpy as np
import pytest

from brianlab import (
    Mohm,
    Network,
    NeuronGroup,
    SpikeMonitor,
    StateMonitor,
    defaultclock,
    ms,
    mV,
    nA,
    second,
    start_scope,
)


def test_passive_decay_exact_matches_exponential():
    start_scope()
    G = NeuronGroup(1, "dv/dt = -v/(10*ms) : volt", method="exact")
    G.v = 10 * mV
    mon = StateMonitor(G, "v", record=0)
    net = Network(G, mon)
    net.run(50 * ms)
    t = mon.t / second
    expected = 0.01 * np.exp(-t / 0.01)
    np.testing.assert_allclose(mon.v[0] / mV * 1e-3, expected, rtol=1e-12, atol=0)


@pytest.mark.parametrize("method", ["euler", "rk4"])
def test_discrete_maps_are_exact(method):
    tau, dt = 0.01, 1e-4
    G = NeuronGroup(1, "dv/dt = -v/tau : 1", method=method, namespace={"tau": tau * second})
    G.v = 1.0
    mon = StateMonitor(G, "v", record=0)
    Network(G, mon).run(20 * ms)
    h = -dt / tau
    factor = 1 + h if method == "euler" else 1 + h + h**2 / 2 + h**3 / 6 + h**4 / 24
    n = np.arange(len(mon.t))
    np.testing.assert_allclose(mon.v[0], factor**n, rtol=1e-12)


def _final_error(method, dt):
    # dv/dt = v*(1 - v) (logistic), exact solution known
    G = NeuronGroup(1, "dv/dt = v*(1 - v)/second : 1", method=method, dt=dt * second)
    G.v = 0.1
    Network(G).run(1 * second)
    exact = 1 / (1 + 9 * math.exp(-1.0))
    return abs(G.v[0] - exact)


@pytest.mark.parametrize("method,order", [("euler", 1), ("rk2", 2), ("rk4", 4)])
def test_convergence_order(method, order):
    dts = [1 / 20, 1 / 40, 1 / 80]
    errors = [_final_error(method, dt) for dt in dts]
    observed = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(np.abs(observed - order) < 0.25), observed


def test_lif_rate_matches_analytic_interval():
    # T = t_ref + tau*ln((R*I + E_L - V_r)/(R*I + E_L - V_th)), within one dt per interval
    tau, t_ref, dt = 10e-3, 2e-3, 1e-4
    E_L, V_r, V_th, R = -70e-3, -70e-3, -50e-3, 1e8
    I = np.array([0.25e-9, 0.3e-9, 0.5e-9, 1e-9])
    G = NeuronGroup(
        len(I),
        """dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)
           I : amp""",
        threshold="v > V_th",
        reset="v = V_r",
        refractory=t_ref * second,
        method="exact",
        namespace=dict(
            tau=tau * second,
            E_L=E_L * 1e3 * mV,
            V_r=V_r * 1e3 * mV,
            V_th=V_th * 1e3 * mV,
            R=R / 1e6 * Mohm,
        ),
    )
    G.I = I / 1e-9 * nA
    G.v = E_L * 1e3 * mV
    spikes = SpikeMonitor(G)
    Network(G, spikes).run(300 * ms)
    T = t_ref + tau * np.log((R * I + E_L - V_r) / (R * I + E_L - V_th))
    trains = spikes.spike_trains()
    for k in range(len(I)):
        isi = np.diff(trains[k] / second)
        assert len(isi) > 3
        assert np.all(np.abs(isi - T[k]) <= dt + 1e-12), (k, isi, T[k])


def test_refractoriness_clamps_for_its_duration():
    G = NeuronGroup(
        1,
        "dv/dt = (20*mV - v)/(5*ms) : volt (unless refractory)",
        threshold="v > 10*mV",
        reset="v = 0*mV",
        refractory=3 * ms,
        method="exact",
    )
    mon = StateMonitor(G, "v", record=0)
    spikes = SpikeMonitor(G)
    Network(G, mon, spikes).run(30 * ms)
    t_spike = spikes.t[0] / ms
    v = mon.v[0] / mV
    t = mon.t / ms
    # recorded at the start of each step: from the step after the spike until
    # t_spike + 3 ms, v stays exactly at the reset value
    clamped = (t > t_spike + 1e-9) & (t <= t_spike + 3 + 1e-9)
    assert clamped.sum() == 30
    assert np.all(v[clamped] == 0)
    assert v[np.flatnonzero(clamped)[-1] + 1] > 0


def test_defaultclock_dt_is_used():
    defaultclock.dt = 0.05 * ms
    try:
        G = NeuronGroup(1, "dv/dt = 1/second : 1")
        mon = StateMonitor(G, "v", record=0)
        Network(G, mon).run(1 * ms)
        assert len(mon.t) == 20
    finally:
        defaultclock.dt = 0.1 * ms


def test_continuing_runs_equal_one_long_run():
    def build():
        G = NeuronGroup(
            3,
            """dv/dt = (1.1 - v)/(10*ms) + 0.3*xi*(10*ms)**-0.5 : 1""",
            threshold="v > 1",
            reset="v = 0",
            method="euler",
        )
        G.v = "rand()"
        mon = StateMonitor(G, "v", record=True)
        sp = SpikeMonitor(G)
        return Network(G, mon, sp), mon, sp

    from brianlab import seed

    seed(11)
    net, mon1, sp1 = build()
    net.run(30 * ms)
    seed(11)
    net2, mon2, sp2 = build()
    net2.run(10 * ms)
    net2.run(20 * ms)
    np.testing.assert_array_equal(mon1.v, mon2.v)
    np.testing.assert_array_equal(sp1.i, sp2.i)
    np.testing.assert_array_equal(sp1.t, sp2.t)
