"""Time each course notebook from top to bottom, with a cold and with a warm kernel cache.

For each notebook, the script empties a fresh kernel-cache directory
(``BRIANLAB_CACHE_DIR``), executes the notebook in a new Jupyter kernel (cold:
every model is compiled), then executes it again with the same directory
(warm: every kernel comes from the cache).  Each run includes starting the
kernel, like "Restart Kernel and Run All Cells".  Next to each wall time, the
kernel's CPU time: on a machine shared with other jobs, it is what the wall
time would be on an idle one.  The figures go into the table
of ``tutorials/README.md``; the targets are 60 s cold and 20 s warm.

Usage (from the repository root)::

    .venv/bin/python tests/notebooks/time_notebooks.py [notebook.ipynb ...]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TUTORIALS = Path(__file__).resolve().parents[2] / "tutorials"


#: Appended to the notebook: the kernel's CPU time, which other jobs on the machine do not inflate.
CPU_PROBE = "import time; print(time.process_time())"


def run_seconds(path: Path) -> tuple[float, float]:
    """Wall time of executing the notebook at ``path`` in a fresh kernel, and its CPU time."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(CPU_PROBE))
    began = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    wall = time.perf_counter() - began
    return wall, float(notebook.cells[-1].outputs[0].text)


def main(paths: list[Path]) -> None:
    """Print one table row per notebook: cold and warm wall times (kernel CPU times) in seconds."""
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print("| notebook | cold (s) | warm (s) |")
    print("|---|---|---|")
    for path in paths:
        with tempfile.TemporaryDirectory(prefix="brianlab-cache-") as cache:
            os.environ["BRIANLAB_CACHE_DIR"] = cache
            cold, cold_cpu = run_seconds(path)
            warm, warm_cpu = run_seconds(path)
        print(
            f"| {path.name} | {cold:.0f} (CPU {cold_cpu:.0f}) | {warm:.0f} (CPU {warm_cpu:.0f}) |",
            flush=True,
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted(TUTORIALS.glob("*.ipynb")))
