"""The Explorer: editor + sliders + live plots + run controls for a model.

Numbers are checked against the closed form of forward Euler for the leaky
integrate-and-fire neuron, v[n] = v_inf + (v0 - v_inf)*(1 - dt/tau)**n,
which is what brianlab integrates step for step.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from brianlab import (
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    ms,
    mV,
    nA,
    second,
)
from brianlab.widgets import Explorer
from brianlab.widgets.models.explorer import ExplorerModel

LIF = "dv/dt = (E_L - v + R*I)/tau : volt"
DT = 1e-4


def euler_lif(n_steps: int, v0: float, v_inf: float, tau: float) -> np.ndarray:
    """Forward Euler's exact sequence for dv/dt = (v_inf - v)/tau (SI units)."""
    return v_inf + (v0 - v_inf) * (1 - DT / tau) ** np.arange(n_steps)


@pytest.fixture
def explorer(lif_namespace) -> ExplorerModel:
    """A LIF neuron driven from t = 0 by 0.15 nA (v_inf = -55 mV, below threshold)."""
    return ExplorerModel(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        method="euler",
        namespace=lif_namespace,
        initial={"v": -70 * mV},
        parameters={"I": (0 * nA, 1 * nA), "tau": (1 * ms, 100 * ms)},
        delay=0,
    )


def trace(explorer: ExplorerModel) -> tuple[np.ndarray, np.ndarray]:
    """The plotted voltage trace (ms, mV)."""
    line = explorer.figure.panels[0].lines[0]
    return np.asarray(line.get_xdata()), np.asarray(line.get_ydata())


def drive_from_start(explorer: ExplorerModel, amplitude_na: float) -> None:
    explorer.params.set_value("I_start", 0.0)
    explorer.params.set_value("I_stop", 100.0)
    explorer.params.set_value("I_amp", amplitude_na)


def test_plotted_trace_is_eulers_exact_sequence(explorer):
    drive_from_start(explorer, 0.15)
    t, v = trace(explorer)
    assert len(t) == 1000
    np.testing.assert_allclose(t, np.arange(1000) * 0.1, rtol=0, atol=1e-9)
    expected = euler_lif(1000, -0.070, -0.055, 0.010) / 1e-3
    np.testing.assert_allclose(v, expected, rtol=1e-12)


def test_slider_moves_rerun_from_the_initial_state_without_compiling(explorer, compilations):
    drive_from_start(explorer, 0.15)
    compilations.reset()
    runs = explorer.sim.runs
    for tau in (5.0, 20.0, 50.0):
        explorer.params.set_value("tau", tau)
        _, v = trace(explorer)
        np.testing.assert_allclose(
            v, euler_lif(1000, -0.070, -0.055, tau * 1e-3) / 1e-3, rtol=1e-12
        )
    assert explorer.sim.runs == runs + 3
    assert compilations.new == 0
    assert explorer.state["status"].startswith("simulated 100 ms in ")


def test_current_step_timing_sliders_move_the_onset(explorer):
    explorer.params.set_value("I_amp", 0.15)
    explorer.params.set_value("I_start", 50.0)
    t, v = trace(explorer)
    before = t <= 50.0 + 1e-9  # at t = 50 ms the step has only just been switched on
    np.testing.assert_array_equal(v[before], -70.0)
    assert v[-1] > -65.0


def test_default_stimulus_pulse_is_in_the_middle_eighty_percent(explorer):
    state = explorer.state["parameters"]
    assert (state["I_start"]["value"], state["I_stop"]["value"]) == (10.0, 90.0)
    assert state["I_amp"]["unit"] == "nA"
    assert explorer.state["visible"][:3] == ["I_amp", "I_start", "I_stop"]
    assert "I" not in explorer.state["visible"]


def test_spikes_and_resets_show_in_the_trace(explorer):
    drive_from_start(explorer, 0.5)  # v_inf = -20 mV: regular firing
    _, v = trace(explorer)
    spikes = explorer.sim.spike_monitors[0]
    assert spikes.num_spikes > 3
    assert v.max() < -50.0 + 5.0  # reset right after crossing
    # tau*ln((v_inf - E_L)/(v_inf - v_th)) = 10 ms * ln(50/30) for the first crossing
    assert float(spikes.t[0] / ms) == pytest.approx(10 * np.log(50 / 30), abs=0.2)


