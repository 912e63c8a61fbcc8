"""Load: a lecture's worth of models in one kernel, and several notebooks
sharing one kernel cache.

* Soak: 200 notebook cells run one after the other in one namespace, as a
  lecture does — ``start_scope()``, a new model (four variants, so the kernel
  cache fills during the first cells), ``run()``.  Afterwards only the last
  model may still be alive, the Python memory allocated by cells 21-200 and
  still held at the end (tracemalloc) must stay under ``MEMORY_BOUND``, and the
  last 20 cells may not be slower than the first 20 after the warm-up, cells
  21-40 (median, factor ``SLOWDOWN_BOUND``; both are traced).  The resident
  memory before and after is printed.
* Concurrency: four processes start at the same instant on one fresh
  ``BRIANLAB_CACHE_DIR`` and compile the same model and one model each; then
  four more read the warm cache.  All results equal the in-process ones bit
  for bit, and the cache holds only complete kernels (no temporary files,
  every file's name is the hash of its content).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
import tracemalloc
import weakref
from pathlib import Path

import pytest

import brianlab
from brianlab.codegen.compiler import source_hash

#: Python memory the 180 cells after the 20th may add (a leak of one small model
#: per cell would add about 130 kB each, 23 MB in all).
MEMORY_BOUND = 2_000_000
#: How much slower the last cells may be than the first (behaviour, not speed).
SLOWDOWN_BOUND = 2.0
CELLS = 200

#: What a lecture's cell does; ``{variant}`` changes the model in four ways.
CELL = """
start_scope()
tau = (10 + {variant})*ms
G = NeuronGroup(20, '''dv/dt = (I - v)/tau : volt
                       I : volt''', threshold='v > 10*mV', reset='v = {reset}', method='{method}')
G.I = 'i*1.5*mV'
S = Synapses(G, G, 'w : volt', on_pre='v += w')
S.connect(p=0.3)
S.w = 0.5*mV
spikes = SpikeMonitor(G)
trace = StateMonitor(G, 'v', record=[0, 1])
run(20*ms)
"""
VARIANTS = [
    {"variant": 0, "reset": "0*mV", "method": "euler"},
    {"variant": 1, "reset": "0*mV", "method": "exact"},
    {"variant": 2, "reset": "2*mV", "method": "euler"},
    {"variant": 3, "reset": "2*mV", "method": "rk2"},
]


def rss_bytes() -> int:
    """The resident memory of this process (Linux), or 0 where unknown."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture(scope="module")
def lecture():
    """Run the cells; return times, memory and which groups are still alive.

    Python's allocations are traced from cell 21 on (after the kernel cache is
    warm), so what is still traced after the last cell is what 180 cells kept.
    """
    namespace: dict = {}
    exec("from brianlab import *", namespace)
    cells = [compile(CELL.format(**v), f"<cell {k}>", "exec") for k, v in enumerate(VARIANTS)]
    times, groups = [], []
    try:
        for k in range(CELLS):
            if k == 20:
                gc.collect()
                rss_20 = rss_bytes()
                tracemalloc.start()
            began = time.perf_counter()
            exec(cells[k % len(cells)], namespace)
            times.append(time.perf_counter() - began)
            groups.append(weakref.ref(namespace["G"]))
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
        rss_200 = rss_bytes()
    finally:
        tracemalloc.stop()
        brianlab.start_scope()
    result = {
        "times": times,
        "kept": kept,
        "alive": sum(ref() is not None for ref in groups),
        "spikes": len(namespace["spikes"].t),
    }
    print(
        f"\nsoak: {CELLS} cells; Python memory kept by cells 21-{CELLS}: {kept / 1e6:.2f} MB; "
        f"RSS {rss_20 / 1e6:.0f} MB after 20 cells, {rss_200 / 1e6:.0f} MB after {CELLS}; "
        f"models alive: {result['alive']}; median cell {statistics.median(times[20:40]) * 1e3:.1f}"
        f" ms (cells 21-40), {statistics.median(times[-20:]) * 1e3:.1f} ms (last 20)"
    )
    return result


