"""What a student does in JupyterLab, done through Playwright: open, run, move, type, read.

:class:`OpenNotebook` opens a notebook in its own page, waits until its
kernel really runs code, runs all cells from the menu, saves, and runs new
cells typed at the bottom.  :class:`Demo` is the output of one interactive
cell: its sliders (moved with the keyboard or dragged with the mouse), its
equation editor (typed into), its figure (screenshotted) and its status
texts.  Everything is done with the mouse and keyboard a student would use;
JupyterLab's internals are never called.  The page's JavaScript errors are
collected in :attr:`OpenNotebook.page_errors`.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageChops
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

#: The source of the cell put first in every served notebook: once it has
#: printed :data:`PROBE_OUTPUT`, the kernel runs code.
PROBE_SOURCE = "print('kernel ' + 'ready')"
PROBE_OUTPUT = "kernel ready"
PROBE_TAG = "browser-probe"

#: Seconds to wait for a kernel to start, for Run All, and for a widget to react.
KERNEL_TIMEOUT = 90.0
RUN_ALL_TIMEOUT = 150.0
REACTION_TIMEOUT = 30.0
#: Seconds without any change after which a Run All stopped by an error is over.
QUIET_PERIOD = 10.0
#: Seconds of idle kernel after which all widget updates have reached it.
QUIET_SECONDS = 0.5

#: Attempts at a figure's screenshot, and milliseconds per attempt (a static
#: figure's image is replaced on each redraw, and a replaced one never shows up).
SCREENSHOT_TRIES = 5
SCREENSHOT_TIMEOUT = 5000

#: A figure counts as changed when at least this fraction of its pixels changed.
CHANGED_PIXELS = 0.001

#: The text ipywidgets shows instead of a widget it cannot render.
WIDGET_ERROR = "Error displaying widget"

_STATUS_SCRIPT = """() => Array.from(document.querySelectorAll('.jp-StatusBar-Widget'))
    .map(e => e.innerText).join(' ')"""
#: The notebook on show (JupyterLab hides, but keeps, the panels of other tabs).
NOTEBOOK = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
_PROMPTS_SCRIPT = f"""() => Array.from(
    document.querySelectorAll('{NOTEBOOK} .jp-CodeCell .jp-InputPrompt'))
    .map(e => e.innerText.trim())"""


def with_probe_cell(notebook: dict) -> dict:
    """A copy of a notebook (as JSON) with the readiness probe as its first cell."""
    probe = {
        "cell_type": "code",
        "execution_count": None,
        "id": "browser-probe",
        "metadata": {"tags": [PROBE_TAG]},
        "outputs": [],
        "source": PROBE_SOURCE,
    }
    return {**notebook, "cells": [probe, *notebook["cells"]]}


def changed_fraction(before: bytes, after: bytes) -> float:
    """The fraction of pixels that differ between two PNG screenshots (1 if sizes differ)."""
    a = Image.open(io.BytesIO(before)).convert("RGB")
    b = Image.open(io.BytesIO(after)).convert("RGB")
    if a.size != b.size:
        return 1.0
    difference = ImageChops.difference(a, b).convert("L")
    changed = sum(difference.point(lambda v: 255 if v else 0).histogram()[255:])
    return changed / (a.size[0] * a.size[1])


def readout_number(text: str) -> tuple[float, float]:
    """A slider's readout as a number, and half its last shown digit (the rounding)."""
    value = Decimal(text.replace("\u2212", "-"))
    return float(value), 0.5 * 10.0 ** value.as_tuple().exponent


def halve_first_derivative(equations: str) -> tuple[int, int]:
    """Where to type ``0.5*(`` and ``)`` to halve the first ``dx/dt = ...`` line's right side.

    Returns the two positions in ``equations`` (before any typing).
    """
    found = re.search(r"d\w+/dt\s*=\s*(.+?)\s*:", equations)
    if not found:
        raise ValueError(f"no 'dx/dt = ... : unit' line in the equations {equations!r}")
    return found.start(1), found.end(1)


