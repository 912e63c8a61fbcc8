"""Showing a :class:`LiveFigure` in a notebook, live or as a static image.

With ipympl (``%matplotlib widget``) the figure's canvas is itself a widget
and redraws in place; it sits in a Box of its own, which is replaced whole
when the model is rebuilt (replacing only the canvas left the old one on the
page).  Otherwise the figure's pixels, as PNG bytes, are the value of an
``Image`` widget, updated after each redraw: unlike ``display()`` into an
``Output`` widget, this works from any callback (an equation edit's delayed
re-run included).
"""

from __future__ import annotations

import ipywidgets as w

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
        self.image: w.Image | None = None
        self.set_figure(figure)

    def set_figure(self, figure: LiveFigure) -> None:
        """Show another figure (after the model was rebuilt)."""
        self.figure = figure
        if figure.interactive:
            self.image = None
            self.canvas_box = w.Box([figure.fig.canvas])
            self.children = [self.canvas_box]
        else:
            self.image = w.Image(format="png")
            self.children = [self.image]
            figure.on_redraw(self._show)
            self._show(figure)

    def _show(self, figure: LiveFigure) -> None:
        if figure is not self.figure or self.image is None:
            return
        self.image.value = figure.png()
        self.shown += 1
