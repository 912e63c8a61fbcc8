"""Run the course notebooks under Brian 2 and record the outputs nbval compares.

The numbers a notebook prints in its checked cells (marked ``# NBVAL_CHECK_OUTPUT``
or tagged ``nbval-check-output``) are Brian 2's: this tool runs each notebook with
``from brianlab import *`` replaced by ``from brian2 import *`` (numpy target, no
compiler), stores the outputs of the checked cells in the notebook and strips
every other output.  ``pytest --nbval-lax`` then checks that brianlab prints the
same thing.  Cells tagged ``widget`` need brianlab's widgets and are skipped.

It needs an interpreter with Brian 2, matplotlib, ipykernel and nbclient (the
project's ``.venv-brian2`` has only Brian 2), for example::

    python3.11 -m venv /tmp/b2nb
    /tmp/b2nb/bin/pip install "brian2==2.9.0" "numpy<2.4" matplotlib ipykernel nbclient
    /tmp/b2nb/bin/python tests/notebooks/brian2_reference.py tutorials/*.ipynb \\
        tutorials/solutions/*.ipynb

``--check`` compares instead of writing, and exits with 1 on a difference.  Any
cell that raises under Brian 2 without being marked to raise is reported, and
makes the exit status 1: the notebook code is then not Brian 2 code.
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

BRIANLAB_IMPORT = "from brianlab import *"
BRIAN2_IMPORT = "from brian2 import *\nprefs.codegen.target = 'numpy'"


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """The cell's metadata tags."""
    return list(cell.metadata.get("tags", []))


def is_checked(cell: nbformat.NotebookNode) -> bool:
    """Whether nbval compares the outputs of this cell."""
    return "NBVAL_CHECK_OUTPUT" in cell.source or "nbval-check-output" in tags(cell)


def may_raise(cell: nbformat.NotebookNode) -> bool:
    """Whether the cell is allowed to end with an exception."""
    return "NBVAL_RAISES_EXCEPTION" in cell.source or "raises-exception" in tags(cell)


def as_brian2(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook that imports Brian 2 and leaves out the widget cells."""
    converted = copy.deepcopy(notebook)
    for cell in converted.cells:
        if cell.cell_type != "code":
            continue
        if "widget" in tags(cell):
            cell.source = "pass"
        cell.source = cell.source.replace(BRIANLAB_IMPORT, BRIAN2_IMPORT)
    return converted


def stable(outputs: list) -> list:
    """Outputs with the kernel's execution counts removed, so that re-recording changes nothing."""
    kept = copy.deepcopy(outputs)
    for output in kept:
        if "execution_count" in output:
            output["execution_count"] = None
    return kept


def record(path: Path, check: bool) -> list[str]:
    """Run one notebook under Brian 2; store (or compare) its checked outputs.

    Returns the problems found, one line each.
    """
    notebook = nbformat.read(path, as_version=4)
    executed = as_brian2(notebook)
    NotebookClient(
        executed,
        timeout=600,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    problems = []
    code_cells = 0
    for number, (cell, ran) in enumerate(zip(notebook.cells, executed.cells)):
        if cell.cell_type != "code":
            continue
        code_cells += 1
        errors = [o for o in ran.outputs if o.output_type == "error"]
        if errors and not may_raise(cell):
            problems.append(f"{path}: cell {number} raised {errors[0].ename}: {errors[0].evalue}")
        expected = stable(ran.outputs) if is_checked(cell) else []
        if check and is_checked(cell) and stable(cell.outputs) != expected:
            problems.append(f"{path}: cell {number} prints something else under Brian 2")
        cell.outputs = expected
        # nbval only compares cells that look run: number them as a top-to-bottom run
        cell.execution_count = code_cells if is_checked(cell) else None
    if not check:
        nbformat.write(notebook, path)
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    options = parser.parse_args(argv)
    problems = []
    for path in options.notebooks:
        print(f"running {path} under Brian 2", flush=True)
        problems += record(path, options.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