def wait_until(condition: Callable[[], object], timeout: float, what: str, poll: float = 0.1):
    """Call ``condition`` until it returns something true; return that, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(poll)


def _prompt_number(prompt: str) -> int | None:
    found = re.fullmatch(r"\[(\d+)\]:", prompt)
    return int(found.group(1)) if found else None


class OpenNotebook:
    """A notebook open in JupyterLab in its own page, with a running kernel.

    Parameters
    ----------
    page : Page
        A new, blank page.
    url : str
        The address opening the notebook (with the token).
    path : Path
        The served file, read back after :meth:`save`.

    Attributes
    ----------
    page_errors : list of str
        Uncaught JavaScript errors and ``console.error`` messages, in order.
    """

    def __init__(self, page: Page, url: str, path: Path) -> None:
        self.page = page
        self.path = path
        self.page_errors: list[str] = []
        page.on("pageerror", lambda error: self.page_errors.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.page_errors.append(f"console.error: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.goto(url)
        self.notebook = page.locator(NOTEBOOK)
        self.notebook.locator(".jp-Cell").first.wait_for(timeout=KERNEL_TIMEOUT * 1000)
        self.wait_for_kernel()
        self.run_probe()

    # kernel --------------------------------------------------------------------------
    def kernel_status(self) -> str:
        """The status bar's kernel text, e.g. ``'Python 3 (ipykernel) | Idle'``."""
        text = self.page.evaluate(_STATUS_SCRIPT)
        found = re.search(r"([^\n|]+?)\s*\|\s*(\w+)", text)
        return f"{found.group(1).strip()} | {found.group(2)}" if found else ""

    def wait_for_kernel(self) -> None:
        """Wait until the status bar names a kernel and says it is idle.

        JupyterLab shows "idle" before any kernel exists (with "No Kernel");
        only a named kernel that is idle is ready, and :meth:`run_probe`
        then proves it.
        """

        def ready() -> bool:
            status = self.kernel_status()
            return status.endswith("| Idle") and not status.startswith("No Kernel")

        wait_until(ready, KERNEL_TIMEOUT, "the kernel to start (status bar 'Idle')", poll=0.25)

    def run_probe(self) -> None:
        """Run the first cell (the probe) with Shift+Enter and wait for its output."""
        probe = self.cell(0)
        probe.locator(".jp-InputPrompt").click()
        self.page.keyboard.press("Shift+Enter")
        output = probe.locator(".jp-OutputArea-output")
        wait_until(
            lambda: output.count() and PROBE_OUTPUT in output.first.inner_text(),
            KERNEL_TIMEOUT,
            f"the probe cell to print {PROBE_OUTPUT!r}",
        )

    def wait_until_quiet(self, seconds: float = QUIET_SECONDS) -> None:
        """Wait until the kernel has shown "Idle" for ``seconds`` in a row.

        ipywidgets holds back slider updates while the kernel is busy and
        sends the last one when it turns idle; after a quiet spell the
        kernel has seen the value the page shows.
        """
        since: list[float] = []

        def quiet() -> bool:
            if not self.kernel_status().endswith("| Idle"):
                since.clear()
                return False
            since[:] = since or [time.monotonic()]
            return time.monotonic() - since[0] >= seconds

        wait_until(quiet, REACTION_TIMEOUT, f"the kernel to be idle for {seconds:g} s", poll=0.05)

    # cells -----------------------------------------------------------------------------
    def cell(self, index: int) -> Locator:
        """The ``index``-th cell (0 is the probe)."""
        return self.notebook.locator(".jp-Cell").nth(index)

    def cell_count(self) -> int:
        """How many cells the notebook shows."""
        return self.notebook.locator(".jp-Cell").count()

    def prompts(self) -> list[str]:
        """The input prompts of the code cells, e.g. ``['[1]:', '[*]:', '[ ]:']``."""
        return self.page.evaluate(_PROMPTS_SCRIPT)

    def execution_count(self, index: int) -> int | None:
        """The number in cell ``index``'s prompt (None if it did not run)."""
        return _prompt_number(self.cell(index).locator(".jp-InputPrompt").inner_text().strip())

    def run_all(self) -> float:
        """Run > Run All Cells, and wait until every queued cell has run; return the seconds.

        The probe runs again first, so a new number in its prompt shows that
        the run started.  It is over when every code cell shows a number and
        the kernel is idle, or, when an error stopped it, once nothing has
        changed for :data:`QUIET_PERIOD` seconds (JupyterLab briefly shows
        ``[ ]`` and "Idle" between a tagged error and the next cells).
        """
        probe_count = self.execution_count(0)
        began = time.monotonic()
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        wait_until(
            lambda: self.execution_count(0) not in (None, probe_count),
            RUN_ALL_TIMEOUT,
            "Run All Cells to start",
        )
        last = {"seen": None, "since": time.monotonic()}

        def finished() -> bool:
            prompts, status = self.prompts(), self.kernel_status()
            if (prompts, status) != last["seen"]:
                last.update(seen=(prompts, status), since=time.monotonic())
            if not status.endswith("| Idle") or "[*]:" in prompts:
                return False
            numbered = all(_prompt_number(p) is not None for p in prompts)
            return numbered or time.monotonic() - last["since"] > QUIET_PERIOD

        wait_until(finished, RUN_ALL_TIMEOUT, "Run All to finish", poll=0.2)
        return time.monotonic() - began

    def toolbar_button(self, command: str) -> Locator:
        """The notebook toolbar's button for a JupyterLab command (``'docmanager:save'``)."""
        return self.page.locator(f'.jp-NotebookPanel-toolbar [data-command="{command}"]')

    def save(self) -> dict:
        """Click the toolbar's Save button, wait until the tab is clean; return the notebook."""
        self.toolbar_button("docmanager:save").click()
        dirty = self.page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")
        wait_until(lambda: dirty.count() == 0, REACTION_TIMEOUT, "the notebook to be saved")
        return json.loads(self.path.read_text())

    def run_new_cell(self, code: str) -> str:
        """Add a cell at the bottom, type ``code`` (one line), run it, and return its output.

        Mouse clicks select the last cell, insert a cell below it (toolbar
        button) and focus its editor, so this works wherever the keyboard
        focus was (e.g. in a widget's text field).
        """
        count = self.cell_count()
        last = self.cell(count - 1)
        last.locator(".jp-InputPrompt").click()
        wait_until(
            lambda: "jp-mod-active" in (last.get_attribute("class") or ""),
            REACTION_TIMEOUT,
            "the last cell to be selected",
        )
        self.toolbar_button("notebook:insert-cell-below").click()
        wait_until(lambda: self.cell_count() == count + 1, REACTION_TIMEOUT, "a new cell")
        new = self.cell(count)
        new.locator(".cm-content").click()
        self.page.keyboard.type(code)
        self.page.keyboard.press("Control+Enter")
        wait_until(
            lambda: _prompt_number(new.locator(".jp-InputPrompt").inner_text().strip()),
            REACTION_TIMEOUT,
            f"the new cell {code!r} to run",
        )
        return "\n".join(new.locator(".jp-OutputArea-output").all_inner_texts())

    def demo(self, index: int) -> Demo:
        """The widgets shown by cell ``index``."""
        return Demo(self.page, self.cell(index).locator(".jp-OutputArea").first)

    def close(self) -> None:
        """Close the page (the caller shuts the kernel down through the server)."""
        self.page.close()