def test_an_equation_error_keeps_the_previous_model_running(explorer, compilations):
    drive_from_start(explorer, 0.15)
    compilations.reset()
    explorer.editor.set_text("equations", "dv/dt = (E_L - v + R*I)/taux : volt")
    assert explorer.state["editor"]["error"]["message"] == "line 1: 'taux' is not defined."
    explorer.params.set_value("tau", 20.0)
    _, v = trace(explorer)
    np.testing.assert_allclose(v, euler_lif(1000, -0.070, -0.055, 0.020) / 1e-3, rtol=1e-12)
    assert compilations.new == 0


def test_a_new_valid_model_is_built_once_and_plotted(explorer, compilations):
    compilations.reset()
    rebuilt = []
    explorer.on_rebuild(rebuilt.append)
    explorer.editor.set_text("equations", LIF + "\ndw/dt = -w/tau : 1")
    assert compilations.new == 1
    assert len(rebuilt) == 1
    assert explorer.state["figure"]["panels"] == 3  # v, w and the input current
    explorer.params.set_value("tau", 30.0)
    assert compilations.new == 1


def test_new_parameters_in_an_edited_model_get_sliders(explorer, lif_namespace):
    lif_namespace["g"] = 2.0
    explorer.editor.set_text("equations", "dv/dt = g*(E_L - v + R*I)/tau : volt")
    assert "g" in explorer.state["visible"]
    assert explorer.state["parameters"]["g"]["log"]


def test_explorer_widget_sliders_drive_the_plot(lif_namespace, compilations):
    widget = Explorer(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        method="euler",
        namespace=lif_namespace,
        initial={"v": -70 * mV},
        delay=0,
        I=(0 * nA, 1 * nA),
    )
    assert widget.figure.shown == 1  # static figure (Agg): shown once, then again per run
    compilations.reset()
    widget.sliders.sliders["I_start"].value = 0.0
    widget.sliders.sliders["I_stop"].value = 100.0
    widget.sliders.sliders["I_amp"].value = 0.15
    widget.sliders.sliders["tau"].value = 20.0
    assert widget.figure.shown == 5
    _, v = trace(widget.model)
    np.testing.assert_allclose(v, euler_lif(1000, -0.070, -0.055, 0.020) / 1e-3, rtol=1e-12)
    assert compilations.new == 0
    assert "simulated 100 ms" in widget.status.value
    assert type(widget.sliders.sliders["tau"]).__name__ == "FloatLogSlider"
    assert widget.sliders.sliders["tau"].description == "tau (ms)"
    # the editor's table of parameters shows the values the sliders set
    assert "<code>tau</code></td><td>external parameter = 20. ms" in widget.editor.summary.value


def test_explorer_widget_code_button_shows_a_brian2_script(lif_namespace):
    widget = Explorer(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        namespace=lif_namespace,
        initial={"v": -70 * mV},
        delay=0,
    )
    widget.code.button.value = True
    assert widget.code.script.startswith("from brian2 import *\n")
    assert "tau = 10*ms" in widget.code.script
    widget.sliders.sliders["tau"].value = 20.0
    assert "tau = 20*ms" in widget.code.script
    assert "&#x27;" in widget.code.code.value  # escaped quotes in the HTML


def network(namespace: dict) -> list:
    """50 LIF neurons with random initial voltages, as a learner would write them."""
    group = NeuronGroup(
        50,
        "dv/dt = (v_drive - v)/tau : volt",
        threshold="v > 1*mV",
        reset="v = 0*mV",
        method="exact",
        namespace=namespace,
        name="network_test_group",
    )
    group.v = "rand()*1*mV"
    return [
        group,
        SpikeMonitor(group),
        PopulationRateMonitor(group),
        StateMonitor(group, "v", record=[0, 1]),
    ]


def test_network_explorer_plots_raster_and_rate_without_compiling_on_moves(compilations):
    namespace = {"tau": 10 * ms, "v_drive": 1.5 * mV}
    model = ExplorerModel(network=network, namespace=namespace, delay=0)
    assert model.state["mode"] == "network"
    assert model.state["visible"] == ["tau", "v_drive"]
    compilations.reset()
    model.params.set_value("v_drive", 3.0)
    spikes = model.sim.spike_monitors[0]
    raster = next(p for p in model.figure.panels if type(p).__name__ == "RasterPanel")
    np.testing.assert_array_equal(raster.dots.get_xdata(), spikes.t_ * 1e3)
    np.testing.assert_array_equal(raster.dots.get_ydata(), spikes.i)
    assert spikes.num_spikes > 50
    assert compilations.new == 0
    with pytest.raises(TypeError):
        model.brian2_code()


