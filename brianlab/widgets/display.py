"""Showing a :class:`LiveFigure` in a notebook, live or as a static image.

With ipympl (``%matplotlib widget``) the figure's canvas is itself a widget
and redraws in place.  Otherwise the figure is shown as an image inside an
``Output`` widget and shown again after each update, so that executed
notebooks and documentation pages still contain the figure.
"""

from __future__ import annotations

import ipywidgets as w
from IPython.display import display

from .models.plots import LiveFigure

__all__ = ["FigureView"]


class FigureView(w.VBox):
    """The widget showing a live figure.

    Parameters
    ----------
    figure : LiveFigure
        The figure and its panels.

    Attributes
    ----------
    shown : int
        How many times a static figure was (re-)displayed.
    """

    def __init__(self, figure: LiveFigure) -> None:
        super().__init__()
        self.shown = 0
        self.output: w.Output | None = None
        self.set_figure(figure)

    def set_figure(self, figure: LiveFigure) -> None:
        """Show another figure (after the model was rebuilt)."""
        self.figure = figure
        if figure.interactive:
            self.output = None
            self.children = [figure.fig.canvas]
        else:
            self.output = w.Output()
            self.children = [self.output]
            figure.on_redraw(self._show)
            self._show(figure)

    def _show(self, figure: LiveFigure) -> None:
        if figure is not self.figure or self.output is None:
            return
        with self.output:
            self.output.clear_output(wait=True)
            display(figure.fig)
        self.shown += 1
