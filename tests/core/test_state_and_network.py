"""Reading/writing state, subgroups, the implicit network, store/restore, recompilation."""

import numpy as np
import pytest

import brianlab
from brianlab import (
    InvalidParameterError,
    MagicError,
    Network,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    UnitMismatchError,
    UnknownIdentifierError,
    defaultclock,
    ms,
    mV,
    nA,
    restore,
    run,
    second,
    seed,
    start_scope,
    store,
)
from brianlab.codegen.compiler import compilation_count
from brianlab.config import config


def test_state_read_write_by_index_slice_mask_and_string():
    G = NeuronGroup(5, "v : volt\nI : amp")
    G.v = -70 * mV
    G.v[1:3] = -60 * mV
    G.v[np.array([False, False, False, True, False])] = -50 * mV
    G.v["i == 4"] = "-40*mV + i*0*mV"
    np.testing.assert_allclose(G.v / mV, [-70, -60, -60, -50, -40])
    assert G.v[1] == -60 * mV
    np.testing.assert_allclose(G.v_, np.array([-70, -60, -60, -50, -40]) * 1e-3)
    G.I = "i*0.1*nA"
    np.testing.assert_allclose(G.I / nA, [0, 0.1, 0.2, 0.3, 0.4])
    assert repr(G.v).startswith(f"<{G.name}.v: array(")


def test_subgroups_share_state_and_use_local_indices():
    G = NeuronGroup(6, "v : 1")
    sub = G[2:5]
    sub.v = "i"  # i counts from 0 within the subgroup
    np.testing.assert_array_equal(G.v[:], [0, 0, 0, 1, 2, 0])
    assert len(sub) == 3


def test_subgroup_monitors_record_their_slice():
    G = NeuronGroup(6, "dv/dt = (i + 1)/second : 1", threshold="v > 0.01", reset="v = 0")
    sub = G[3:]
    mon = StateMonitor(sub, "v", record=True)
    sp = SpikeMonitor(sub)
    Network(G, mon, sp).run(5 * ms)
    assert mon.v.shape == (3, 50)
    np.testing.assert_allclose(mon.v[:, 1], np.arange(4, 7) * 1e-4)
    assert set(sp.i) <= {0, 1, 2}


def test_changing_an_external_parameter_takes_effect_without_recompiling():
    start_scope()
    tau = 10 * ms
    G = NeuronGroup(1, "dv/dt = -v/tau : 1", method="exact")
    G.v = 1
    run(10 * ms)
    first = G.v[0]
    np.testing.assert_allclose(first, np.exp(-1), rtol=1e-12)
    before = compilation_count()
    tau = 20 * ms  # noqa: F841 - read by run() from this frame
    run(10 * ms)
    np.testing.assert_allclose(G.v[0], first * np.exp(-0.5), rtol=1e-12)
    assert compilation_count() == before


def test_magic_network_collects_visible_objects_and_refuses_mixing():
    start_scope()
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    run(1 * ms)
    assert abs(G.t / ms - 1) < 1e-9
    H = NeuronGroup(1, "dv/dt = 1/second : 1")  # noqa: F841 - collected by run()
    with pytest.raises(MagicError, match="start_scope"):
        run(1 * ms)


def test_store_restore_gives_identical_rerun():
    start_scope()
    seed(5)
    G = NeuronGroup(3, "dv/dt = -v/(10*ms) + 0.5*xi/sqrt(ms) : 1", method="euler")
    mon = StateMonitor(G, "v", record=True)
    store()
    seed(7)
    run(5 * ms)
    a = mon.v.copy()
    restore()
    assert len(mon.t) == 0
    seed(7)
    run(5 * ms)
    np.testing.assert_array_equal(mon.v, a)


def test_population_rate_and_smoothing():
    G = NeuronGroup(10, "v : 1", threshold="True", reset="")
    rate = PopulationRateMonitor(G)
    Network(G, rate).run(2 * ms)
    np.testing.assert_allclose(rate.rate / (1 / second), np.full(20, 1e4))
    np.testing.assert_allclose(rate.smooth_rate("flat", 0.5 * ms)[5:15] / (1 / second), 1e4)


