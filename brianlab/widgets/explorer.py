"""The Explorer: editor, sliders, live plots and run controls in one call.

>>> Explorer('dv/dt = (E_L - v + R*I)/tau : volt', threshold='v > -50*mV',
...          reset='v = E_L', namespace={'E_L': -70*mV, 'R': 100*Mohm},
...          tau=(1*ms, 100*ms), I=(0*nA, 1*nA))      # doctest: +SKIP

The behaviour is :class:`~.models.explorer.ExplorerModel`'s; this class
arranges its widgets and keeps them in step when the model is rebuilt.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .controls import RunControls
from .display import FigureView
from .editor import EquationEditor
from .export import Brian2CodeView
from .models.explorer import ExplorerModel
from .sliders import ParameterSliders

__all__ = ["Explorer"]


class Explorer(w.VBox):
    """Play with a model: type it, move its parameters, watch it run.

    Parameters
    ----------
    model : str, optional
        Equations of a single neuron (or give ``network=``).
    network : callable, optional
        ``build(namespace) -> objects`` for a small network.
    **kwargs
        Passed to :class:`~.models.explorer.ExplorerModel` (``threshold``,
        ``reset``, ``refractory``, ``method``, ``namespace``, ``initial``,
        ``record``, ``input``, ``duration``, ``auto_parameters``, ``delay``,
        ``call_later``, ``parameters``); any other keyword is a slider,
        e.g. ``tau=(1*ms, 100*ms)``.

    Attributes
    ----------
    model : ExplorerModel
    editor : EquationEditor or None
    sliders : ParameterSliders
    figure : FigureView
    controls : RunControls
    code : Brian2CodeView or None
    status : ipywidgets.HTML
    """

    _MODEL_ARGS = (
        "threshold",
        "reset",
        "refractory",
        "method",
        "namespace",
        "initial",
        "record",
        "input",
        "duration",
        "auto_parameters",
        "delay",
        "call_later",
    )

    def __init__(
        self, model: str | None = None, *, network=None, parameters=None, **kwargs
    ) -> None:
        options = {k: kwargs.pop(k) for k in self._MODEL_ARGS if k in kwargs}
        sliders = {**(parameters or {}), **kwargs}
        self.model = ExplorerModel(model, network=network, parameters=sliders, **options)
        m = self.model
        self.editor = None if m.editor is None else EquationEditor(model=m.editor)
        self.sliders = ParameterSliders(m.params, m.visible_parameters())
        self.figure = FigureView(m.figure)
        self.controls = RunControls(m.sim, m.duration)
        self.code = None if m.editor is None else Brian2CodeView(m.brian2_code)
        self.status = w.HTML()
        m.on_rebuild(self._rebuilt)
        m.on_rerun(lambda explorer: self._show_status())
        left = [x for x in (self.editor, w.HTML("<b>parameters</b>"), self.sliders) if x]
        right = [self.figure, self.controls, self.status]
        columns = w.HBox(
            [
                w.VBox(left, layout=w.Layout(width="42%")),
                w.VBox(right, layout=w.Layout(width="58%")),
            ]
        )
        super().__init__([columns] + ([self.code] if self.code else []))
        self._show_status()

    def _rebuilt(self, model: ExplorerModel) -> None:
        self.sliders.show(model.visible_parameters())
        self.figure.set_figure(model.figure)
        self.controls.bind(model.sim, model.duration)
        if self.code is not None:
            self.code.refresh()

    def _show_status(self) -> None:
        m = self.model
        notes = "".join(f"<div style='color:#666'>{html.escape(n)}</div>" for n in m.notes)
        self.status.value = f"<div>{html.escape(m.status)}</div>{notes}"
        if self.editor is not None:  # parameter values follow the sliders
            self.editor.refresh_summary()
        if self.code is not None:
            self.code.refresh()

    @property
    def state(self) -> dict:
        """The view-model's state (see :attr:`ExplorerModel.state`)."""
        return self.model.state
