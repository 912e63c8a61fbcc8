"""Time each course notebook from top to bottom, with a cold and with a warm kernel cache.

For each notebook, the script empties a fresh kernel-cache directory
(``BRIANLAB_CACHE_DIR``), executes the notebook in a new Jupyter kernel (cold:
every model is compiled), then executes it again with the same directory
(warm: every kernel comes from the cache).  Each run includes starting the
kernel, like "Restart Kernel and Run All Cells".  The figures go into the table
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


def run_seconds(path: Path) -> float:
    """Wall time to execute the notebook at ``path`` in a fresh kernel."""
    notebook = nbformat.read(path, as_version=4)
    began = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - began


def main(paths: list[Path]) -> None:
    """Print one table row per notebook: cold and warm times in seconds."""
    print("| notebook | cold (s) | warm (s) |")
    print("|---|---|---|")
    for path in paths:
        with tempfile.TemporaryDirectory(prefix="brianlab-cache-") as cache:
            os.environ["BRIANLAB_CACHE_DIR"] = cache
            cold = run_seconds(path)
            warm = run_seconds(path)
        print(f"| {path.name} | {cold:.0f} | {warm:.0f} |", flush=True)


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted(TUTORIALS.glob("*.ipynb")))
