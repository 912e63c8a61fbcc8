"""The exercise checkers of ``tutorials/course_checks.py``, without running notebooks.

Right answers, computed here from the theory of each exercise, must be accepted
with "Correct!"; typical wrong answers must be refused with the hint that
explains them.  The notebooks' own runs (``test_exercises.py``) check the same
checkers on simulated answers.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np
import pytest

from brianlab import Mohm, ms, mV, nA, nS, pA, pF, second

CHECKS_FILE = Path(__file__).resolve().parents[2] / "tutorials" / "course_checks.py"


def load_checks() -> ModuleType:
    """Import ``course_checks`` from the tutorials folder."""
    spec = importlib.util.spec_from_file_location("course_checks", CHECKS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


checks = load_checks()


def lif_spike_steps(current: float, duration_steps: int, refractory_steps: int = 0) -> list[int]:
    """Spike steps of the course's LIF neuron (dt grid), from the closed-form crossing time."""
    g, c = 10e-9, 200e-12
    drive = current / g
    crossing = c / g * math.log(drive / (drive - 15e-3))
    to_threshold = math.ceil(crossing / 1e-4)
    interval = max(refractory_steps, 1) + to_threshold - 1
    return list(range(to_threshold - 1, duration_steps, interval))


def test_right_answers_to_the_unit_exercises_are_correct(capsys) -> None:
    checks.check_ohms_law(300 * Mohm * 20 * pA)
    checks.check_time_constant(100 * Mohm * 200 * pF)
    assert capsys.readouterr().out.count("Correct!") == 2


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (0 * mV, "still 0 mV"),
        (6.0, "No units on V"),
        (6 * ms, "to be a voltage"),
        (2 * mV, "multiply, do not divide"),
    ],
)
def test_wrong_voltages_get_a_hint(answer, hint: str) -> None:
    with pytest.raises(AssertionError, match=hint):
        checks.check_ohms_law(answer)


def test_the_refractory_neuron_fires_every_8_2_ms(capsys) -> None:
    steps = lif_spike_steps(1e-9, 1000, refractory_steps=50)
    assert len(steps) == 12
    checks.check_refractory(SimpleNamespace(t=np.array(steps) * 0.1 * ms))
    assert "every 8.2 ms" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("refractory_steps", "interval", "hint"),
    [(0, None, "refractory=5\\*ms"), (None, 50, "unless refractory")],
)
def test_missing_refractoriness_is_named(refractory_steps, interval, hint: str) -> None:
    if interval is None:
        steps = lif_spike_steps(1e-9, 1000, refractory_steps)
    else:  # Vm kept integrating: the neuron fires as soon as it may
        steps = list(range(32, 1000, interval))
    with pytest.raises(AssertionError, match=hint):
        checks.check_refractory(SimpleNamespace(t=np.array(steps) * 0.1 * ms))


def fI_rates(currents_nA: np.ndarray, duration_steps: int):
    counts = [
        len(lif_spike_steps(i * 1e-9, duration_steps)) if i > 0.15 else 0 for i in currents_nA
    ]
    return np.array(counts) / (duration_steps * 0.1 * ms)


def test_a_one_second_fI_curve_is_correct(capsys) -> None:
    currents = np.linspace(0, 1, 100)
    checks.check_fI_curve(currents * nA, fI_rates(currents, 10000))
    assert "Correct!" in capsys.readouterr().out


def test_the_100_ms_staircase_is_refused_with_the_reason() -> None:
    currents = np.linspace(0, 1, 100)
    with pytest.raises(AssertionError, match="10 Hz apart.*longer"):
        checks.check_fI_curve(currents * nA, fI_rates(currents, 1000))


def test_fI_rates_must_be_rates() -> None:
    currents = np.linspace(0, 1, 100)
    with pytest.raises(AssertionError, match="to be a rate"):
        checks.check_fI_curve(currents * nA, fI_rates(currents, 10000) * second**2)


def test_threshold_currents_are_leak_times_distance_to_threshold(capsys) -> None:
    checks.check_threshold_currents([5, 10, 20] * nS * (15 * mV))
    assert "Correct!" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="still"):
        checks.check_threshold_currents([0, 0, 0] * nA)
    with pytest.raises(AssertionError, match="G_leak doubles"):
        checks.check_threshold_currents([0.15, 0.15, 0.15] * nA)


def test_membrane_noise_with_sigma_is_correct_and_sigma_over_root_two_is_explained(
    capsys,
) -> None:
    rng = np.random.default_rng(1)
    checks.check_membrane_noise((-70 + 5 * rng.standard_normal(2000)) * mV)
    assert "Correct!" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="sqrt\\(2/tau\\)"):
        checks.check_membrane_noise((-70 + 5 / math.sqrt(2) * rng.standard_normal(2000)) * mV)


def psp_trace(weight_nA: float) -> np.ndarray:
    """The course's current-based PSP (tau_m = 20 ms, tau_syn = 5 ms), in mV above rest."""
    t = np.arange(0, 50, 0.1) * 1e-3
    tau_m, tau_s = 20e-3, 5e-3
    amplitude = weight_nA * 1e-9 / 200e-12 * tau_m * tau_s / (tau_m - tau_s)
    return amplitude * (np.exp(-t / tau_m) - np.exp(-t / tau_s)) * 1e3


def test_a_1_mV_psp_is_correct_and_others_get_the_factor(capsys) -> None:
    one_mV = 1 / psp_trace(1).max()
    checks.check_psp_peak(SimpleNamespace(Vm=[(-70 + psp_trace(one_mV)) * mV]))
    assert "Correct!" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="multiply w by 0.635"):
        checks.check_psp_peak(SimpleNamespace(Vm=[(-70 + psp_trace(0.1)) * mV]))


def synapses_between(pairs: list[tuple[int, int]], n: int = 20) -> SimpleNamespace:
    i, j = zip(*pairs)
    return SimpleNamespace(source=range(n), i=np.array(i), j=np.array(j))


def test_neighbour_connectivity_is_correct_and_extra_or_missing_pairs_are_shown(capsys) -> None:
    neighbours = [(i, j) for i in range(20) for j in range(20) if 0 < abs(i - j) <= 2]
    checks.check_neighbour_synapses(synapses_between(neighbours))
    assert "74 synapses" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="self-connections"):
        checks.check_neighbour_synapses(synapses_between(neighbours + [(3, 3)]))
    with pytest.raises(AssertionError, match="both\\s+directions"):
        checks.check_neighbour_synapses(synapses_between([(i, j) for i, j in neighbours if j > i]))


def test_the_stdp_window_is_correct_and_a_swapped_rule_is_refused(capsys) -> None:
    delta_t = np.linspace(-50, 50, 101) * 1e-3
    window = np.where(
        delta_t > 0, 0.01 * np.exp(-delta_t / 20e-3), -0.0105 * np.exp(delta_t / 20e-3)
    )
    checks.check_stdp_window(delta_t * second, window)
    assert "Correct!" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="did not change"):
        checks.check_stdp_window(delta_t * second, np.zeros(101))
    with pytest.raises(AssertionError, match="pre-before-post"):
        checks.check_stdp_window(delta_t * second, window[::-1])
