"""The browser tests' own logic, checked without a browser: demos, pixels, readouts, probe.

These run everywhere (no ``browser`` marker): they make sure that a failing
browser test means a broken course, not a harness that misreads a readout
or misses a demo.
"""

from __future__ import annotations

import io
import json
import socket

import ipywidgets as widgets
import pytest
from browser_probe import describe
from course import FIXTURES, demo_cells, displayed_widget
from labserver import free_port
from PIL import Image
from student import (
    PROBE_SOURCE,
    changed_fraction,
    halve_first_derivative,
    readout_number,
    with_probe_cell,
)


def png(size: tuple[int, int], dots: int = 0) -> bytes:
    """A white PNG of ``size`` with ``dots`` black pixels on its first row."""
    image = Image.new("RGB", size, "white")
    for x in range(dots):
        image.putpixel((x, 0), (0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_changed_fraction_counts_the_pixels_that_differ():
    assert changed_fraction(png((100, 10)), png((100, 10))) == 0
    assert changed_fraction(png((100, 10)), png((100, 10), dots=25)) == pytest.approx(25 / 1000)


def test_changed_fraction_is_one_when_the_figure_was_resized():
    assert changed_fraction(png((100, 10)), png((100, 11))) == 1


@pytest.mark.parametrize(
    ("text", "value", "rounding"),
    [
        ("0.350", 0.35, 0.0005),
        ("10.0", 10.0, 0.05),
        ("100", 100.0, 0.5),
        ("\u221270.0", -70.0, 0.05),  # ipywidgets shows a minus sign, not a hyphen
        ("1.00e+3", 1000.0, 5.0),
    ],
)
def test_readout_number_gives_the_value_and_half_its_last_digit(text, value, rounding):
    shown, half_digit = readout_number(text)
    assert shown == pytest.approx(value)
    assert half_digit == pytest.approx(rounding)


def test_halving_edit_wraps_the_right_side_of_the_first_differential_equation():
    text = "dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)\nI : amp"
    start, end = halve_first_derivative(text)
    edited = f"{text[:start]}0.5*({text[start:end]}){text[end:]}"
    assert edited.splitlines()[0] == "dv/dt = 0.5*((E_L - v + R*I)/tau) : volt (unless refractory)"
    assert edited.splitlines()[1] == "I : amp"


def test_halving_edit_refuses_equations_without_a_derivative():
    with pytest.raises(ValueError, match="no 'dx/dt"):
        halve_first_derivative("v = 3*mV : volt")


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("from brianlab.widgets import Explorer\nExplorer('dv/dt = -v/tau : 1')", "Explorer"),
        ("%matplotlib widget\nw = make()\nw", "widget"),
        ("box = widgets.VBox([a, b])\nwidgets.VBox([box])", "VBox"),
        ("print(brian2_code(neurons))", None),
        ("x = Explorer('...')", None),
        ("def broken(:", None),
    ],
)
def test_displayed_widget_names_what_the_last_line_shows(source, shown):
    assert displayed_widget(source) == shown


def test_demo_cells_of_the_fixture_notebook_count_the_probe_cell():
    path = FIXTURES / "widgets.ipynb"
    cells = json.loads(path.read_text())["cells"]
    demos = demo_cells(path)
    assert [name for _, name in demos] == ["VBox", "Explorer"]
    for index, _ in demos:
        assert "widget" in cells[index - 1]["metadata"]["tags"]


def test_probe_cell_comes_first_and_leaves_the_notebook_unchanged():
    notebook = {"cells": [{"cell_type": "markdown", "source": "hi"}], "nbformat": 4}
    served = with_probe_cell(notebook)
    assert served["cells"][0]["source"] == PROBE_SOURCE
    assert served["cells"][1:] == notebook["cells"]
    assert len(notebook["cells"]) == 1


def test_probe_describes_sliders_texts_and_model_state():
    class Demo(widgets.VBox):
        state = {
            "parameters": {"tau": {"value": 20.0, "unit": "ms"}},
            "editor": {"valid": type("Spec", (), {"equations": "dv/dt = -v/tau : 1"})()},
        }

    slider = widgets.FloatLogSlider(value=20.0, min=0, max=2, description="tau (ms)")
    field = widgets.Textarea(value="dv/dt = -v/tau : 1", description="equations")
    found = describe(Demo([widgets.HBox([field]), widgets.VBox([slider])]))
    assert found["sliders"] == {"tau (ms)": pytest.approx(20.0)}
    assert found["texts"] == {"equations": "dv/dt = -v/tau : 1"}
    assert found["parameters"] == {"tau": 20.0}
    assert found["equations"] == "dv/dt = -v/tau : 1"


def test_free_port_can_be_listened_on():
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