@dataclass
class RunNotebook:
    """A notebook after Run All: its page, the saved result, and what the page reported."""

    name: str
    view: OpenNotebook
    run_seconds: float
    saved: dict
    page_errors: list[str]

    def report(self, cell: int) -> dict:
        """What the kernel holds for the widget cell ``cell`` displayed (see browser_probe)."""
        count = self.view.execution_count(cell)
        self.view.wait_until_quiet()
        text = self.view.run_new_cell(f"from browser_probe import report; report(Out[{count}])")
        return json.loads(text.strip().splitlines()[-1])


@dataclass
class SliderView:
    """One slider of a demo, as the page shows it."""

    root: Locator

    @property
    def label(self) -> str:
        """The slider's description, e.g. ``'tau (ms)'``."""
        return self.root.locator(".widget-label").first.inner_text().strip()

    @property
    def handle(self) -> Locator:
        return self.root.locator(".noUi-handle").first

    def readout(self) -> str:
        """The value shown next to the slider."""
        return self.root.locator(".widget-readout").first.inner_text().strip()

    def at_maximum(self) -> bool:
        """Whether the handle is in the right half of the track."""
        track = self.root.locator(".noUi-target").first.bounding_box()
        handle = self.handle.bounding_box()
        return handle["x"] + handle["width"] / 2 > track["x"] + track["width"] / 2

    def press(self, key: str, times: int) -> None:
        """Focus the handle and press ``key`` (``'ArrowRight'``...) ``times`` times."""
        self.handle.focus()
        for _ in range(times):
            self.handle.press(key)

    def drag(self, page: Page, fraction: float) -> None:
        """Drag the handle with the mouse by ``fraction`` of the track's width."""
        self.handle.scroll_into_view_if_needed()
        track = self.root.locator(".noUi-target").first.bounding_box()
        box = self.handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + fraction * track["width"], y, steps=6)
        page.mouse.up()


