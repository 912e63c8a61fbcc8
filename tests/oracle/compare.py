"""Compare the results of one model from two simulators.

Deterministic models (``# compare: values``), key by key:

* integer (and boolean) arrays -- spike indices, spike counts -- must be
  identical, and the other side must also give integers;
* keys ending in ``_t`` hold times in ms (spike times, monitor times) and are
  compared as time steps, ``round(t/dt)``, which must be identical;
* every other float array -- traces, final values, rates -- must agree to
  ``rtol = 1e-9``, the project's promise for the same method on the same
  model.  ``atol = 1e-12`` in the script's display unit (1e-15 V for a trace
  in mV, 1e-21 A for one in nA) only matters for values at or crossing zero,
  such as an adaptation current that starts at 0; the scripts divide by
  units that make their values of order 1 to 100, so the absolute tolerance
  stays nine or more orders of magnitude below the values compared.

Stochastic models (``# compare: statistics``) use different random numbers in
each simulator, so every key is treated as a sample of independent draws (for
instance one value per neuron) and two things are compared:

* the means, with Welch's z = (m1 - m2)/sqrt(s1**2/n1 + s2**2/n2);
* the variances, with z = (v1 - v2)/sqrt(Var(v1) + Var(v2)), where
  Var(v) = (m4 - v**2*(n - 3)/(n - 1))/n is estimated from the sample's
  fourth central moment (valid for non-normal samples such as spike counts).

Both |z| must stay below 5: a false alarm has a probability below 1e-6 per
statistic, and with two samples of 10 000 values (one per neuron, as in
most models) a shift of the mean by 7 % of the standard deviation, or a 10 %
change of the variance, is detected.  The seeds are fixed,
so a comparison gives the same verdict every time it runs.
"""

from __future__ import annotations

import numpy as np

from .runner import ModelRun

TRACE_RTOL = 1e-9
TRACE_ATOL = 1e-12
Z_LIMIT = 5.0
MIN_SAMPLES = 30


def compare_runs(expected: ModelRun, actual: ModelRun, statistical: bool) -> list[str]:
    """List every way in which ``actual`` differs from ``expected``.

    Parameters
    ----------
    expected : ModelRun
        The reference run (Brian 2).
    actual : ModelRun
        The run under test (brianlab).
    statistical : bool
        Compare samples statistically instead of value by value.

    Returns
    -------
    list of str
        One sentence per problem; empty when the runs agree.
    """
    ref, new = expected.simulator, actual.simulator
    problems = []
    missing = sorted(expected.results.keys() - actual.results.keys())
    extra = sorted(actual.results.keys() - expected.results.keys())
    if missing:
        problems.append(f"{new} gave no result for {missing}")
    if extra:
        problems.append(f"{new} gave results {ref} did not: {extra}")
    if not statistical and not np.isclose(expected.dt_ms, actual.dt_ms, rtol=1e-12, atol=0):
        problems.append(f"dt differs: {ref} {expected.dt_ms} ms, {new} {actual.dt_ms} ms")
        return problems
    for key in sorted(expected.results.keys() & actual.results.keys()):
        a, b = expected.results[key], actual.results[key]
        if a.shape != b.shape:
            problems.append(f"{key}: shape {a.shape} in {ref} but {b.shape} in {new}")
        elif statistical:
            problems.extend(_compare_samples(key, a, b, ref, new))
        elif a.dtype.kind in "biu":
            problems.extend(_compare_integers(key, a, b, ref, new))
        elif key.endswith("_t"):
            problems.extend(_compare_steps(key, a, b, expected.dt_ms, ref, new))
        else:
            problems.extend(_compare_floats(key, a, b, ref, new))
    return problems


def _first_difference(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _compare_integers(key: str, a: np.ndarray, b: np.ndarray, ref: str, new: str) -> list[str]:
    if b.dtype.kind not in "biu":
        return [f"{key}: {ref} gives integers but {new} gives {b.dtype} values"]
    if np.array_equal(a, b):
        return []
    at = _first_difference(a != b)
    return [f"{key}: first difference at index {at}: {ref} {a[at]}, {new} {b[at]}"]


def _compare_steps(
    key: str, a: np.ndarray, b: np.ndarray, dt_ms: float, ref: str, new: str
) -> list[str]:
    steps_a, steps_b = np.rint(a / dt_ms), np.rint(b / dt_ms)
    if np.array_equal(steps_a, steps_b):
        return []
    at = _first_difference(steps_a != steps_b)
    return [
        f"{key}: first different time step at index {at}: "
        f"{ref} step {steps_a[at]:.0f} ({a[at]:g} ms), {new} step {steps_b[at]:.0f} ({b[at]:g} ms)"
    ]


def _compare_floats(key: str, a: np.ndarray, b: np.ndarray, ref: str, new: str) -> list[str]:
    close = np.isclose(b, a, rtol=TRACE_RTOL, atol=TRACE_ATOL)
    if close.all():
        return []
    at = _first_difference(~close)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.abs(b - a) / np.abs(a)
    return [
        f"{key}: {np.count_nonzero(~close)} of {a.size} values differ beyond "
        f"rtol={TRACE_RTOL:g}, atol={TRACE_ATOL:g}; first at index {at}: "
        f"{ref} {a[at]!r}, {new} {b[at]!r}; largest relative difference "
        f"{np.nanmax(rel[~close]):.3g}"
    ]


def _compare_samples(key: str, a: np.ndarray, b: np.ndarray, ref: str, new: str) -> list[str]:
    x, y = a.ravel().astype(float), b.ravel().astype(float)
    if min(x.size, y.size) < MIN_SAMPLES:
        return [f"{key}: needs at least {MIN_SAMPLES} samples for a statistical comparison"]
    problems = []
    mean_x, mean_y = x.mean(), y.mean()
    var_x, var_y = x.var(ddof=1), y.var(ddof=1)
    z_mean = _z(mean_x - mean_y, var_x / x.size + var_y / y.size)
    if abs(z_mean) > Z_LIMIT:
        problems.append(
            f"{key}: means differ by {z_mean:+.1f} standard errors: "
            f"{ref} {mean_x:.6g}, {new} {mean_y:.6g}"
        )
    z_var = _z(var_x - var_y, _variance_of_variance(x) + _variance_of_variance(y))
    if abs(z_var) > Z_LIMIT:
        problems.append(
            f"{key}: variances differ by {z_var:+.1f} standard errors: "
            f"{ref} {var_x:.6g}, {new} {var_y:.6g}"
        )
    return problems


def _variance_of_variance(x: np.ndarray) -> float:
    """Sampling variance of the unbiased sample variance of ``x``."""
    n = x.size
    centred = x - x.mean()
    m4 = np.mean(centred**4)
    var = x.var(ddof=1)
    return max((m4 - var**2 * (n - 3) / (n - 1)) / n, 0.0)


def _z(difference: float, variance: float) -> float:
    """A difference in standard errors (0 for 0/0, infinite for x/0)."""
    if difference == 0:
        return 0.0
    if variance == 0:
        return float(np.copysign(np.inf, difference))
    return difference / np.sqrt(variance)
