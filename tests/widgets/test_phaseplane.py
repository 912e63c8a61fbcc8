"""Phase plane: nullclines, fixed points and stability against closed forms; trajectories."""

from __future__ import annotations

import numpy as np
import pytest

from brianlab import UnsupportedEquationsError, ms, mV
from brianlab.widgets import PhasePlane
from brianlab.widgets.models.phaseplane import PhasePlaneModel, classify

FHN = """
dv/dt = (v - v**3/3 - w + I)/tau : 1
dw/dt = (v + a - b*w)/tau_w : 1
"""
FHN_PARAMS = {"I": 0.0, "a": 0.7, "b": 0.8, "tau": 1 * ms, "tau_w": 12.5 * ms}

IZHIKEVICH = """
dv/dt = (0.04*v**2/mV + 5*v + 140*mV - u + I)/ms : volt
du/dt = a*(b*v - u) : volt
"""
IZH_PARAMS = {"I": 0 * mV, "a": 0.02 / ms, "b": 0.2}


def fhn_fixed_point(I: float, a: float = 0.7, b: float = 0.8) -> tuple[float, float]:
    """The real root of v - v**3/3 + I = (v + a)/b, and w there."""
    roots = np.roots([-1 / 3, 0.0, 1 - 1 / b, I - a / b])
    v = float(roots[np.abs(roots.imag) < 1e-12].real[0])
    return v, (v + a) / b


def fhn_jacobian(v: float, b: float = 0.8, tau: float = 1e-3, tau_w: float = 12.5e-3):
    return np.array([[(1 - v**2) / tau, -1 / tau], [1 / tau_w, -b / tau_w]])


@pytest.fixture
def fhn() -> PhasePlaneModel:
    return PhasePlaneModel(
        FHN,
        x_range=(-2.5, 2.5),
        y_range=(-1.0, 2.0),
        namespace=dict(FHN_PARAMS),
        parameters={"I": (0, 1)},
    )


@pytest.mark.parametrize("I, kind", [(0.0, "stable focus"), (0.5, "unstable focus")])
def test_fitzhugh_nagumo_fixed_point_and_stability_match_the_closed_form(fhn, I, kind):
    fhn.params.set_value("I", I)
    (point,) = fhn.points
    v, w = fhn_fixed_point(I)
    assert (point.x, point.y) == (pytest.approx(v, abs=1e-10), pytest.approx(w, abs=1e-10))
    np.testing.assert_allclose(point.jacobian, fhn_jacobian(v), rtol=1e-6, atol=1e-6)
    expected = np.sort_complex(np.linalg.eigvals(fhn_jacobian(v)))
    np.testing.assert_allclose(np.sort_complex(point.eigenvalues), expected, rtol=1e-6)
    assert point.kind == kind
    assert fhn.state["fixed_points"][0]["kind"] == kind


def test_nullclines_lie_on_the_analytic_curves(fhn):
    fhn.params.set_value("I", 0.3)
    v_null = np.concatenate(fhn.x_nullcline)
    w_null = np.concatenate(fhn.y_nullcline)
    grid = 5.0 / 199  # spacing of the 200-point grid in v
    np.testing.assert_allclose(
        v_null[:, 1], v_null[:, 0] - v_null[:, 0] ** 3 / 3 + 0.3, atol=grid**2 * 3
    )
    np.testing.assert_allclose(w_null[:, 1], (w_null[:, 0] + 0.7) / 0.8, atol=1e-9)


def test_vector_field_is_in_display_units_per_ms(fhn):
    X, Y, U, V = fhn.field
    np.testing.assert_allclose(U, (X - X**3 / 3 - Y) / 1.0, rtol=1e-12)  # tau = 1 ms
    np.testing.assert_allclose(V, (X + 0.7 - 0.8 * Y) / 12.5, rtol=1e-12)


def test_izhikevich_with_units_has_a_stable_node_and_a_saddle():
    model = PhasePlaneModel(
        IZHIKEVICH,
        x_range=(-90 * mV, -20 * mV),
        y_range=(-25 * mV, 0 * mV),
        namespace=dict(IZH_PARAMS),
        threshold="v > 30*mV",
        reset="v = -65*mV; u += 8*mV",
    )
    assert model.state["units"] == ("mV", "mV")
    points = sorted(model.points, key=lambda p: p.x)
    assert [(round(p.x, 9), p.kind) for p in points] == [(-70.0, "stable node"), (-50.0, "saddle")]
    assert points[0].y == pytest.approx(-14.0, abs=1e-9)  # u = b*v
    np.testing.assert_allclose(points[0].jacobian, [[-600, -1000], [4, -20]], rtol=1e-6)
    np.testing.assert_allclose(points[1].jacobian, [[1000, -1000], [4, -20]], rtol=1e-6)


def test_trajectory_of_a_linear_model_is_the_exponential_decay():
    model = PhasePlaneModel(
        "dx/dt = -x/tau : 1\ndy/dt = -y/(2*tau) : 1",
        x_range=(-1, 1),
        y_range=(-1, 1),
        namespace={"tau": 10 * ms},
        method="exact",
        duration=50 * ms,
    )
    (point,) = model.points
    assert point.kind == "stable node"
    np.testing.assert_allclose(np.sort(point.eigenvalues.real), [-100.0, -50.0], rtol=1e-6)
    model.add_start(0.8, -0.6)
    x, y = model.trajectories[0]
    t = np.arange(len(x)) * 1e-4
    np.testing.assert_allclose(x, 0.8 * np.exp(-t / 0.01), rtol=1e-9)
    np.testing.assert_allclose(y, -0.6 * np.exp(-t / 0.02), rtol=1e-9)