class Demo:
    """The widgets one cell displays: sliders, equation editor, figure, status texts.

    Parameters
    ----------
    page : Page
    output : Locator
        The cell's output area.
    """

    def __init__(self, page: Page, output: Locator) -> None:
        self.page = page
        self.output = output

    def sliders(self) -> list[SliderView]:
        """The sliders, in page order."""
        found = self.output.locator(".widget-slider")
        return [SliderView(found.nth(i)) for i in range(found.count())]

    def equations_field(self) -> Locator | None:
        """The editor's ``equations`` text area, or None if the demo has no editor."""
        field = self.output.locator(".widget-textarea", has_text="equations").locator("textarea")
        return field.first if field.count() else None

    def figure(self) -> Locator:
        """The figure: ipympl's canvas, or the image a static figure is shown as."""
        return self.output.locator(".jupyter-matplotlib-canvas-div, img").first

    def figure_png(self) -> bytes:
        """A screenshot of the figure (waiting until one has been drawn)."""
        figure = self.figure()

        def drawn() -> bool:
            try:
                box = figure.bounding_box(timeout=1000)
            except PlaywrightError:  # none yet, or just replaced
                return False
            return bool(box) and box["width"] > 10 and box["height"] > 10

        wait_until(drawn, REACTION_TIMEOUT, "the demo to show a figure")
        for _ in range(SCREENSHOT_TRIES - 1):
            try:
                return figure.screenshot(animations="disabled", timeout=SCREENSHOT_TIMEOUT)
            except PlaywrightError:  # a static figure's image was just replaced
                time.sleep(0.2)
        return figure.screenshot(animations="disabled", timeout=SCREENSHOT_TIMEOUT)

    def wait_for_figure_change(self, before: bytes, timeout: float = REACTION_TIMEOUT) -> float:
        """Wait until the figure differs from ``before``; return the changed fraction."""

        def changed() -> float:
            return (
                fraction
                if (fraction := changed_fraction(before, self.figure_png())) >= (CHANGED_PIXELS)
                else 0.0
            )

        try:
            return wait_until(changed, timeout, "the figure to change", poll=0.2)
        except TimeoutError as error:
            shown = self.output.locator(".jupyter-matplotlib-canvas-div, img").count()
            raise TimeoutError(f"{error} (the demo shows {shown} figure(s))") from None

    def texts(self) -> list[str]:
        """The HTML and maths texts the demo shows (status lines, rendered equations)."""
        found = self.output.locator(".widget-html-content, .widget-htmlmath-content")
        return [t.strip() for t in found.all_inner_texts() if t.strip()]

    def screenshot(self, path: Path) -> None:
        """Save what the student sees of this demo."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.output.screenshot(path=str(path), animations="disabled")
