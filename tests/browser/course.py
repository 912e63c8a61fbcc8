"""The course under test: which notebooks the browser tests open, and which cells are demos.

The notebooks are every ``tutorials/*.ipynb`` and then this folder's
fixture notebook; the modules they import are served next to them.  A demo
is a code cell tagged ``widget`` whose last statement displays something
(read with :mod:`ast`, never run).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
TUTORIALS = HERE.parents[1] / "tutorials"
FIXTURES = HERE / "fixtures"


def course_notebooks() -> list[Path]:
    """The notebooks under test: the tutorials, then the fixture notebook."""
    return [*sorted(TUTORIALS.glob("*.ipynb")), *sorted(FIXTURES.glob("*.ipynb"))]


def helper_files() -> list[Path]:
    """Modules the notebooks import: the course's checks, and the kernel-side probe."""
    return [*sorted(TUTORIALS.glob("*.py")), HERE / "browser_probe.py"]


def displayed_widget(source: str) -> str | None:
    """The name of what a cell's last line displays (``'Explorer'``), or None.

    A cell displays a widget when its last statement is an expression other
    than a ``print(...)`` call; IPython magics are ignored.
    """
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("%"))
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return None
    if not body or not isinstance(body[-1], ast.Expr):
        return None
    value = body[-1].value
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return None if name == "print" else name or "widget"
    return "widget"


def demo_cells(path: Path) -> list[tuple[int, str]]:
    """``(index, name)`` of the interactive demos of a notebook.

    A demo is a code cell tagged ``widget`` that displays something; the
    index counts the probe cell the served copy starts with.
    """
    cells = json.loads(path.read_text())["cells"]
    found = []
    for index, cell in enumerate(cells, start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "code" and "widget" in tags:
            name = displayed_widget("".join(cell["source"]))
            if name:
                found.append((index, name))
    return found
