"""Drawing a live figure's frames cheaply: the layout once, then only what changed.

A learner moving a slider changes the plotted data and, often, the y
limits of some panels; the labels, the units and the figure's size stay.
:class:`FrameDrawer` draws such a figure into its Agg canvas (the renderer
behind both the inline backend and ipympl) doing only the work the change
needs, and giving the pixels a draw from scratch gives with the same
layout:

* the figure's layout engine (constrained layout) runs for the first frame,
  and again only when something it depends on changed: the canvas size, an
  axis label, or the text of a visible tick label;
* the *background* (everything drawn below the data: panels, ticks, labels)
  is cached, panel by panel, together with what the figure looks like
  without its panels;
* a frame in which no panel changed its limits restores the background and
  draws the data artists, and whatever lies above them, on top;
* a frame in which some panels changed their limits, but no tick label
  changed its text, draws those panels' backgrounds again, each in its own
  area (its tight box grown half-way to its neighbours'), then the data;
* anything else (first frame, new layout, new size) draws the whole figure
  with the data hidden, caches that, and draws the data on top.

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
from matplotlib.transforms import Bbox

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
    """The texts of the major tick labels inside the axis's view interval, and its offset text."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-10 * (high - low)
    locs = np.asarray(axis.get_majorticklocs())
    formatter = axis.get_major_formatter()
    labels = formatter.format_ticks(locs)
    shown = [label for loc, label in zip(locs, labels) if low - slack <= loc <= high + slack]
    return (*shown, formatter.get_offset())


def _shown_tick_labels(axis) -> list:
    """The tick labels the last draw of ``axis`` showed."""
    low, high = sorted(axis.get_view_interval())
    slack = 1e-10 * (high - low)
    return [
        label
        for tick in axis.get_major_ticks()
        if low - slack <= tick.get_loc() <= high + slack
        for label in (tick.label1, tick.label2)
        if label.get_visible() and label.get_text()
    ]


def _pixel_box(box: Bbox, pad: float, limit: Bbox) -> Bbox:
    """``box`` grown by ``pad`` pixels, rounded outwards to whole pixels, inside ``limit``."""
    x0, y0, x1, y1 = box.extents
    return Bbox.from_extents(
        max(np.floor(x0 - pad), limit.x0),
        max(np.floor(y0 - pad), limit.y0),
        min(np.ceil(x1 + pad), limit.x1),
        min(np.ceil(y1 + pad), limit.y1),
    )


def _grown(box: Bbox, others: list[Bbox], limit: Bbox) -> Bbox:
    """``box`` grown in each direction to half-way to the nearest box ahead, or to ``limit``."""
    x0, y0, x1, y1 = box.extents
    beside = [o for o in others if o.y0 < y1 and y0 < o.y1]
    above = [o for o in others if o.x0 < x1 and x0 < o.x1]
    left = max([(o.x1 + x0) / 2 for o in beside if o.x1 <= x0], default=limit.x0)
    right = min([(o.x0 + x1) / 2 for o in beside if o.x0 >= x1], default=limit.x1)
    bottom = max([(o.y1 + y0) / 2 for o in above if o.y1 <= y0], default=limit.y0)
    top = min([(o.y0 + y1) / 2 for o in above if o.y0 >= y1], default=limit.y1)
    return Bbox.from_extents(np.ceil(left), np.ceil(bottom), np.floor(right), np.floor(top))


def _inside(box: Bbox, area: Bbox) -> bool:
    return area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1


