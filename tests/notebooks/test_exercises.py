"""The course notebooks' exercises: checks fail on the starting cells, pass on the solutions.

Each exercise is three cells: a starting cell (tag ``exercise``) that runs but
is incomplete, its filled-in version in the solutions notebook (tag
``solution``), and a check cell (tag ``check``) calling a checker from
``tutorials/course_checks.py``.  Executing the notebooks, the check cells must
raise AssertionError (and nothing else may fail) in the starting notebooks, and
print "Correct!" in the solutions.  The other tests read the notebooks without
running them: how the two versions of each notebook relate, and what is stored
in them (no outputs, except the reference outputs nbval compares).
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

TUTORIALS = Path(__file__).resolve().parents[2] / "tutorials"
SOLUTIONS = TUTORIALS / "solutions"
NOTEBOOKS = sorted(path.name for path in TUTORIALS.glob("*.ipynb"))
ALL_PATHS = [TUTORIALS / n for n in NOTEBOOKS] + [SOLUTIONS / n for n in NOTEBOOKS]


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path``."""
    return nbformat.read(path, as_version=4)


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """The cell's metadata tags."""
    return list(cell.metadata.get("tags", []))


def is_checked(cell: nbformat.NotebookNode) -> bool:
    """Whether nbval compares the cell's outputs with the stored ones."""
    return "NBVAL_CHECK_OUTPUT" in cell.source or "nbval-check-output" in tags(cell)


def exercise_names(notebook: nbformat.NotebookNode, tag: str) -> list[str]:
    """The exercises of the cells carrying ``tag``, in order."""
    return [c.metadata["exercise"] for c in notebook.cells if tag in tags(c)]


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel, widgets left out, and return it with its outputs."""
    notebook = read(path)
    for cell in notebook.cells:
        if "widget" in tags(cell):
            cell.source = "pass"
    NotebookClient(
        notebook,
        timeout=300,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


def errors(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The error outputs of an executed cell."""
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def printed(cell: nbformat.NotebookNode) -> str:
    """What an executed cell printed on stdout."""
    return "".join(o.text for o in cell.outputs if o.get("name") == "stdout")


def test_there_are_the_four_course_notebooks_each_with_its_solutions() -> None:
    assert NOTEBOOKS == [
        "00-introduction.ipynb",
        "01-modelling-neurons.ipynb",
        "02-modelling-synapses.ipynb",
        "03-where-next.ipynb",
    ]
    assert sorted(p.name for p in SOLUTIONS.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_each_exercise_has_a_starting_cell_a_solution_and_a_check_after_them(name: str) -> None:
    starting, solutions = read(TUTORIALS / name), read(SOLUTIONS / name)
    names = exercise_names(starting, "exercise")
    assert len(set(names)) == len(names)
    assert exercise_names(solutions, "solution") == names
    assert exercise_names(starting, "check") == names
    assert exercise_names(solutions, "check") == names
    for notebook, tag in ((starting, "exercise"), (solutions, "solution")):
        cells = notebook.cells
        for k, cell in enumerate(cells):
            if tag in tags(cell):
                assert "check" in tags(cells[k + 1]), f"{name}: no check cell after {cell.id}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_differ_from_starting_notebooks_only_in_exercise_cells(name: str) -> None:
    starting, solutions = read(TUTORIALS / name), read(SOLUTIONS / name)
    assert len(starting.cells) == len(solutions.cells)
    for first, second in zip(starting.cells, solutions.cells):
        if "exercise" in tags(first):
            assert "solution" in tags(second)
            assert first.metadata["exercise"] == second.metadata["exercise"]
            assert first.source != second.source
        elif "check" in tags(first):
            # the same call; only nbval's verdict differs: may raise vs must print Correct!
            assert first.source == second.source
            assert tags(first) == ["check", "raises-exception"]
            assert tags(second) == ["check", "nbval-check-output"]
        else:
            assert (first.cell_type, first.source, tags(first)) == (
                second.cell_type,
                second.source,
                tags(second),
            )


@pytest.mark.parametrize("path", ALL_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebooks_store_only_the_text_outputs_nbval_compares(path: Path) -> None:
    for cell in read(path).cells:
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            assert cell.outputs, f"{path.name} {cell.id}: checked cell without reference output"
            assert cell.execution_count is not None  # nbval skips cells that look unrun
            for output in cell.outputs:
                assert output.output_type in ("stream", "execute_result")
                assert set(output.get("data", {})) <= {"text/plain"}
        else:
            assert cell.outputs == [], f"{path.name} {cell.id}: outputs not stripped"
            assert cell.execution_count is None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_error_demonstrations_carry_both_nbval_markers(name: str) -> None:
    for cell in read(TUTORIALS / name).cells:
        if cell.cell_type != "code" or "check" in tags(cell):
            continue
        commented = cell.source.startswith("# NBVAL_RAISES_EXCEPTION")
        assert commented == ("raises-exception" in tags(cell)), f"{name} {cell.id}"


def test_solution_notebooks_find_the_checkers_next_to_them() -> None:
    checks = SOLUTIONS / "course_checks.py"
    assert checks.is_symlink()
    assert checks.resolve() == (TUTORIALS / "course_checks.py").resolve()


@pytest.fixture(scope="module", params=[n for n in NOTEBOOKS if n != "03-where-next.ipynb"])
def executed(request: pytest.FixtureRequest) -> tuple[nbformat.NotebookNode, ...]:
    """A notebook with exercises, executed in its starting and its solution version."""
    name = request.param
    return execute(TUTORIALS / name), execute(SOLUTIONS / name)


@pytest.mark.slow
def test_check_cells_fail_on_the_starting_cells_and_nothing_else_fails(executed) -> None:
    starting, _ = executed
    checks = [c for c in starting.cells if "check" in tags(c)]
    assert checks
    for cell in checks:
        found = errors(cell)
        assert [e.ename for e in found] == ["AssertionError"], (cell.source, found)
        assert found[0].evalue  # a hint, not a bare assertion
    for cell in starting.cells:
        if cell.cell_type == "code" and "check" not in tags(cell):
            if "raises-exception" not in tags(cell):
                assert errors(cell) == [], (cell.source, errors(cell))


@pytest.mark.slow
def test_check_cells_say_correct_on_the_solutions_and_nothing_fails(executed) -> None:
    _, solutions = executed
    for cell in solutions.cells:
        if cell.cell_type != "code" or "raises-exception" in tags(cell):
            continue
        assert errors(cell) == [], (cell.source, errors(cell))
        if "check" in tags(cell):
            assert printed(cell).startswith("Correct!"), cell.source