def test_report_text(capsys):
    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    Network(G).run(1 * ms, report="text")
    out = capsys.readouterr().out
    assert "Starting simulation at t=0. s for a duration of 1. ms" in out
    assert "(100%) simulated" in out


def test_jit_and_python_engines_agree_bit_for_bit():
    def simulate():
        start_scope()
        seed(42)
        G = NeuronGroup(
            4,
            "dv/dt = (1.2 - v)/(10*ms) + 0.4*xi*(10*ms)**-0.5 : 1 (unless refractory)",
            threshold="v > 1",
            reset="v = rand()*0.1",
            refractory=2 * ms,
            method="euler",
        )
        G.v = "rand()"
        mon = StateMonitor(G, "v", record=True)
        sp = SpikeMonitor(G)
        Network(G, mon, sp).run(20 * ms)
        return mon.v_.copy(), sp.i.copy(), sp.t_.copy()

    jit = simulate()
    config.jit = False
    try:
        python = simulate()
    finally:
        config.jit = True
    for a, b in zip(jit, python):
        np.testing.assert_array_equal(a, b)


def test_defaultclock_dt_rejects_bad_values():
    with pytest.raises(brianlab.InvalidParameterError, match="positive"):
        defaultclock.dt = 0 * ms
    with pytest.raises(brianlab.UnitMismatchError, match="time unit"):
        defaultclock.dt = 0.1
    assert defaultclock.dt == 0.1 * ms


def test_group_with_its_own_dt_integrates_with_it():
    G = NeuronGroup(1, "dv/dt = 1/second : 1", dt=1 * ms)
    fast = NeuronGroup(1, "dv/dt = 1/second : 1")
    Network(G, fast).run(10 * ms)
    np.testing.assert_allclose([G.v[0], fast.v[0]], [0.01, 0.01], rtol=1e-12)


def test_objects_added_to_a_group_after_a_run_are_refused_by_the_magic_network():
    start_scope()
    G = NeuronGroup(1, "v : 1")
    run(1 * ms)
    G.run_regularly("v += 1")
    with pytest.raises(MagicError):
        run(1 * ms)


def test_a_failed_construction_does_not_block_the_name():
    with pytest.raises(brianlab.EquationSyntaxError):
        NeuronGroup(1, "dv/dt = -v/tau", name="cell")
    G = NeuronGroup(1, "v : 1", name="cell")
    assert G.name == "cell"


def test_network_operation_runs_between_chunks_at_its_own_dt():
    from brianlab import network_operation

    G = NeuronGroup(1, "dv/dt = 1/second : 1")
    seen = []

    @network_operation(dt=1 * ms)
    def record(t):
        seen.append((float(t / ms), float(G.v[0])))

    Network(G, record).run(5 * ms)
    assert [round(t, 9) for t, _ in seen] == [0, 1, 2, 3, 4]
    # it runs at the start of its step: the state is the one at that time
    np.testing.assert_allclose([v for _, v in seen], np.arange(5) * 1e-3, atol=1e-12)


# names defined after the objects that use them (Brian 2 looks them up at run) ---------


def test_a_constant_defined_after_the_group_is_found_when_the_run_starts():
    def script():
        G = NeuronGroup(1, "dv/dt = -v/tau_later : 1", method="exact")
        G.v = 1
        M = StateMonitor(G, "v", record=0)  # a monitor made before the name exists
        tau_later = 5 * ms  # noqa: F841 (read by the run, from this frame)
        run(10 * ms)
        return G, M

    start_scope()
    G, M = script()
    assert G.method == "exact"
    np.testing.assert_allclose(G.v[0], np.exp(-2.0), rtol=1e-12)
    np.testing.assert_allclose(M.v[0], np.exp(-np.arange(100) * 0.1 / 5), rtol=1e-12)


def test_threshold_and_reset_names_defined_after_the_group():
    def script():
        G = NeuronGroup(
            1, "dv/dt = (v_drive - v)/(10*ms) : 1", threshold="v > v_top", reset="v = v_low"
        )
        S = SpikeMonitor(G)
        v_drive, v_top, v_low = 2.0, 1.0, 0.0  # noqa: F841
        run(30 * ms)
        return S

    start_scope()
    S = script()
    # from 0, v reaches 1 after 10 ms * ln 2 = 6.93 ms: one spike per 6.93 ms (+ the reset step)
    period = 10 * np.log(2)
    assert S.count[0] == 4
    np.testing.assert_allclose(np.diff(S.t / ms), period, atol=0.11)