def test_network_groups_without_namespace_read_the_explorers_at_each_run():
    def build(namespace):
        tau, v_drive = namespace["tau"], namespace["v_drive"]  # noqa: F841 - read by the model
        group = NeuronGroup(
            3, "dv/dt = (v_drive - v)/tau : volt", method="exact", name="network_free_group"
        )
        return [group, StateMonitor(group, "v", record=0)]

    namespace = {"tau": 10 * ms, "v_drive": 2 * mV}
    model = ExplorerModel(network=build, namespace=namespace, delay=0)
    model.params.set_value("v_drive", 4.0)
    _, v = model.figure.panels[0].lines[0].get_data()
    assert v[-1] == pytest.approx(4.0 * (1 - np.exp(-99.9 / 10)), rel=1e-9)


def test_stop_ends_a_background_run_at_a_chunk_and_keeps_the_data(lif_namespace):
    model = ExplorerModel(
        LIF,
        method="euler",
        namespace=lif_namespace,
        delay=0,
        initial={"v": -70 * mV},
        duration=100 * ms,
    )
    thread = model.run(200 * second, background=True)
    deadline = time.time() + 60
    while model.sim.network.t_ < 0.5 and time.time() < deadline:
        time.sleep(0.01)
    model.stop()
    thread.join(60)
    state = model.state["run"]
    assert not state["running"] and state["stopped"]
    assert 0.5 <= model.sim.network.t_ < 200
    monitor = model.sim.state_monitors[0]
    assert len(monitor.t_) == round(model.sim.network.t_ / DT)  # every step up to the stop
    assert state["status"].startswith("stopped at t = ")
    assert model.state["status"] == state["status"]


def test_live_mode_applies_a_slider_move_at_the_next_chunk(explorer, compilations, monkeypatch):
    from brianlab import config

    monkeypatch.setattr(config, "chunk_seconds", 1e-9)  # one step per chunk: exact timing
    drive_from_start(explorer, 0.0)
    compilations.reset()
    moved = {}

    def move_slider_once(sim):
        if not moved and sim.network.t_ >= 0.02:
            moved["t"] = sim.network.t_
            explorer.params.set_value("I_amp", 0.15)

    explorer.sim.on_chunk(move_slider_once)
    explorer.run(100 * ms, background=False, live=True)
    t, v = trace(explorer)
    assert "t" in moved
    np.testing.assert_array_equal(v[t < moved["t"] * 1e3], -70.0)  # no input before
    assert v[-1] > -60.0  # the new amplitude acted on the same run
    assert compilations.new == 0


def test_without_live_mode_a_move_during_a_run_reruns_afterwards(explorer):
    drive_from_start(explorer, 0.0)
    runs = explorer.sim.runs

    def move_slider_once(sim):
        if sim.network.t_ >= 0.02 and explorer.params.value("I_amp") == 0.0:
            explorer.params.set_value("I_amp", 0.15)

    explorer.sim.on_chunk(move_slider_once)
    explorer.run(100 * ms, background=False, live=False)
    assert explorer.sim.runs == runs + 2  # the run, then a re-run with the new value
    _, v = trace(explorer)
    np.testing.assert_allclose(v, euler_lif(1000, -0.070, -0.055, 0.010) / 1e-3, rtol=1e-12)


def test_run_controls_show_progress_for_slow_runs_and_stop(lif_namespace):
    widget = Explorer(
        LIF, method="euler", namespace=lif_namespace, delay=0, initial={"v": -70 * mV}
    )
    controls = widget.controls
    controls.sim.progress_after = 0.05
    # make the run slow whatever the machine: each chunk waits a little, so the
    # progress bar must appear and Stop must arrive before the end
    controls.sim.on_chunk(lambda sim: time.sleep(0.05))
    controls.duration.value = 200_000.0  # ms
    controls.run_button.click()
    deadline = time.time() + 60
    while not controls.state["progress_visible"] and time.time() < deadline:
        time.sleep(0.01)
    assert controls.state["progress_visible"]
    assert controls.stop_button.disabled is False
    controls.stop_button.click()
    controls.sim.wait(60)
    assert controls.state["stopped"]
    assert controls.status.value.startswith("stopped at t = ")
    assert controls.run_button.disabled is False
    assert 0 < controls.progress.value < 1


