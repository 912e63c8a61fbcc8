"""The f–I curve widget: rate against input current, with parameter sliders."""

from __future__ import annotations

import html

import ipywidgets as w

from .display import FigureView
from .models.ficurve import FICurveModel
from .models.plots import FICurvePanel, LiveFigure, make_figure
from .sliders import ParameterSliders

__all__ = ["FICurve"]


class FICurve(w.VBox):
    """Firing rate against input current, recomputed when a slider moves.

    Parameters
    ----------
    model : str or ModelSpec
        A spiking model (with a threshold).
    **kwargs
        Passed to :class:`~.models.ficurve.FICurveModel` (``currents``, ``n``,
        ``input``, ``namespace``, ``threshold``, ``reset``, ``refractory``,
        ``method``, ``duration``, ``initial``, ``auto_parameters``, ``parameters``); any
        other keyword is a slider, e.g. ``tau=(1*ms, 100*ms)``.

    Attributes
    ----------
    model : FICurveModel
    panel : FICurvePanel
    figure : FigureView
    sliders : ParameterSliders
    status : ipywidgets.HTML
    """

    _MODEL_ARGS = (
        "currents",
        "n",
        "input",
        "namespace",
        "threshold",
        "reset",
        "refractory",
        "method",
        "duration",
        "initial",
        "auto_parameters",
    )

    def __init__(self, model, *, parameters=None, **kwargs) -> None:
        options = {k: kwargs.pop(k) for k in self._MODEL_ARGS if k in kwargs}
        self.model = FICurveModel(model, parameters={**(parameters or {}), **kwargs}, **options)
        fig, (ax,) = make_figure(1, width=6.0, row_height=3.5)
        self.panel = FICurvePanel(ax, self.model)
        self.live = LiveFigure(fig, [self.panel])
        self.live.update(draw=False)  # data in place before the first display
        self.figure = FigureView(self.live)
        self.sliders = ParameterSliders(self.model.params)
        self.status = w.HTML()
        self.model.on_update(lambda model: self._refresh())
        super().__init__([self.figure, self.sliders, self.status])
        self._show_status()

    def _refresh(self) -> None:
        self.live.update()
        self._show_status()

    def _show_status(self) -> None:
        notes = "".join(
            f"<div style='color:#666'>{html.escape(n)}</div>" for n in self.model.notes
        )
        self.status.value = f"<div>{html.escape(self.model.status)}</div>{notes}"

    @property
    def state(self) -> dict:
        """The view-model's state (see :attr:`FICurveModel.state`)."""
        return self.model.state