def test_trajectories_rerun_on_slider_moves_without_compiling(fhn, compilations):
    fhn.add_start(-2.0, 0.0)
    fhn.add_start(1.0, 1.5)
    compilations.reset()
    first = fhn.trajectories[0][0].copy()
    fhn.params.set_value("I", 0.8)
    assert compilations.new == 0
    assert fhn.state["trajectories"] == 2
    assert fhn.trajectories[0][0][0] == -2.0  # still starts where it was clicked
    assert not np.allclose(fhn.trajectories[0][0], first)


def test_oldest_start_point_is_dropped_beyond_the_maximum(fhn):
    for k in range(fhn.max_trajectories + 2):
        fhn.add_start(-2.0 + 0.1 * k, 0.0)
    assert len(fhn.starts) == fhn.max_trajectories
    assert fhn.starts[0] == (pytest.approx(-1.8), 0.0)
    fhn.clear_starts()
    assert fhn.state["trajectories"] == 0


def test_thresholds_and_resets_act_on_trajectories():
    model = PhasePlaneModel(
        IZHIKEVICH,
        x_range=(-90 * mV, 40 * mV),
        y_range=(-25 * mV, 10 * mV),
        namespace=dict(IZH_PARAMS),
        threshold="v > 30*mV",
        reset="v = -65*mV; u += 8*mV",
        method="euler",
        duration=20 * ms,
    )
    model.add_start(-40.0, -10.0)  # above the saddle: a spike
    v, u = model.trajectories[0]
    assert v.max() <= 30.0 + 40.0
    assert np.any(np.isclose(v, -65.0))
    assert np.any(np.diff(u) > 7.9)  # u jumps by d at the reset


@pytest.mark.parametrize(
    "eigenvalues, kind",
    [
        ([-1.0, -2.0], "stable node"),
        ([1.0, 3.0], "unstable node"),
        ([-1.0, 2.0], "saddle"),
        ([-1 + 2j, -1 - 2j], "stable focus"),
        ([1 + 2j, 1 - 2j], "unstable focus"),
        ([2j, -2j], "centre"),
        ([0.0, -1.0], "degenerate"),
    ],
)
def test_fixed_point_kinds_follow_the_eigenvalues(eigenvalues, kind):
    assert classify(np.array(eigenvalues)) == kind


def test_models_without_exactly_two_variables_are_refused():
    with pytest.raises(UnsupportedEquationsError) as info:
        PhasePlaneModel(
            "dv/dt = -v/tau : 1", x_range=(0, 1), y_range=(0, 1), namespace={"tau": ms}
        )
    assert str(info.value).startswith(
        "a phase plane needs a model with two differential equations; this one has 1 (v)."
    )
    with pytest.raises(UnsupportedEquationsError):
        PhasePlaneModel(
            "dx/dt = -x/tau : 1\ndy/dt = -y/tau : 1\ndz/dt = -z/tau : 1",
            x="x",
            y="y",
            x_range=(0, 1),
            y_range=(0, 1),
            namespace={"tau": ms},
        )


def test_time_dependent_and_noisy_models_are_flagged():
    model = PhasePlaneModel(
        "dx/dt = (sin(2*pi*t/ms) - x)/tau + sigma*xi/sqrt(tau) : 1\ndy/dt = (x - y)/tau : 1",
        x_range=(-1, 1),
        y_range=(-1, 1),
        namespace={"tau": 10 * ms, "sigma": 0.1},
        method="heun",
    )
    assert model.state["warnings"] == [
        "the model uses t: the vector field is shown at t = 0.",
        "the noise term xi is left out of the vector field.",
    ]


def test_phase_plane_widget_clicks_buttons_and_sliders(compilations):
    from matplotlib.backend_bases import MouseEvent

    widget = PhasePlane(
        FHN, x_range=(-2.5, 2.5), y_range=(-1.0, 2.0), namespace=dict(FHN_PARAMS), I=(0, 1)
    )
    assert "stable focus" in widget.points.value
    canvas = widget.live.fig.canvas
    canvas.draw()
    x_px, y_px = widget.panel.ax.transData.transform((1.0, 1.0))
    canvas.callbacks.process(
        "button_press_event", MouseEvent("button_press_event", canvas, x_px, y_px, button=1)
    )
    assert widget.state["starts"] == [(pytest.approx(1.0), pytest.approx(1.0))]
    widget.x_start.value, widget.y_start.value = -2.0, 0.5
    widget.add_button.click()
    assert widget.state["trajectories"] == 2
    path = widget.panel.paths[1]
    assert path.get_xdata()[0] == -2.0 and path.get_ydata()[0] == 0.5
    compilations.reset()
    widget.sliders.sliders["I"].value = 0.5
    assert "unstable focus" in widget.points.value
    assert compilations.new == 0
    widget.clear_button.click()
    assert len(widget.panel.paths[0].get_xdata()) == 0


def test_ranges_in_other_units_than_the_variable_are_refused():
    from brianlab import UnitMismatchError, nA

    with pytest.raises(UnitMismatchError) as info:
        PhasePlaneModel(
            IZHIKEVICH,
            x_range=(-90 * mV, -20 * mV),
            y_range=(0 * nA, 1 * nA),
            namespace=dict(IZH_PARAMS),
        )
    assert str(info.value).startswith("y_range is for 'u', which is in volt, but 0. A is in amp.")
