"""The phase-plane widget: a figure, parameter sliders and start points.

With ipympl, clicking into the figure starts a trajectory there; without it
(static figures) the two number fields and the "add trajectory" button do
the same.  The fixed points and their stability are listed under the figure.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .display import FigureView
from .models.phaseplane import PhasePlaneModel
from .models.plots import LiveFigure, PhasePlanePanel, make_figure
from .sliders import ParameterSliders

__all__ = ["PhasePlane"]


class PhasePlane(w.VBox):
    """Nullclines, vector field, fixed points and trajectories of a 2-variable model.

    Parameters
    ----------
    model : str or ModelSpec
        The model (two differential equations).
    **kwargs
        Passed to :class:`~.models.phaseplane.PhasePlaneModel` (``x_range``,
        ``y_range``, ``x``, ``y``, ``namespace``, ``threshold``, ``reset``,
        ``refractory``, ``method``, ``duration``, ``grid``, ``resolution``,
        ``max_trajectories``, ``auto_parameters``, ``parameters``); any other
        keyword is a slider, e.g. ``I=(0, 1)``.

    Attributes
    ----------
    model : PhasePlaneModel
    panel : PhasePlanePanel
    figure : FigureView
    sliders : ParameterSliders
    x_start, y_start : ipywidgets.FloatText
    add_button, clear_button : ipywidgets.Button
    points : ipywidgets.HTML
        The fixed points and their stability.
    """

    _MODEL_ARGS = (
        "x_range",
        "y_range",
        "x",
        "y",
        "namespace",
        "threshold",
        "reset",
        "refractory",
        "method",
        "duration",
        "grid",
        "resolution",
        "max_trajectories",
        "auto_parameters",
    )

    def __init__(self, model, *, parameters=None, **kwargs) -> None:
        options = {k: kwargs.pop(k) for k in self._MODEL_ARGS if k in kwargs}
        self.model = PhasePlaneModel(model, parameters={**(parameters or {}), **kwargs}, **options)
        m = self.model
        fig, (ax,) = make_figure(1, width=6.0, row_height=4.5)
        self.panel = PhasePlanePanel(ax, m)
        self.live = LiveFigure(fig, [self.panel])
        self.live.update(draw=False)  # data in place before the first display
        self.figure = FigureView(self.live)
        self.sliders = ParameterSliders(m.params)
        x_label = f"{m.x} ({m.x_unit})" if m.x_unit else m.x
        y_label = f"{m.y} ({m.y_unit})" if m.y_unit else m.y
        self.x_start = w.FloatText(
            description=x_label, value=m.x_lo / m.x_scale, style={"description_width": "initial"}
        )
        self.y_start = w.FloatText(
            description=y_label, value=m.y_lo / m.y_scale, style={"description_width": "initial"}
        )
        self.add_button = w.Button(description="add trajectory", icon="plus")
        self.clear_button = w.Button(description="clear", icon="trash")
        self.add_button.on_click(
            lambda button: m.add_start(self.x_start.value, self.y_start.value)
        )
        self.clear_button.on_click(lambda button: m.clear_starts())
        self.points = w.HTML()
        fig.canvas.mpl_connect("button_press_event", self._clicked)
        m.on_update(lambda model: self._refresh())
        super().__init__(
            [
                w.HBox(
                    [
                        self.figure,
                        w.VBox([self.sliders, self.points], layout=w.Layout(width="40%")),
                    ]
                ),
                w.HBox([self.x_start, self.y_start, self.add_button, self.clear_button]),
            ]
        )
        self._show_points()

    def _clicked(self, event) -> None:
        if event.inaxes is self.panel.ax and event.xdata is not None:
            self.model.add_start(event.xdata, event.ydata)

    def _refresh(self) -> None:
        self.live.update()
        self._show_points()

    def _show_points(self) -> None:
        m = self.model
        rows = "".join(
            f"<tr><td>{html.escape(m.x)} = {p.x:.4g}</td><td>{html.escape(m.y)} = {p.y:.4g}"
            f"</td><td>{html.escape(p.kind)}</td></tr>"
            for p in m.points
        )
        notes = "".join(
            f"<div style='color:#8a6d00'>{html.escape(t)}</div>"
            for t in [*m.warnings, *m.notes, m.status]
            if t
        )
        self.points.value = (
            "<b>fixed points</b><table>" + rows + "</table>" if rows else "no fixed point in view"
        ) + notes

    @property
    def state(self) -> dict:
        """The view-model's state (see :attr:`PhasePlaneModel.state`)."""
        return self.model.state