def test_a_refractory_period_named_before_it_is_defined():
    def script():
        G = NeuronGroup(
            1,
            "dv/dt = (2 - v)/(10*ms) : 1 (unless refractory)",
            threshold="v > 1",
            reset="v = 0",
            refractory="t_ref",
            method="exact",
        )
        S = SpikeMonitor(G)
        t_ref = 5 * ms  # noqa: F841
        run(50 * ms)
        return S

    start_scope()
    S = script()
    # 10 ms * ln 2 to reach the threshold, then 5 ms held at the reset value
    np.testing.assert_allclose(np.diff(S.t / ms), 10 * np.log(2) + 5, atol=0.11)
    assert S.count[0] == 4


def test_a_synaptic_weight_defined_after_the_synapses():
    def script():
        source = NeuronGroup(1, "v : 1", threshold="True", reset="")
        target = NeuronGroup(1, "v : 1")
        S = Synapses(source, target, on_pre="v_post += w_later")
        S.connect()
        w_later = 0.25  # noqa: F841
        run(1 * ms)
        return target

    start_scope()
    target = script()
    assert target.v[0] == pytest.approx(10 * 0.25)


def test_a_name_still_undefined_is_reported_when_the_run_starts_and_nothing_runs():
    start_scope()
    G = NeuronGroup(1, "dv/dt = -v/tau_never : 1")
    net = Network(G)
    with pytest.raises(UnknownIdentifierError, match="'tau_never' is not defined") as info:
        net.run(1 * ms)
    assert info.value.line == 1
    assert net.t == 0 * ms


def test_a_name_of_the_wrong_kind_is_still_refused_at_construction():
    start_scope()
    namespace = {"tau_text": "10 ms"}
    with pytest.raises(InvalidParameterError, match="tau_text"):
        NeuronGroup(1, "dv/dt = -v/tau_text : 1", namespace=namespace)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (5, "but 5 has no unit. Give it units, e.g. 5*mV."),
        ([1, 2, 3], "but [1, 2, 3] has no unit. Give it units, e.g. [1, 2, 3]*mV."),
        (
            np.zeros(30),
            "but an array of plain numbers has no unit. Give it units, e.g. values*mV.",
        ),
    ],
)
def test_a_plain_number_for_a_variable_with_units_is_refused_with_an_example(value, says):
    start_scope()
    G = NeuronGroup(30 if np.size(value) == 30 else 3, "v : volt", name="cells")
    with pytest.raises(UnitMismatchError) as info:
        G.v = value
    assert str(info.value) == f"cells.v is in volt, {says}"


def test_set_states_sets_what_get_states_gives():
    start_scope()
    G = NeuronGroup(3, "v : volt\nw : 1")
    G.set_states({"v": [1, 2, 3] * mV, "w": 2})
    np.testing.assert_allclose(G.v / mV, [1, 2, 3])
    states = G.get_states()
    G.set_states({"v": [0.004] * 3}, units=False)
    np.testing.assert_allclose(G.v / mV, [4, 4, 4])
    G.set_states(states)
    np.testing.assert_allclose(G.v / mV, [1, 2, 3])
    with pytest.raises(UnitMismatchError):
        G.set_states({"v": 5})


def test_a_standalone_device_is_accepted_with_a_warning_and_runs_here(caplog):
    from brianlab import device, get_device, reset_device, set_device

    start_scope()
    try:
        with caplog.at_level("WARNING", logger="brianlab.devices"):
            set_device("cpp_standalone", directory="unused", build_on_run=False)
        assert "no 'cpp_standalone' device" in caplog.text
        assert get_device() is device and device.name == "cpp_standalone"
        G = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1", method="exact")
        G.v = 1
        run(10 * ms)
        device.build(directory="unused", compile=True, run=True)
        np.testing.assert_allclose(G.v[0], np.exp(-1), rtol=1e-12)
        with pytest.raises(InvalidParameterError, match="'gpu' is not a device"):
            set_device("gpu")
    finally:
        reset_device()
    assert device.name == "runtime"
