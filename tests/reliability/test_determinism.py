"""The same seed gives bit-identical results: run after run, process after
process, and with the JIT on or off (the generated code then runs as plain
Python, drawing from a generator with numba's algorithm and seed).

The model uses every source of randomness a course meets: ``rand()`` in
initial values, ``xi`` noise, random connectivity (``p=``), random delays,
a PoissonGroup, and plasticity that depends on spike timing.  It is small so
that the plain-Python run stays quick.

Objects acting in the same slot of a time step run in the order of their
names (as in Brian 2), and two pathways adding to ``v`` in one step give
results that differ in the last bit when swapped; automatic names depend on
which objects are still alive ('synapses_10' sorts before 'synapses_9'), so
the model names its objects.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import brianlab
from brianlab import (
    Hz,
    Network,
    NeuronGroup,
    PoissonGroup,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    ms,
    mV,
    seed,
)

HERE = Path(__file__).resolve().parent


def simulate(seed_value: int, duration_ms: float = 60.0) -> dict[str, np.ndarray]:
    """Build the model, seed, run; return everything it computed."""
    gc.collect()  # frees the names of the previous run's objects
    brianlab.start_scope()
    seed(seed_value)
    tau, sigma = 10 * ms, 3 * mV  # noqa: F841 - read through the namespace
    G = NeuronGroup(
        20,
        "dv/dt = (11*mV - v)/tau + sigma*sqrt(2/tau)*xi : volt (unless refractory)",
        threshold="v > 10*mV",
        reset="v = rand()*2*mV",
        refractory=1 * ms,
        method="euler",
        name="neurons",
    )
    G.v = "rand()*10*mV"
    P = PoissonGroup(10, rates=200 * Hz, name="poisson")
    feed = Synapses(P, G, "w : volt", on_pre="v += w", name="feed")
    feed.connect(p=0.3)
    feed.w = "rand()*1*mV"
    feed.delay = "rand()*2*ms"
    recurrent = Synapses(
        G,
        G,
        "w : 1\ndtrace/dt = -trace/tau : 1 (event-driven)",
        on_pre="v += w*mV; trace += 1",
        on_post="w = clip(w + 0.01*trace, 0, 1)",
        name="recurrent",
    )
    recurrent.connect(condition="i != j", p=0.2)
    recurrent.w = "rand()"
    spikes = SpikeMonitor(G, name="spikes")
    trace = StateMonitor(G, "v", record=[0, 5], name="trace")
    Network(G, P, feed, recurrent, spikes, trace).run(duration_ms * ms)
    return {
        "v": G.v_.copy(),
        "feed_i": feed.i.copy(),
        "feed_w": feed.w_.copy(),
        "feed_delay": feed.delay_.copy(),
        "rec_j": recurrent.j.copy(),
        "rec_w": recurrent.w_.copy(),
        "spike_i": spikes.i[:].copy(),
        "spike_t": spikes.t_.copy(),
        "trace": trace.v_.copy(),
    }


def save(results: dict[str, np.ndarray], path: str) -> None:
    """Store :func:`simulate`'s results (used by the subprocess)."""
    np.savez(path, **results)


def assert_identical(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)


@pytest.fixture
def jit_setting():
    """Restore ``config.jit`` after the test."""
    old = brianlab.config.jit
    yield
    brianlab.config.jit = old


def test_model_uses_its_randomness():
    first, other = simulate(1), simulate(2)
    assert len(first["spike_t"]) > 20
    assert not np.array_equal(first["v"], other["v"])
    assert not np.array_equal(first["feed_i"], other["feed_i"])


def test_same_seed_same_results_run_after_run():
    assert_identical(simulate(7), simulate(7))


def test_same_seed_same_results_in_another_process(tmp_path):
    out = tmp_path / "other.npz"
    script = f"import test_determinism as t; t.save(t.simulate(7), {str(out)!r})"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=HERE, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    with np.load(out) as other:
        assert_identical(simulate(7), dict(other))


def test_same_seed_same_results_with_the_jit_off(jit_setting):
    brianlab.config.jit = True
    compiled = simulate(7)
    brianlab.config.jit = False
    interpreted = simulate(7)
    assert_identical(compiled, interpreted)
