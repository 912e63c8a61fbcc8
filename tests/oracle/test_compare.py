"""The oracle's comparison catches the differences it promises to catch, and only those.

These tests need neither Brian 2 nor brianlab: they feed hand-made runs to
:func:`compare.compare_runs`.
"""

from __future__ import annotations

import numpy as np
import pytest

from .compare import TRACE_RTOL, compare_runs
from .runner import ModelRun


def make_run(simulator: str = "brian2", dt_ms: float = 0.1, **results: object) -> ModelRun:
    return ModelRun(simulator, {k: np.asarray(v) for k, v in results.items()}, dt_ms, 0.0)


def reference() -> ModelRun:
    v = -70 + 15 * np.sin(np.linspace(0, 3, 200))
    return make_run(
        spike_i=np.array([1, 0, 1], dtype=np.int32),
        spike_t=np.array([3.2, 6.5, 7.1]),
        v=v,
        w=np.zeros(200),
    )


def with_changes(run: ModelRun, simulator: str = "brianlab", **changes: object) -> ModelRun:
    results = {**run.results, **{k: np.asarray(v) for k, v in changes.items()}}
    return ModelRun(simulator, results, run.dt_ms, 0.0)


def test_identical_runs_agree() -> None:
    ref = reference()
    assert compare_runs(ref, with_changes(ref), statistical=False) == []


def test_trace_within_rtol_agrees() -> None:
    ref = reference()
    nudged = ref.results["v"] * (1 + 0.1 * TRACE_RTOL)
    assert compare_runs(ref, with_changes(ref, v=nudged), statistical=False) == []


def test_trace_beyond_rtol_is_reported_with_index_and_size() -> None:
    ref = reference()
    changed = ref.results["v"].copy()
    changed[17] *= 1 + 10 * TRACE_RTOL
    (problem,) = compare_runs(ref, with_changes(ref, v=changed), statistical=False)
    assert problem.startswith("v: 1 of 200 values differ beyond rtol=1e-09, atol=1e-12;")
    assert "first at index (17,)" in problem
    assert "largest relative difference 1e-08" in problem


def test_value_that_should_stay_zero_is_reported() -> None:
    ref = reference()
    w = np.zeros(200)
    w[5] = 1e-9
    (problem,) = compare_runs(ref, with_changes(ref, w=w), statistical=False)
    assert problem.startswith("w: 1 of 200 values differ")


def test_spike_one_step_late_is_reported_in_steps_and_ms() -> None:
    ref = reference()
    late = with_changes(ref, spike_t=np.array([3.2, 6.6, 7.1]))
    assert compare_runs(ref, late, statistical=False) == [
        "spike_t: first different time step at index (1,): "
        "brian2 step 65 (6.5 ms), brianlab step 66 (6.6 ms)"
    ]


def test_spike_time_rounding_noise_within_a_step_agrees() -> None:
    ref = reference()
    noisy = with_changes(ref, spike_t=ref.results["spike_t"] + 1e-12)
    assert compare_runs(ref, noisy, statistical=False) == []


def test_different_spike_index_is_reported() -> None:
    ref = reference()
    swapped = with_changes(ref, spike_i=np.array([1, 1, 1]))
    assert compare_runs(ref, swapped, statistical=False) == [
        "spike_i: first difference at index (1,): brian2 0, brianlab 1"
    ]


def test_float_indices_where_brian_gives_integers_are_reported() -> None:
    ref = reference()
    floats = with_changes(ref, spike_i=np.array([1.0, 0.0, 1.0]))
    assert compare_runs(ref, floats, statistical=False) == [
        "spike_i: brian2 gives integers but brianlab gives float64 values"
    ]


def test_missing_extra_and_reshaped_results_are_reported() -> None:
    ref = reference()
    results = dict(ref.results)
    del results["w"]
    results["extra"] = np.zeros(1)
    results["v"] = results["v"].reshape(1, -1)
    problems = compare_runs(ref, ModelRun("brianlab", results, 0.1, 0.0), statistical=False)
    assert problems == [
        "brianlab gave no result for ['w']",
        "brianlab gave results brian2 did not: ['extra']",
        "v: shape (200,) in brian2 but (1, 200) in brianlab",
    ]


def test_different_time_step_is_reported_first() -> None:
    ref = reference()
    other = ModelRun("brianlab", ref.results, 0.05, 0.0)
    assert compare_runs(ref, other, statistical=False) == [
        "dt differs: brian2 0.1 ms, brianlab 0.05 ms"
    ]


def samples(mean: float, std: float, seed: int, n: int = 10000) -> np.ndarray:
    return np.random.default_rng(seed).normal(mean, std, n)


def test_samples_from_the_same_distribution_agree() -> None:
    for seed in range(20):
        ref = make_run(v=samples(-70, 5, seed))
        new = make_run("brianlab", v=samples(-70, 5, seed + 1000))
        assert compare_runs(ref, new, statistical=True) == []


def test_spike_counts_from_the_same_poisson_rate_agree() -> None:
    rng = np.random.default_rng(3)
    ref = make_run(count=rng.poisson(4.0, 10000))
    new = make_run("brianlab", count=rng.poisson(4.0, 10000))
    assert compare_runs(ref, new, statistical=True) == []


def test_shifted_mean_is_detected() -> None:
    ref = make_run(v=samples(-70, 5, 1))
    new = make_run("brianlab", v=samples(-69.5, 5, 2))
    (problem,) = compare_runs(ref, new, statistical=True)
    assert problem.startswith("v: means differ by -")
    assert "standard errors: brian2 -70" in problem


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_noise_amplitude_off_by_ten_percent_is_detected(factor: float) -> None:
    ref = make_run(v=samples(-70, 5, 1))
    new = make_run("brianlab", v=samples(-70, 5 * factor, 2))
    (problem,) = compare_runs(ref, new, statistical=True)
    assert problem.startswith("v: variances differ by ")


def test_statistics_need_enough_samples() -> None:
    ref = make_run(v=np.arange(10.0))
    assert compare_runs(ref, make_run("brianlab", v=np.arange(10.0)), statistical=True) == [
        "v: needs at least 30 samples for a statistical comparison"
    ]


def test_constant_samples_compare_equal_or_infinitely_different() -> None:
    ref = make_run(x=np.ones(100))
    assert compare_runs(ref, make_run("brianlab", x=np.ones(100)), statistical=True) == []
    (problem,) = compare_runs(ref, make_run("brianlab", x=np.zeros(100)), statistical=True)
    assert problem == "x: means differ by +inf standard errors: brian2 1, brianlab 0"
