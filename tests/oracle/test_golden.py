"""brianlab prints the golden numbers of the 2019 course notebook.

The course's models live in ``models/course2019_*.py`` (the 2019 Sorbonne
notebook, brian-team/brian-material, ``2019-TD-Brian-Sorbonne``); here they run
in brianlab only -- no Brian 2 needed -- and their results are checked
against the values the notebook shows and COMPAT.md records:

* the first LIF neuron ends at ``neurons.Vm`` = -65.59974818 mV after 100 ms;
* the three-neuron model (0.25, 0.5, 1 nA for 100 ms) fires 5, 13 and 30
  spikes, the first at 3.2 ms, and the 1 nA neuron fires every 3.3 ms
  (ceil(3.25 ms/dt)*dt);
* an LIF neuron fires only above G_leak*(V_th - E_leak): 0.075, 0.15 and
  0.30 nA for G_leak = 5, 10 and 20 nS.
"""

from __future__ import annotations

import subprocess
import sys
from functools import cache
from pathlib import Path

import numpy as np

from .catalog import MODELS_DIR
from .runner import ModelRun, run_model

#: The directory from which this test package is importable as ``__package__``.
PACKAGE_ROOT = Path(__file__).resolve().parents[__package__.count(".") + 1]


@cache
def course_run(name: str) -> ModelRun:
    """brianlab's run of one course model (once per session)."""
    return run_model(MODELS_DIR / f"{name}.py", "brianlab")


def test_first_course_neuron_ends_at_the_golden_membrane_potential() -> None:
    vm_end = course_run("course2019_first_lif").results["Vm_end"]
    assert [f"{v:.8f}" for v in vm_end] == ["-65.59974818"]


def test_first_course_neuron_prints_its_potential_like_the_notebook() -> None:
    # In a fresh interpreter, like the notebook's kernel: the group is the
    # first one created, so it is called 'neurongroup'.
    probe = (
        f"import sys; sys.path.insert(0, {str(PACKAGE_ROOT)!r})\n"
        f"from {__package__}.runner import run_model\n"
        f"run = run_model({str(MODELS_DIR / 'course2019_first_lif.py')!r}, 'brianlab')\n"
        "print(repr(run.namespace['neurons'].Vm))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "<neurongroup.Vm: array([-65.59974818]) * mvolt>"


def test_three_neuron_model_fires_5_13_and_30_spikes() -> None:
    counts = course_run("course2019_fI").results["spike_count"]
    assert counts.tolist() == [5, 13, 30]


def test_three_neuron_model_first_spike_is_the_1_nA_neuron_at_3_2_ms() -> None:
    results = course_run("course2019_fI").results
    assert results["spike_i"][0] == 2
    assert np.isclose(results["spike_t"][0], 3.2, rtol=0, atol=1e-9)


def test_1_nA_neuron_fires_every_3_3_ms() -> None:
    results = course_run("course2019_fI").results
    intervals = np.diff(results["spike_t"][results["spike_i"] == 2])
    np.testing.assert_allclose(intervals, 3.3, rtol=0, atol=1e-9)


def test_lif_fires_only_above_g_leak_times_distance_to_threshold() -> None:
    results = course_run("course2019_threshold_current").results
    below, above = slice(0, None, 2), slice(1, None, 2)
    np.testing.assert_allclose(results["G_leak"][above], [5, 10, 20])
    np.testing.assert_allclose(results["I_ext"][below] / 0.98, [0.075, 0.15, 0.30], rtol=1e-12)
    np.testing.assert_allclose(results["I_ext"][above] / 1.02, [0.075, 0.15, 0.30], rtol=1e-12)
    assert results["spike_count"][below].tolist() == [0, 0, 0]
    assert (results["spike_count"][above] > 0).all()
