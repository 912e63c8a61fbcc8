"""Browser-test fixtures: one JupyterLab and one Chromium for all tests, one notebook at a time.

The course is every ``tutorials/*.ipynb`` plus this folder's fixture
notebook (a hand-made slider and an ``Explorer``, both drawn with ipympl).
Each test is parametrized with ``notebook_name`` (and the demo tests with
``demo_cell``, a cell tagged ``widget`` that displays something); the tests
are ordered notebook by notebook, and the ``notebook`` fixture keeps the
current notebook open, so each notebook is opened and run once per
session.  After the last browser test the browser, the server and its
kernels are stopped, and a failure is reported if any process or temporary
folder was left behind.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium import BrowserSession
from course import course_notebooks, demo_cells, helper_files
from labserver import LabServer, Leftovers
from student import OpenNotebook, RunNotebook, with_probe_cell

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE.parents[1] / "test-artifacts" / "browser"

#: The fixture notebook is opened by these tests, not collected by nbval.
collect_ignore = ["fixtures"]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``notebook_name`` (and ``demo_cell``) over the course's notebooks."""
    notebooks = course_notebooks()
    if "demo_cell" in metafunc.fixturenames:
        cases = [(nb.name, cell) for nb in notebooks for cell, _ in demo_cells(nb)]
        ids = [f"{nb.stem}-{name}-cell{cell}" for nb in notebooks for cell, name in demo_cells(nb)]
        metafunc.parametrize(("notebook_name", "demo_cell"), cases, ids=ids)
    elif "notebook_name" in metafunc.fixturenames:
        metafunc.parametrize("notebook_name", [nb.name for nb in notebooks], ids=lambda n: n)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order this folder's tests notebook by notebook (each notebook then runs once)."""
    order = {nb.name: i for i, nb in enumerate(course_notebooks())}
    positions = [i for i, item in enumerate(items) if HERE in Path(item.path).parents]

    def notebook_order(item: pytest.Item) -> int:
        callspec = getattr(item, "callspec", None)
        return order.get(callspec.params.get("notebook_name") if callspec else None, -1)

    mine = sorted((items[i] for i in positions), key=notebook_order)
    for position, item in zip(positions, mine):
        items[position] = item


class CourseSession:
    """The session's server and browser, and the one notebook open at a time."""

    def __init__(self) -> None:
        self.server = LabServer(helper_files())
        for path in course_notebooks():
            served = with_probe_cell(json.loads(path.read_text()))
            (self.server.notebooks / path.name).write_text(json.dumps(served))
        self.server.start()
        self.browser = BrowserSession()
        self.current: RunNotebook | None = None
        self.broken: dict[str, str] = {}

    def open(self, name: str, executable: Path) -> RunNotebook:
        """The notebook ``name``, opened and run (the previous one is closed first).

        A notebook that could not be opened and run is not tried again: the
        later tests that need it fail at once, saying why.
        """
        if name in self.broken:
            pytest.fail(f"{name} could not be opened and run earlier: {self.broken[name]}")
        if self.current is not None and self.current.name == name:
            return self.current
        self.close_current()
        page = self.browser.browser(executable).new_page()
        try:
            view = OpenNotebook(page, self.server.page_url(name), self.server.notebooks / name)
            seconds = view.run_all()
            saved = view.save()
        except BaseException as error:  # also pytest-timeout's: the notebook stays broken
            self.broken[name] = f"{type(error).__name__}: {error}"
            with contextlib.suppress(Exception):
                page.close()
            with contextlib.suppress(Exception):
                self.shut_down_kernels()
            raise
        self.current = RunNotebook(name, view, seconds, saved, list(view.page_errors))
        return self.current

    def shut_down_kernels(self) -> None:
        """End every notebook session of the server (and so its kernel)."""
        for session in self.server.api("GET", "sessions"):
            self.server.api("DELETE", f"sessions/{session['id']}")

    def close_current(self) -> None:
        """Close the open notebook's page and shut its kernel down."""
        if self.current is None:
            return
        self.current.view.close()
        self.shut_down_kernels()
        self.current = None

    def stop(self) -> Leftovers:
        """Stop everything; return what needed force or stayed behind."""
        self.server.kernel_processes()
        browser_left = self.browser.close()
        server_left = self.server.stop()
        return Leftovers(
            processes=browser_left.processes + server_left.processes,
            folders=browser_left.folders + server_left.folders,
        )


@pytest.fixture(scope="module")
def course() -> Iterator[CourseSession]:
    """JupyterLab serving copies of the course, and a Chromium; checked clean at the end.

    All browser tests live in one module, so this is one server and one
    browser per session; module scope stops them (about 1 GB with the last
    kernel) as soon as the browser tests end, not after the rest of the suite.
    """
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    course = CourseSession()
    try:
        yield course
    finally:
        left = course.stop()
    assert not left, f"the browser session did not end cleanly: {left}"


@pytest.fixture
def notebook(course: CourseSession, notebook_name: str, chromium_executable: Path) -> RunNotebook:
    """The notebook ``notebook_name``, open in Chromium after Run All."""
    return course.open(notebook_name, chromium_executable)


@pytest.fixture
def artifacts(notebook_name: str) -> Path:
    """The folder for this notebook's screenshots (``test-artifacts/browser/<notebook>``)."""
    folder = ARTIFACTS / Path(notebook_name).stem
    folder.mkdir(parents=True, exist_ok=True)
    return folder
