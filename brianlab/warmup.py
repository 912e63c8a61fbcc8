"""Fill the compiled-kernel cache by running the course once.

``python -m brianlab.warmup [folder]`` executes every notebook of the course
(default: ``tutorials/`` and ``tutorials/solutions/``) in a fresh kernel and
ignores their errors: its only purpose is that numba's machine code and the
integration results land in the cache, so that a learner's first run on
Binder or in class loads them instead of compiling.  The notebooks' kernels
run with ``BRIANLAB_PYTHON_FIRST_RUN=0``: a small first run would otherwise
execute as Python and leave its compilation to a background thread that a
finished notebook does not wait for.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

__all__ = ["warm_up"]


def warm_up(folders: list[Path], timeout: int = 600) -> int:
    """Execute the notebooks in ``folders``; return how many ran."""
    import nbformat
    from nbclient import NotebookClient

    count = 0
    env = dict(os.environ, BRIANLAB_PYTHON_FIRST_RUN="0")
    for folder in folders:
        for path in sorted(folder.glob("*.ipynb")):
            start = time.perf_counter()
            notebook = nbformat.read(path, as_version=4)
            client = NotebookClient(
                notebook,
                timeout=timeout,
                allow_errors=True,
                resources={"metadata": {"path": str(path.parent)}},
            )
            client.execute(env=env)
            count += 1
            print(f"warmed up {path} in {time.perf_counter() - start:.1f} s")
    return count


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    argv = sys.argv[1:] if argv is None else argv
    folders = [Path(a) for a in argv] or [Path("tutorials"), Path("tutorials/solutions")]
    ran = warm_up([f for f in folders if f.is_dir()])
    print(f"{ran} notebooks executed; the kernel cache is warm.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
