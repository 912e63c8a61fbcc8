"""'Show as Brian 2 code': the exported script is what a learner would write, and
Brian 2 running it gives brianlab's numbers."""

from __future__ import annotations

import contextlib
import io
import subprocess

import numpy as np
import pytest

from brianlab import Mohm, ms, mV, nA, pF, second, siemens
from brianlab.widgets.models.explorer import ExplorerModel
from brianlab.widgets.models.export import brian2_script
from brianlab.widgets.models.parameters import format_quantity
from brianlab.widgets.models.simulation import ModelSpec

LIF = "dv/dt = (E_L - v + R*I)/tau : volt"


@pytest.mark.parametrize(
    "value, text",
    [
        (-70 * mV, "-70*mV"),
        (0.5 * nA, "0.5*nA"),
        (10 * ms, "10*ms"),
        (100 * Mohm, "100*Mohm"),
        (200 * pF, "200*pF"),
        (3 * siemens / second, "3*siemens/second"),
        (0.7, "0.7"),
        (2, "2"),
    ],
)
def test_values_are_written_in_course_units(value, text):
    assert format_quantity(value) == text


def test_script_of_a_lif_neuron_reads_like_a_tutorial(lif_namespace):
    spec = ModelSpec(LIF, "v > -50*mV", "v = E_L", "5*ms", "exact")
    script = brian2_script(
        spec,
        {**lif_namespace, "I": 0.3 * nA, "unused": 1 * ms},
        initial={"v": "E_L"},
        duration=200 * ms,
    )
    assert script == (
        "from brian2 import *\n"
        "\n"
        "# parameters\n"
        "E_L = -70*mV\n"
        "R = 100*Mohm\n"
        "I = 0.3*nA\n"
        "tau = 10*ms\n"
        "\n"
        "eqs = '''\n"
        "dv/dt = (E_L - v + R*I)/tau : volt\n"
        "'''\n"
        "G = NeuronGroup(1, eqs, threshold='v > -50*mV', reset='v = E_L', "
        "refractory='5*ms', method='exact')\n"
        "G.v = 'E_L'\n"
        "M = StateMonitor(G, ['v'], record=True)\n"
        "S = SpikeMonitor(G)\n"
        "\n"
        "run(200*ms)\n"
        "\n"
        "figure()\n"
        "plot(M.t/ms, M.v[0]/mV)\n"
        "xlabel('time (ms)')\n"
        "ylabel('v (mV)')\n"
        "show()\n"
    )


@pytest.fixture
def explorer(lif_namespace) -> ExplorerModel:
    model = ExplorerModel(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory="2*ms",
        namespace=lif_namespace,
        initial={"v": -70 * mV},
        delay=0,
    )
    model.params.set_value("I_amp", 0.35)
    model.params.set_value("tau", 15.0)
    return model


def results_script(model: ExplorerModel) -> str:
    return brian2_script(
        model.run_spec(),
        model.namespace,
        duration=model.duration,
        initial=model.initial,
        record=["v"],
        results=True,
    )


def parse_results(output: str) -> tuple[int, float]:
    lines = dict(line.split(" ", 1) for line in output.strip().splitlines())
    return int(lines["spikes"]), float(lines["v"])


def explorer_results(model: ExplorerModel) -> tuple[int, float]:
    return model.sim.spike_monitors[0].num_spikes, float(model.sim.state_monitors[0].v_[0, -1])


def test_explorer_script_includes_the_stimulus_and_the_slider_values(explorer):
    script = explorer.brian2_code()
    assert "tau = 15*ms\nI_amp = 0.35*nA\nI_start = 10*ms\nI_stop = 90*ms\n" in script
    assert (
        "I = I_amp*int(t >= I_start)*int(t < I_stop) : amp (constant over dt)"
        "  # added by the explorer" in script
    )


def test_exported_script_run_by_brianlab_gives_the_explorers_numbers(explorer):
    script = results_script(explorer).replace("from brian2 import *", "from brianlab import *")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(script, "<exported>", "exec"), {})
    spikes, v_last = parse_results(printed.getvalue())
    assert spikes > 0
    assert (spikes, v_last) == explorer_results(explorer)


@pytest.mark.oracle
def test_exported_script_run_by_brian2_gives_the_explorers_numbers(explorer, brian2, tmp_path):
    path = tmp_path / "exported.py"
    path.write_text(results_script(explorer))
    done = subprocess.run(
        [str(brian2), str(path)],
        capture_output=True,
        text=True,
        timeout=600,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    spikes, v_last = parse_results(done.stdout)
    expected_spikes, expected_v = explorer_results(explorer)
    assert spikes == expected_spikes
    np.testing.assert_allclose(v_last, expected_v, rtol=1e-9)
