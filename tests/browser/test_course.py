"""The course in a real browser: every notebook runs cleanly, every demo follows the student.

Each notebook is opened in JupyterLab in headless Chromium, its kernel
awaited, and Run > Run All Cells clicked.  Then, per notebook: no cell may
show an error unless it is tagged ``raises-exception``, no widget may fail
to display, and the page may log no JavaScript error.  Per demo (a cell
tagged ``widget`` that displays something): a slider moved with the
keyboard, then dragged with the mouse, then (when the demo has an equation
editor) an edit typed into the equations must each (a) change the figure's
pixels, (b) show the new value on the page, and (c) agree with what the
kernel holds, printed by a new cell.  Screenshots of each state are saved
under ``test-artifacts/browser/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from student import (
    WIDGET_ERROR,
    Demo,
    RunNotebook,
    SliderView,
    halve_first_derivative,
    readout_number,
    wait_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

#: Arrow-key presses per keyboard move (ipywidgets' default step is 1/200 of the range).
KEY_PRESSES = 10
#: A drag moves the handle by this fraction of the track.
DRAG_FRACTION = 0.25
#: Seconds an equation edit may take (a new model is compiled once).
EDIT_TIMEOUT = 60.0
#: Words in a status line that mean the demo broke.
BROKEN = re.compile(r"Traceback|Error|failed", re.IGNORECASE)


def cell_tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def output_text(output: dict) -> str:
    """The text of a saved output: a stream's text, or an error's traceback (colours removed)."""
    if output["output_type"] == "error":
        frames = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(output.get("traceback", [])))
        return frames or f"{output['ename']}: {output['evalue']}"
    text = output.get("text", "")
    return "".join(text) if isinstance(text, list) else text


def test_every_cell_runs_and_only_cells_tagged_raises_exception_fail(notebook: RunNotebook):
    problems = []
    for index, cell in enumerate(notebook.saved["cells"]):
        if cell["cell_type"] != "code":
            continue
        first = "".join(cell["source"]).strip().splitlines()[:1]
        where = f"cell {index} ({first[0][:60] if first else 'empty'})"
        if cell.get("execution_count") is None:
            problems.append(f"{where} never ran (Run All stopped before it)")
            continue
        if "raises-exception" in cell_tags(cell):
            continue
        dom = notebook.view.cell(index).locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        tracebacks = [t for t in dom.all_inner_texts() if "Traceback" in t]
        errors = [output_text(o) for o in cell["outputs"] if o["output_type"] == "error"]
        if errors or tracebacks:
            problems.append(f"{where} failed: {(errors or tracebacks)[0][-4000:]}")
    assert not problems, f"{notebook.name} (Run All took {notebook.run_seconds:.0f} s):\n" + (
        "\n".join(problems)
    )


def test_no_widget_fails_to_display(notebook: RunNotebook):
    shown = notebook.view.notebook.locator(".jp-OutputArea-output", has_text=WIDGET_ERROR)
    assert shown.count() == 0, f"{notebook.name} shows: {shown.first.inner_text()[:2000]}"


def test_page_logs_no_javascript_error_while_running(notebook: RunNotebook):
    assert not notebook.page_errors, "\n".join(notebook.page_errors)


# demos ---------------------------------------------------------------------------------------
def assert_kernel_agrees(slider: SliderView, kernel: dict, step: str) -> None:
    """(b) and (c): the page's readout is the kernel's slider value and model parameter."""
    label, readout = slider.label, slider.readout()
    shown, rounding = readout_number(readout)
    assert label in kernel["sliders"], f"{step}: kernel has no slider {label!r}: {kernel}"
    held = kernel["sliders"][label]
    assert abs(held - shown) <= rounding * 1.001 + 1e-12, (
        f"{step}: the page shows {label} = {readout} but the kernel's slider holds {held}"
    )
    name = label.split(" (")[0]
    if name in kernel["parameters"]:
        parameter = kernel["parameters"][name]
        assert abs(parameter - held) <= 1e-9 * max(1.0, abs(held)), (
            f"{step}: slider {label} holds {held} but the model's {name} is {parameter}"
        )


def assert_status_readable(demo: Demo, step: str) -> None:
    broken = [t for t in demo.texts() if BROKEN.search(t)]
    assert not broken, f"{step}: the demo shows an error: {broken[0][:500]}"


@contextmanager
def step(name: str) -> Iterator[None]:
    """Name the student's step in any failure inside it, timeouts included."""
    try:
        yield
    except (TimeoutError, PlaywrightError) as error:
        raise AssertionError(f"{name}: {error}") from error