def _overlap(a: Bbox, b: Bbox) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


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
        How the frames were drawn: ``'full'`` (the whole figure), ``'axes'``
        (the panels whose limits changed, over the cached rest), ``'data'``
        (only the data, over the cached background), and ``'layout'``: runs
        of the layout engine.

    Notes
    -----
    The layout is kept while every panel's tick labels keep their texts and
    stay inside the panel's *area* (its tight box, grown half-way to its
    neighbours' when the layout was made); the panels may then sit a pixel
    away from where a layout made from scratch would put them, but nothing
    overlaps and nothing is cut off.
    """

    #: Pixels added around each panel's tight box before its area is grown.
    PAD = 1

    def __init__(self, fig) -> None:
        if not isinstance(fig.canvas, FigureCanvasAgg):
            raise TypeError(
                f"a live figure needs an Agg canvas, not {type(fig.canvas).__name__}: "
                "make it with brianlab.widgets.models.plots.make_figure()"
            )
        self.fig = fig
        self.counts = {"full": 0, "axes": 0, "data": 0, "layout": 0}
        self._lock = threading.Lock()
        self._size = None  # canvas size and dpi of the cached images
        self._keys: list | None = None  # per axes: what its cached background shows
        self._layout_key = None
        self._areas: list[Bbox] | None = None  # per axes (None: overlapping, or unknown)
        self._areas_at = None  # the axes' positions when the areas were found
        self._background = None  # the whole figure with its data hidden
        self._cells: list | None = None  # per axes: [empty pixels, background pixels]

    def draw(self) -> str:
        """Draw the figure's current state into the canvas.

        Returns
        -------
        str
            ``'data'``, ``'axes'`` or ``'full'`` (see :attr:`counts`).
        """
        fig, canvas = self.fig, self.fig.canvas
        with self._lock:
            engine = fig.get_layout_engine()
            if engine is not None and isinstance(engine, PlaceHolderLayoutEngine):
                engine = None
            with _layout_held(fig):
                size = (canvas.get_width_height(physical=True), fig.dpi)
                keys = [self._axes_key(ax) for ax in fig.axes]
                cached = self._background is not None and size == self._size
                if cached and keys == self._keys:
                    kind = "data"
                    self._restore_background()
                elif cached and self._redrawable(keys):
                    kind = "axes"
                    if not self._draw_changed_axes(keys):
                        kind = self._draw_whole(engine, lay_out=True)
                else:
                    kind = self._draw_whole(engine)
                for ax, artists in self._layers():
                    for artist in artists:
                        ax.draw_artist(artist)
            # the canvas shows the figure as it is: pyplot's redraw after each
            # cell or widget message (ipympl) has nothing to do
            fig.stale = False
            self.counts[kind] += 1
            return kind

    # what the cached images depend on ------------------------------------------------
    @staticmethod
    def _axes_key(ax) -> tuple:
        """What a panel's background depends on: its place, limits and labels."""
        return (
            ax.get_visible(),
            ax.get_position().bounds,
            ax.get_xlim(),
            ax.get_ylim(),
            ax.get_xlabel(),
            ax.get_ylabel(),
            ax.get_title(),
        )

    def _layout(self) -> tuple:
        """What the layout (and the size of every label) depends on."""
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

    def _positions(self) -> tuple:
        return tuple(ax.get_position().bounds for ax in self.fig.axes)

    def _redrawable(self, keys: list) -> bool:
        """Whether the changed panels can be drawn again in their own areas."""
        return (
            self._cells is not None
            and len(keys) == len(self._keys)
            and self._positions() == self._areas_at
            and self._layout() == self._layout_key
        )

    def _labels_inside(self, ax, area: Bbox) -> bool:
        """Whether the tick labels of the last draw of ``ax`` lie inside ``area``."""
        renderer = self.fig.canvas.get_renderer()
        labels = _shown_tick_labels(ax.xaxis) + _shown_tick_labels(ax.yaxis)
        return all(_inside(label.get_window_extent(renderer), area) for label in labels)

    # drawing ---------------------------------------------------------------------
    def _draw_whole(self, engine, lay_out: bool = False) -> str:
        """Draw the figure without its data and cache it (lay it out first if needed).

        ``lay_out`` forces the layout (a tick label left its panel's area).
        """
        fig, canvas = self.fig, self.fig.canvas
        layout = self._layout()
        laid_out = engine is not None and (lay_out or layout != self._layout_key)
        if laid_out:
            engine.execute(fig)
            # after the layout: the axes' new sizes may change the ticks chosen
            layout = self._layout()
            self.counts["layout"] += 1
        self._layout_key = layout
        self._size = (canvas.get_width_height(physical=True), fig.dpi)
        self._keys = [self._axes_key(ax) for ax in fig.axes]
        if self._positions() != self._areas_at:
            self._areas = self._find_areas()
            self._areas_at = self._positions()
        areas = self._areas
        if areas is not None:
            with _hidden(fig.axes):
                FigureCanvasAgg.draw(canvas)
            empty = [canvas.copy_from_bbox(area) for area in areas]
        with _hidden(self._data_artists()):
            # Agg's own draw: ipympl's would also send this data-less image to the page
            FigureCanvasAgg.draw(canvas)
        self._background = canvas.copy_from_bbox(fig.bbox)
        self._cells = None
        if areas is None:
            return "full"
        if engine is not None and not laid_out:
            if not all(self._labels_inside(ax, area) for ax, area in zip(fig.axes, areas)):
                return self._draw_whole(engine, lay_out=True)
        self._cells = [[blank, canvas.copy_from_bbox(area)] for area, blank in zip(areas, empty)]
        return "full"

    def _draw_changed_axes(self, keys: list) -> bool:
        """Draw the panels whose key changed again, in their areas; restore the others.

        False (the frame is then to be drawn whole) when a panel's tick
        labels moved out of its area.
        """
        canvas = self.fig.canvas
        renderer = canvas.get_renderer()
        for ax, key, old, area, cell in zip(
            self.fig.axes, keys, self._keys, self._areas, self._cells
        ):
            if key == old:
                canvas.restore_region(cell[1])
                continue
            canvas.restore_region(cell[0])
            with _hidden(self._layer(ax)):
                ax.draw(renderer)
            if not self._labels_inside(ax, area):
                return False
            cell[1] = canvas.copy_from_bbox(area)
        self._keys = keys
        return True

    def _restore_background(self) -> None:
        canvas = self.fig.canvas
        if self._cells is None:
            canvas.restore_region(self._background)
            return
        for _, background in self._cells:
            canvas.restore_region(background)

    # what is drawn where -----------------------------------------------------------
    def _find_areas(self) -> list[Bbox] | None:
        """Per axes, the pixels it may draw on: its tight box grown half-way to its neighbours'.

        None when the tight boxes overlap, when the figure draws anything
        besides its axes, or when an axes is hidden: then every frame that
        changes limits is drawn whole.
        """
        fig = self.fig
        others = [a for a in fig.get_children() if a is not fig.patch and a not in fig.axes]
        if any(a.get_visible() for a in others) or not all(ax.get_visible() for ax in fig.axes):
            return None
        renderer = fig.canvas.get_renderer()
        boxes = [_pixel_box(ax.get_tightbbox(renderer), self.PAD, fig.bbox) for ax in fig.axes]
        areas = [_grown(box, boxes[:k] + boxes[k + 1 :], fig.bbox) for k, box in enumerate(boxes)]
        for k, area in enumerate(areas):
            if any(_overlap(area, other) for other in areas[k + 1 :]):
                return None
        return areas

    def _data_artists(self) -> list:
        return [artist for ax in self.fig.axes for artist in self._layer(ax)]

    def _layers(self) -> list[tuple]:
        """Per axes, its data layer (see :meth:`_layer`)."""
        return [(ax, self._layer(ax)) for ax in self.fig.axes]

    @staticmethod
    def _layer(ax) -> list:
        """The data artists of ``ax`` and what is drawn above them, in drawing order."""
        data = [*ax.lines, *ax.collections, *ax.images]
        if not ax.get_visible() or not data:
            return []
        lowest = min(artist.get_zorder() for artist in data)
        above = [
            artist
            for artist in ax.get_children()
            if artist is not ax.patch and artist.get_zorder() >= lowest
        ]
        # the order of Axes.draw: by zorder, ties in the order of get_children()
        above.sort(key=lambda artist: artist.get_zorder())
        return above


@contextmanager
def _hidden(artists):
    """Hide the visible ones of ``artists`` inside the block."""
    shown = [artist for artist in artists if artist.get_visible()]
    for artist in shown:
        artist.set_visible(False)
    try:
        yield
    finally:
        for artist in shown:
            artist.set_visible(True)
