"""Drawing a live figure's frames cheaply: the layout once, then only what changed.

A learner moving a slider changes the plotted data and, often, the y
limits; the labels, the units and the figure's size stay.
:class:`FrameDrawer` draws such a figure into its Agg canvas (the renderer
behind both the inline backend and ipympl) doing only the work the change
needs:

* the figure's layout engine (constrained layout) runs for the first frame,
  and again only when something it depends on changed: the canvas size, an
  axis label, or the text of a visible tick label;
* when no axes changed its limits, position or labels, the frame restores
  the cached *background* (everything drawn below the data) and draws the
  data artists, and whatever lies above them, on top: the same pixels as a
  full draw, for a fraction of its cost;
* otherwise the figure is drawn once with the data hidden, that image is
  cached as the new background, and the data are drawn on top.

:func:`png_bytes` encodes the canvas's pixels as PNG without drawing the
figure again (``savefig`` would draw it once more, twice with a layout
engine), as RGB when the figure is opaque.
"""

from __future__ import annotations

import io
import threading
from contextlib import contextmanager

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.layout_engine import PlaceHolderLayoutEngine

__all__ = ["FrameDrawer", "png_bytes", "PNG_COMPRESS_LEVEL"]

#: zlib level of the PNG frames: 1 encodes a two-panel figure in half the
#: time of matplotlib's default (6), for a file about a sixth larger.
PNG_COMPRESS_LEVEL = 1


def png_bytes(canvas: FigureCanvasAgg, compress_level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """The pixels the Agg ``canvas`` holds, as PNG (the canvas is not drawn again).

    Parameters
    ----------
    canvas : FigureCanvasAgg
        A canvas that has been drawn.
    compress_level : int
        zlib compression, 0 (none) to 9 (smallest, slowest).
    """
    from PIL import Image

    size = canvas.get_width_height(physical=True)
    pixels = canvas.buffer_rgba()
    image = Image.frombuffer("RGBA", size, pixels, "raw", "RGBA", 0, 1)
    if np.asarray(pixels)[..., 3].min() == 255:
        image = image.convert("RGB")  # opaque: a quarter less to compress, same pixels
    with io.BytesIO() as buffer:
        image.save(buffer, format="png", compress_level=compress_level)
        return buffer.getvalue()


def _visible_tick_labels(axis) -> tuple[str, ...]:
    """The texts of the major tick labels inside the axis's view interval."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-10 * (high - low)
    locs = np.asarray(axis.get_majorticklocs())
    labels = axis.get_major_formatter().format_ticks(locs)
    return tuple(label for loc, label in zip(locs, labels) if low - slack <= loc <= high + slack)


@contextmanager
def _layout_held(fig):
    """Keep the figure's layout engine from running during the draws inside."""
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
        yield
        return
    fig.set_layout_engine("none")
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


class FrameDrawer:
    """Draws a figure's frames into its Agg canvas, reusing the layout and the background.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure with an Agg canvas (matplotlib's Agg, or ipympl's).  Its
        layout engine stays attached: other draws (ipympl's own, after a
        resize or a zoom; ``savefig``) lay the figure out as usual.

    Attributes
    ----------
    counts : dict
        ``{'full': n, 'data': n, 'layout': n}``: frames drawn whole, frames
        that redrew only the data over the background, and runs of the
        layout engine.
    """

    def __init__(self, fig) -> None:
        if not isinstance(fig.canvas, FigureCanvasAgg):
            raise TypeError(
                f"a live figure needs an Agg canvas, not {type(fig.canvas).__name__}: "
                "make it with brianlab.widgets.models.plots.make_figure()"
            )
        self.fig = fig
        self.counts = {"full": 0, "data": 0, "layout": 0}
        self._lock = threading.Lock()
        self._background = None
        self._frame_key = None
        self._layout_key = None

    def draw(self) -> str:
        """Draw the figure's current state into the canvas.

        Returns
        -------
        str
            ``'data'`` when only the data were drawn over the cached
            background, ``'full'`` when the whole figure was drawn.
        """
        fig, canvas = self.fig, self.fig.canvas
        with self._lock:
            engine = fig.get_layout_engine()
            with _layout_held(fig):
                frame = self._frame()
                if self._background is not None and frame == self._frame_key:
                    kind = "data"
                    canvas.restore_region(self._background)
                else:
                    kind = "full"
                    if self._lay_out(engine):
                        frame = self._frame()
                    self._draw_background()
                    self._frame_key = frame
                for ax, artists in self._layers():
                    for artist in artists:
                        ax.draw_artist(artist)
            self.counts[kind] += 1
            return kind

    def _frame(self) -> tuple:
        """What the background depends on: canvas size, and each axes' place, limits, labels."""
        fig = self.fig
        axes = tuple(
            (
                ax.get_visible(),
                ax.get_position().bounds,
                ax.get_xlim(),
                ax.get_ylim(),
                ax.get_xlabel(),
                ax.get_ylabel(),
                ax.get_title(),
            )
            for ax in fig.axes
        )
        return fig.canvas.get_width_height(physical=True), fig.dpi, axes

    def _layout(self) -> tuple:
        """What the layout depends on: canvas size, labels, visible tick labels."""
        fig = self.fig
        axes = tuple(
            (
                ax.get_visible(),
                ax.get_xlabel(),
                ax.get_ylabel(),
                ax.get_title(),
                _visible_tick_labels(ax.xaxis),
                _visible_tick_labels(ax.yaxis),
            )
            for ax in fig.axes
        )
        return fig.canvas.get_width_height(physical=True), fig.dpi, axes

    def _lay_out(self, engine) -> bool:
        """Run the layout engine if what it depends on changed; whether it ran."""
        if engine is None or isinstance(engine, PlaceHolderLayoutEngine):
            return False
        if self._layout() == self._layout_key:
            return False
        engine.execute(self.fig)
        # after the layout: the axes' new sizes may change the ticks chosen
        self._layout_key = self._layout()
        self.counts["layout"] += 1
        return True

    def _layers(self) -> list[tuple]:
        """Per visible axes, its data artists and what is drawn above them, in drawing order."""
        layers = []
        for ax in self.fig.axes:
            data = [*ax.lines, *ax.collections, *ax.images]
            if not ax.get_visible() or not data:
                continue
            lowest = min(artist.get_zorder() for artist in data)
            above = [
                artist
                for artist in ax.get_children()
                if artist is not ax.patch and artist.get_zorder() >= lowest
            ]
            # the order of Axes.draw: by zorder, ties in the order of get_children()
            above.sort(key=lambda artist: artist.get_zorder())
            layers.append((ax, above))
        return layers

    def _draw_background(self) -> None:
        """Draw the figure without its data layers and keep the image."""
        canvas = self.fig.canvas
        hidden = [a for _, artists in self._layers() for a in artists if a.get_visible()]
        for artist in hidden:
            artist.set_visible(False)
        try:
            # Agg's own draw: ipympl's would also send this data-less image to the browser
            FigureCanvasAgg.draw(canvas)
        finally:
            for artist in hidden:
                artist.set_visible(True)
        self._background = canvas.copy_from_bbox(self.fig.bbox)