def test_short_runs_show_no_progress_bar(lif_namespace):
    widget = Explorer(
        LIF, method="euler", namespace=lif_namespace, delay=0, initial={"v": -70 * mV}
    )
    widget.controls.background = False
    widget.controls.run_button.click()
    assert not widget.controls.state["progress_visible"]
    assert widget.controls.status.value.startswith("done at t = 100 ms")


def test_a_failing_run_is_reported_in_the_status_not_raised(lif_namespace):
    model = ExplorerModel(
        "dv/dt = v**2/(0.1*ms*mV) : volt",
        method="euler",
        delay=0,
        namespace=lif_namespace,
        initial={"v": 1 * mV},
    )
    assert model.state["status"].startswith("run failed: 'v' of neuron 0")


def coupled_network(namespace: dict) -> list:
    """200 LIF neurons, the last 40 inhibitory, coupled by synapses."""
    from brianlab import Synapses, seed

    seed(11)
    group = NeuronGroup(
        200,
        "dv/dt = (v_drive - v)/tau : volt (unless refractory)",
        threshold="v > 1*mV",
        reset="v = 0*mV",
        refractory=1 * ms,
        method="exact",
        namespace=namespace,
    )
    group.v = "rand()*1*mV"
    exc = Synapses(group[:160], group, on_pre="v_post += w_e", namespace=namespace)
    exc.connect(p=0.1)
    inh = Synapses(group[160:], group, on_pre="v_post -= 4*w_e", namespace=namespace)
    inh.connect(p=0.1)
    return [group, exc, inh, SpikeMonitor(group)]


def test_network_with_synapses_reruns_as_a_fresh_build_would(compilations):
    from brianlab import Network

    model = ExplorerModel(
        network=coupled_network,
        delay=0,
        namespace={"tau": 10 * ms, "v_drive": 1.5 * mV, "w_e": 0.05 * mV},
    )
    compilations.reset()
    for w in (0.1, 0.2):
        model.params.set_value("w_e", w)
    assert compilations.new == 0
    fresh_namespace = {"tau": 10 * ms, "v_drive": 1.5 * mV, "w_e": 0.2 * mV}
    fresh = coupled_network(fresh_namespace)
    Network(*fresh).run(100 * ms)
    spikes = model.sim.spike_monitors[0]
    assert spikes.num_spikes > 100
    np.testing.assert_array_equal(spikes.i, fresh[-1].i)
    np.testing.assert_allclose(spikes.t_, fresh[-1].t_, rtol=0, atol=1e-12)


def test_build_messages_are_notes_of_the_widget_not_stderr_lines(lif_namespace, capsys):
    from brianlab.widgets.models.phaseplane import PhasePlaneModel

    model = ExplorerModel(LIF, namespace=lif_namespace, delay=0)
    plane = PhasePlaneModel(
        "dx/dt = -x/tau : 1\ndy/dt = (x - y)/tau : 1",
        x_range=(-1, 1),
        y_range=(-1, 1),
        namespace={"tau": 10 * ms},
    )
    # the explorer's current step is constant over each time step: the LIF stays linear
    assert any("using method 'exact'" in note for note in model.state["notes"])
    assert any("using method 'exact'" in note for note in plane.state["notes"])
    assert capsys.readouterr().err == ""


def test_an_exact_explorer_follows_the_analytic_step_response(lif_namespace):
    model = ExplorerModel(
        LIF,
        method="exact",
        namespace=lif_namespace,
        initial={"v": -70 * mV},
        parameters={"I": (0 * nA, 1 * nA), "tau": (1 * ms, 100 * ms)},
        delay=0,
    )
    drive_from_start(model, 0.15)
    _, v = trace(model)
    t = np.arange(1000) * DT
    np.testing.assert_allclose(
        v, (-0.055 + (-0.070 + 0.055) * np.exp(-t / 0.010)) / 1e-3, rtol=1e-12
    )
