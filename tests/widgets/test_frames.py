"""Cheap frames: the same pixels as a full draw, with the layout and background reused.

Every frame the :class:`FrameDrawer` draws is compared, pixel for pixel,
with what matplotlib draws from scratch for the same figure (constrained
layout included).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from PIL import Image

from brianlab import Mohm, ms, mV, nA
from brianlab.widgets import FigureView, PhasePlane
from brianlab.widgets.models.explorer import ExplorerModel
from brianlab.widgets.models.frames import FrameDrawer, png_bytes
from brianlab.widgets.models.plots import make_figure

LIF = "dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)"


def pixels(canvas) -> np.ndarray:
    return np.asarray(canvas.buffer_rgba()).copy()


def full_draw(fig) -> np.ndarray:
    """What matplotlib draws from scratch (layout engine included)."""
    fig.canvas.draw()
    return pixels(fig.canvas)


def decoded(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def traces_figure():
    """Two stacked panels, three traces and a legend in the first, fixed limits."""
    fig, (top, bottom) = make_figure(2)
    t = np.linspace(0, 100, 500)
    lines = [top.plot(t, np.sin(t / (5 + k)), label=f"neuron {k}")[0] for k in range(3)]
    top.legend(loc="upper right", fontsize="small")
    (current,) = bottom.plot(t, t / 100)
    top.set(ylabel="v (mV)", xlim=(0, 100), ylim=(-1.2, 1.2))
    bottom.set(ylabel="I (nA)", xlabel="time (ms)", ylim=(-0.1, 1.1))
    return fig, lines, current, t


def lif_explorer() -> ExplorerModel:
    return ExplorerModel(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory="5*ms",
        namespace={"E_L": -70 * mV, "R": 100 * Mohm},
        initial={"v": "E_L"},
        parameters={"tau": (1 * ms, 100 * ms), "I": (0 * nA, 0.5 * nA)},
    )


def test_new_data_under_the_same_limits_redraw_only_the_data_with_a_full_draws_pixels():
    fig, lines, current, t = traces_figure()
    drawer = FrameDrawer(fig)
    assert drawer.draw() == "full"
    for step in range(1, 4):
        for k, line in enumerate(lines):
            line.set_ydata(np.sin(t / (5 + k) + step))
        current.set_ydata((t / 100) ** step)
        assert drawer.draw() == "data"
        drawn = pixels(fig.canvas)
        np.testing.assert_array_equal(drawn, full_draw(fig))
    assert drawer.counts == {"full": 1, "axes": 0, "data": 3, "layout": 1}


def test_changed_limits_redraw_that_panel_alone_while_its_tick_labels_keep_their_texts():
    fig, lines, current, t = traces_figure()
    top = fig.axes[0]
    drawer = FrameDrawer(fig)
    drawer.draw()
    top.set_ylim(-1.25, 1.25)  # same ticks and labels (-1, -0.5, ..., 1), new limits
    lines[0].set_ydata(np.cos(t))
    assert drawer.draw() == "axes"
    np.testing.assert_array_equal(pixels(fig.canvas), full_draw(fig))
    assert drawer.draw() == "data"  # and the panel's new background was kept
    np.testing.assert_array_equal(pixels(fig.canvas), full_draw(fig))
    assert drawer.counts == {"full": 1, "axes": 1, "data": 1, "layout": 1}


def test_new_tick_labels_lay_the_figure_out_again_and_draw_it_whole():
    fig, *_ = traces_figure()
    drawer = FrameDrawer(fig)
    drawer.draw()
    fig.axes[0].set_ylim(-120.0, 120.0)  # wider tick labels: the layout must make room
    assert drawer.draw() == "full"
    assert drawer.counts["layout"] == 2
    np.testing.assert_array_equal(pixels(fig.canvas), full_draw(fig))


def test_a_tick_label_pushed_out_of_its_panels_area_lays_the_figure_out_again():
    fig, *_ = traces_figure()
    bottom = fig.axes[1]
    drawer = FrameDrawer(fig)
    drawer.draw()
    bottom.set_ylim(-0.1, 1.0)  # the same labels, but "1.0" now sits on the top edge
    assert drawer.draw() == "full"
    assert drawer.counts["layout"] == 2
    np.testing.assert_array_equal(pixels(fig.canvas), full_draw(fig))


def test_the_figure_keeps_its_constrained_layout_for_other_draws():
    fig, *_ = traces_figure()
    FrameDrawer(fig).draw()
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"


def test_png_bytes_of_an_opaque_figure_are_its_pixels_in_rgb():
    fig, *_ = traces_figure()
    FrameDrawer(fig).draw()
    png = png_bytes(fig.canvas)
    assert Image.open(io.BytesIO(png)).mode == "RGB"  # opaque: no alpha channel to send
    np.testing.assert_array_equal(decoded(png), pixels(fig.canvas))


def test_a_figure_without_an_agg_canvas_is_refused_with_the_way_out():
    fig = Figure()
    FigureCanvasSVG(fig)
    with pytest.raises(TypeError, match="make_figure"):
        FrameDrawer(fig)


def test_each_slider_move_of_a_static_explorer_draws_one_frame_shown_as_savefig_would():
    model = lif_explorer()
    view = FigureView(model.figure)
    for tau in (12.0, 15.0, 40.0, 3.0):
        before = sum(model.figure.frames.counts[k] for k in ("full", "axes", "data"))
        model.params.set_value("tau", tau)
        assert sum(model.figure.frames.counts[k] for k in ("full", "axes", "data")) == before + 1
        saved = io.BytesIO()
        model.figure.fig.savefig(saved, format="png")
        np.testing.assert_array_equal(decoded(view.image.value), decoded(saved.getvalue()))
    assert view.shown == 5  # once when made, then once per move


def test_phase_plane_slider_moves_redraw_only_the_flow_with_a_full_draws_pixels():
    plane = PhasePlane(
        "dv/dt = (v - v**3/3 - w + I)/tau : 1\ndw/dt = (v + a - b*w)/tau_w : 1",
        x_range=(-2.5, 2.5),
        y_range=(-1.0, 2.0),
        namespace={"I": 0.0, "a": 0.7, "b": 0.8, "tau": 1 * ms, "tau_w": 12.5 * ms},
        I=(0, 1),
    )
    plane.sliders.sliders["I"].value = 0.3
    plane.sliders.sliders["I"].value = 0.6
    assert plane.live.frames.counts["data"] >= 1
    shown = decoded(plane.figure.image.value)
    np.testing.assert_array_equal(shown, full_draw(plane.live.fig))


def test_a_transparent_figure_keeps_its_alpha_in_the_png():
    fig, *_ = traces_figure()
    fig.patch.set_alpha(0.0)
    FrameDrawer(fig).draw()
    shown = decoded(png_bytes(fig.canvas))
    np.testing.assert_array_equal(shown, pixels(fig.canvas))
    assert shown[0, 0, 3] == 0
