"""``python -m brianlab.warmup`` (Binder's ``postBuild``) really fills the kernel cache.

A small first run executes as Python and compiles in a background thread that
a finished notebook kernel does not wait for; the warm-up therefore runs its
kernels with ``BRIANLAB_PYTHON_FIRST_RUN=0``.  The test warms a cache with a
one-cell notebook and checks that numba's machine code for its model is on
disk afterwards, then that a new process running the model finds everything
there (it writes nothing to the cache).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat

from brianlab.warmup import warm_up

MODEL_CELL = """
from brianlab import *
G = NeuronGroup(3, 'dv/dt = (1.5 - v)/(7*ms) : 1', threshold='v > 1', reset='v = 0',
                method='exact')
run(5*ms)
"""


def test_the_warm_up_leaves_numbas_machine_code_in_the_cache(tmp_path, monkeypatch):
    folder = tmp_path / "course"
    folder.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(MODEL_CELL)])
    nbformat.write(notebook, folder / "tiny.ipynb")
    cache = tmp_path / "cache"
    monkeypatch.setenv("BRIANLAB_CACHE_DIR", str(cache))
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)

    assert warm_up([folder], timeout=300) == 1

    kernels = cache / "kernels"
    assert list(kernels.glob("k_*.py")), "no kernel source was written"
    assert list(kernels.rglob("*.nbi")), "no numba cache index: the kernels were not compiled"

    # a new process running the same model loads that code: it writes nothing new
    def snapshot() -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}

    before = snapshot()
    env = dict(os.environ, BRIANLAB_CACHE_DIR=str(cache), BRIANLAB_PYTHON_FIRST_RUN="0")
    done = subprocess.run(
        [sys.executable, "-c", MODEL_CELL], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert snapshot() == before


def test_the_warm_up_runs_every_notebook_of_each_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIANLAB_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("a", "b"):
        nbformat.write(
            nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]),
            tmp_path / f"{name}.ipynb",
        )
    assert warm_up([Path(tmp_path)], timeout=120) == 2