def test_lecture_cells_do_real_work(lecture):
    assert lecture["spikes"] > 0


def test_lecture_does_not_slow_down(lecture):
    first = statistics.median(lecture["times"][20:40])  # warm, and traced like the last
    last = statistics.median(lecture["times"][-20:])
    assert last < SLOWDOWN_BOUND * first


def test_lecture_keeps_only_the_last_model_alive(lecture):
    assert lecture["alive"] <= 1


def test_lecture_memory_does_not_grow(lecture):
    assert lecture["kept"] < MEMORY_BOUND


# -- several processes, one cache ------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    go = Path(sys.argv[1])
    import brianlab
    from brianlab import NeuronGroup, Network, ms, mV
    def simulate(k):
        G = NeuronGroup(5, 'dv/dt = (I - v)/(10*ms) + %d*mV/ms*0 : volt\\nI : volt' % k,
                        threshold='v > 10*mV', reset='v = 0*mV', method='euler')
        G.I = 'i*5*mV'
        Network(G).run(10*ms)
        return [float(x).hex() for x in G.v_]
    while not go.exists():
        time.sleep(0.01)
    mine = int(sys.argv[2])
    print(json.dumps({"shared": simulate(0), "own": simulate(mine)}))
    """
)


def run_workers(cache: Path, go: Path, ids: list[int]) -> list[dict]:
    env = {**os.environ, "BRIANLAB_CACHE_DIR": str(cache)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), str(k)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in ids
    ]
    time.sleep(3)  # let them all import brianlab and wait at the start line
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err
        assert "Traceback" not in err, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def expected_values(k: int) -> list[str]:
    from brianlab import Network, NeuronGroup, mV

    brianlab.start_scope()
    G = NeuronGroup(
        5,
        f"dv/dt = (I - v)/(10*ms) + {k}*mV/ms*0 : volt\nI : volt",
        threshold="v > 10*mV",
        reset="v = 0*mV",
        method="euler",
    )
    G.I = "i*5*mV"
    Network(G).run(10 * brianlab.ms)
    assert mV  # the model's units come from brianlab, as in the worker
    return [float(x).hex() for x in G.v_]


def test_processes_sharing_a_fresh_cache_never_corrupt_it(tmp_path):
    cache = tmp_path / "cache"
    cold = run_workers(cache, tmp_path / "go-cold", [1, 2, 3, 4])
    warm = run_workers(cache, tmp_path / "go-warm", [1, 2, 3, 4])

    shared = expected_values(0)
    for k, (first, second) in enumerate(zip(cold, warm), start=1):
        own = expected_values(k)
        assert first == second == {"shared": shared, "own": own}
    kernels = sorted((cache / "kernels").glob("*.py"))
    assert len(kernels) >= 5
    assert not list((cache / "kernels").glob(".tmp_*"))
    for path in kernels:
        assert path.stem == f"k_{source_hash(path.read_text())}", f"{path.name} is incomplete"


STALE_CACHE_SCRIPT = """
import brianlab
from brianlab import NeuronGroup, ms, run
from brianlab.codegen import compiler
compiler.MODULE_PREFIX = {prefix!r}
brianlab.config.python_first_run_work = 0  # compile now, not in the background
G = NeuronGroup(3, 'dv/dt = -v/(10*ms) : 1', method='exact')
G.v = 1
run(1*ms)
print(repr(float(G.v[0])))
"""


def test_a_cache_entry_from_another_brianlab_version_is_recompiled(tmp_path):
    # numba's cache entries name the module a kernel was imported as; an older
    # brianlab named them differently, and numba cannot load such an entry
    env = dict(os.environ, BRIANLAB_CACHE_DIR=str(tmp_path), NUMBA_CACHE_DIR=str(tmp_path))
    outputs = []
    for prefix in ("brianlab._old_kernels", "brianlab._kernels", "brianlab._kernels"):
        script = STALE_CACHE_SCRIPT.format(prefix=prefix)
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        outputs.append(float(done.stdout.strip()))
    assert outputs == [outputs[0]] * 3
    assert outputs[0] == pytest.approx(0.9048374180359595, rel=1e-12)  # exp(-0.1)