def move_slider(notebook: RunNotebook, cell: int, how: str, shots: Path) -> None:
    """Move the demo's first slider by keyboard or by dragging, and check (a), (b), (c)."""
    demo = notebook.view.demo(cell)
    sliders = demo.sliders()
    assert sliders, f"the demo in cell {cell} shows no slider"
    slider = sliders[0]
    name = f"{slider.label} moved by {how}"
    with step(name):
        before_png, before = demo.figure_png(), slider.readout()
        backwards = slider.at_maximum()
        if how == "keyboard":
            slider.press("ArrowLeft" if backwards else "ArrowRight", KEY_PRESSES)
        else:
            slider.drag(notebook.view.page, -DRAG_FRACTION if backwards else DRAG_FRACTION)
        wait_until(lambda: slider.readout() != before, 10, "the readout to change")
        demo.wait_for_figure_change(before_png)
        kernel = notebook.report(cell)
    assert_kernel_agrees(slider, kernel, name)
    assert_status_readable(demo, name)
    demo.screenshot(shots / f"cell{cell}-{how}.png")


def edit_equations(notebook: RunNotebook, cell: int, shots: Path) -> bool:
    """Type an edit into the demo's equations; check (a), (b), (c). False if no editor."""
    demo = notebook.view.demo(cell)
    field = demo.equations_field()
    if field is None:
        return False
    text = field.input_value()
    start, end = halve_first_derivative(text)
    expected = f"{text[:start]}0.5*({text[start:end]}){text[end:]}"
    with step("equations edited"):
        before_png = demo.figure_png()
        field.click()
        keyboard = notebook.view.page.keyboard
        keyboard.press("Control+Home")
        for _ in range(start):
            keyboard.press("ArrowRight")
        keyboard.type("0.5*(")
        for _ in range(end - start):
            keyboard.press("ArrowRight")
        keyboard.type(")")
        assert field.input_value() == expected, "the typed edit did not land where intended"
        demo.wait_for_figure_change(before_png, EDIT_TIMEOUT)
        wait_until(
            lambda: any("0.5" in t for t in demo.texts()),
            EDIT_TIMEOUT,
            "the rendered equations to show the factor 0.5",
        )
        kernel = notebook.report(cell)
    assert kernel["texts"].get("equations") == expected, f"the kernel's editor holds {kernel}"
    assert kernel["equations"] and "0.5*(" in kernel["equations"], (
        f"the model simulated by the kernel is not the edited one: {kernel['equations']!r}"
    )
    assert_status_readable(demo, "equations edited")
    demo.screenshot(shots / f"cell{cell}-edited.png")
    return True


@pytest.mark.browser_demo
def test_demo_follows_keyboard_mouse_and_equation_edits(
    notebook: RunNotebook, demo_cell: int, artifacts: Path
):
    demo = notebook.view.demo(demo_cell)
    demo.screenshot(artifacts / f"cell{demo_cell}-initial.png")
    errors_before = len(notebook.view.page_errors)
    try:
        move_slider(notebook, demo_cell, "keyboard", artifacts)
        move_slider(notebook, demo_cell, "drag", artifacts)
        edit_equations(notebook, demo_cell, artifacts)
    except AssertionError:
        demo.screenshot(artifacts / f"cell{demo_cell}-failed.png")
        raise
    new_errors = notebook.view.page_errors[errors_before:]
    assert not new_errors, "JavaScript errors while using the demo:\n" + "\n".join(new_errors)
