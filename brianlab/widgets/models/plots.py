"""Live plots: matplotlib artists made once and fed new data in place.

A :class:`LiveFigure` holds one figure (``layout="constrained"``) with one
panel per plot.  Each panel (:class:`TracePanel`, :class:`RasterPanel`,
:class:`RatePanel` read monitors; :class:`PhasePlanePanel` and
:class:`FICurvePanel` read their view-model) creates its artists once and,
on ``update()``, calls ``set_data`` — no axes are cleared and no figure is
made again.  The figure is then drawn by a :class:`~.frames.FrameDrawer`
(layout kept, only the data redrawn while the axes keep their limits).
With an interactive canvas (ipympl, ``%matplotlib widget``) the changed
pixels are sent to the browser at once; with a static one (the inline
backend, executed notebooks, documentation) the figure tells its listeners,
which show :meth:`LiveFigure.png` again.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib
import numpy as np

from .frames import FrameDrawer, png_bytes
from .parameters import display_unit

__all__ = [
    "LiveFigure",
    "TracePanel",
    "RasterPanel",
    "RatePanel",
    "PhasePlanePanel",
    "FICurvePanel",
    "is_interactive_backend",
    "make_figure",
]

#: At most this many traces are drawn per variable (more would be unreadable).
MAX_TRACES = 10


def is_interactive_backend() -> bool:
    """Whether figures draw into a live canvas (ipympl's ``%matplotlib widget``)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or backend == "widget"


def make_figure(nrows: int, *, width: float = 7.0, row_height: float = 2.2):
    """A figure with ``nrows`` stacked axes sharing the time axis.

    Under ipympl the figure comes from pyplot (so it gets an ipympl canvas,
    without being shown by pyplot itself); otherwise it is a plain
    :class:`~matplotlib.figure.Figure` with an Agg canvas, which is what
    IPython's inline display and tests need.
    """
    size = (width, row_height * nrows + 0.6)
    if is_interactive_backend():
        import matplotlib.pyplot as plt

        with plt.ioff():
            fig = plt.figure(figsize=size, layout="constrained")
        fig.canvas.header_visible = False
        fig.canvas.footer_visible = False
        fig.canvas.toolbar_position = "right"
    else:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, 1, sharex=True, squeeze=False)[:, 0]
    return fig, list(axes)


def _time_axis(ax, duration_s: float | None) -> None:
    spec = ax.get_subplotspec()
    if spec is None or spec.is_last_row():  # panels above share the bottom one's axis
        ax.set_xlabel("time (ms)")
    if duration_s:
        ax.set_xlim(0, duration_s * 1e3)


class TracePanel:
    """Traces of one recorded variable against time.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    monitor : StateMonitor
    variable : str
        The recorded variable to show.
    duration : float, optional
        The x-range in seconds (default: follow the data).
    """

    def __init__(self, ax, monitor, variable: str, duration: float | None = None) -> None:
        self.ax = ax
        self.monitor = monitor
        self.variable = variable
        var = monitor.source.variables[variable]
        unit, self.scale = display_unit(var.dim)
        ax.set_ylabel(f"{variable} ({unit})" if unit else variable)
        _time_axis(ax, duration)
        self.duration = duration
        shown = monitor.record[:MAX_TRACES]
        self.lines = [ax.plot([], [], lw=1.2, label=f"neuron {int(i)}")[0] for i in shown]
        if len(self.lines) > 1:
            ax.legend(loc="upper right", fontsize="small")

    def update(self) -> None:
        t = self.monitor.t_ * 1e3
        values = getattr(self.monitor, f"{self.variable}_")
        for row, line in enumerate(self.lines):
            line.set_data(t, values[row] / self.scale)
        _rescale(self.ax, self.duration, [values[: len(self.lines)] / self.scale])


class RasterPanel:
    """Spike raster: one dot per spike, neuron index against time."""

    def __init__(self, ax, monitor, duration: float | None = None) -> None:
        self.ax = ax
        self.monitor = monitor
        self.duration = duration
        n = monitor.source.N
        (self.dots,) = ax.plot([], [], ".", ms=2.5, color="k")
        ax.set_ylabel("neuron index")
        ax.set_ylim(-0.5, n - 0.5)
        _time_axis(ax, duration)

    def update(self) -> None:
        self.dots.set_data(self.monitor.t_ * 1e3, self.monitor.i)
        if not self.duration:
            self.ax.relim()
            self.ax.autoscale_view(scalex=True, scaley=False)


class RatePanel:
    """Population rate, smoothed with a flat window."""

    def __init__(self, ax, monitor, duration: float | None = None, width: float = 2e-3) -> None:
        self.ax = ax
        self.monitor = monitor
        self.duration = duration
        self.width = width
        (self.line,) = ax.plot([], [], lw=1.2)
        ax.set_ylabel("rate (Hz)")
        _time_axis(ax, duration)

    def update(self) -> None:
        from ...units import second

        t = self.monitor.t_
        if not t.size:  # nothing recorded yet (a run stopped at once)
            self.line.set_data([], [])
            return
        rate = np.asarray(self.monitor.smooth_rate("flat", width=self.width * second))
        self.line.set_data(t * 1e3, rate)
        _rescale(self.ax, self.duration, [rate])


def _rescale(ax, duration: float | None, arrays: list) -> None:
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if a.size]
    if finite:
        low = min(float(a.min()) for a in finite)
        high = max(float(a.max()) for a in finite)
        pad = 0.05 * (high - low) if high > low else max(abs(high), 1.0) * 0.05
        ax.set_ylim(low - pad, high + pad)
    if not duration:
        ax.relim()
        ax.autoscale_view(scalex=True, scaley=False)


class LiveFigure:
    """A figure whose panels are updated in place.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure with an Agg canvas (see :func:`make_figure`).
    panels : list
        Objects with an ``update()`` method.
    interactive : bool, optional
        Whether the canvas is live in the browser (default: :func:`is_interactive_backend`).

    Attributes
    ----------
    redraws : int
        How many times the figure was updated.
    frames : FrameDrawer
        Draws the figure (and counts full and data-only frames).
    """

    def __init__(self, fig, panels: list, interactive: bool | None = None) -> None:
        self.fig = fig
        self.panels = panels
        self.interactive = is_interactive_backend() if interactive is None else interactive
        self.redraws = 0
        self.frames = FrameDrawer(fig)
        self._drawn = -1  # the value of ``redraws`` the canvas shows
        self._listeners: list[Callable[[LiveFigure], None]] = []

    def on_redraw(self, callback: Callable[[LiveFigure], None]) -> None:
        """Call ``callback(figure)`` after each update of a static figure."""
        self._listeners.append(callback)

    def update(self, *, draw: bool = True) -> None:
        """Put the monitors' current data into the artists, then redraw.

        Parameters
        ----------
        draw : bool
            False to update the artists only (during benchmarks, or when
            several updates follow each other).
        """
        for panel in self.panels:
            panel.update()
        self.redraws += 1
        if draw:
            self.draw()

    def draw(self) -> None:
        """Draw the current data and show them: send the pixels (ipympl), or tell the listeners."""
        self.frames.draw()
        self._drawn = self.redraws
        canvas = self.fig.canvas
        if self.interactive and getattr(canvas, "syncing_data_url", False):
            # ipympl before its view in the page started: that view draws
            # the figure when it starts (a frame sent now would break it)
            canvas.draw_idle()
        elif self.interactive:
            # ipympl's canvas sends the pixels that changed since its last frame
            canvas.blit(self.fig.bbox)
        else:
            for callback in list(self._listeners):
                callback(self)

    def png(self) -> bytes:
        """The figure with its current data as PNG bytes (drawn first if needed)."""
        if self._drawn != self.redraws:
            self.frames.draw()
            self._drawn = self.redraws
        return png_bytes(self.fig.canvas)

    @property
    def state(self) -> dict:
        """``{'panels': n, 'redraws': n, 'interactive': bool, 'frames': {...}}``
        (``frames``: see :attr:`FrameDrawer.counts`)."""
        return {
            "panels": len(self.panels),
            "redraws": self.redraws,
            "interactive": self.interactive,
            "frames": dict(self.frames.counts),
        }


def _joined(pieces: list) -> tuple[np.ndarray, np.ndarray]:
    """Polylines as one x/y pair with NaN gaps, for a single Line2D."""
    if not pieces:
        return np.array([]), np.array([])
    gap = np.array([[np.nan, np.nan]])
    stacked = np.concatenate([part for piece in pieces for part in (piece, gap)])
    return stacked[:, 0], stacked[:, 1]


class PhasePlanePanel:
    """Vector field, nullclines, fixed points and trajectories of a PhasePlaneModel.

    Arrows show the direction of the flow (lengths equalised), over the grid
    of the model; fixed points are filled when stable, open when unstable,
    crosses when saddles.
    """

    def __init__(self, ax, model) -> None:
        self.ax = ax
        self.model = model
        X, Y, U, V = model.field
        self.arrows = ax.quiver(
            X,
            Y,
            *self._arrows(U, V),
            angles="xy",
            scale_units="xy",
            scale=1,
            pivot="mid",
            color="0.65",
            width=0.003,
        )
        (self.x_null,) = ax.plot([], [], lw=2, color="tab:blue", label=f"{model.x}-nullcline")
        (self.y_null,) = ax.plot([], [], lw=2, color="tab:orange", label=f"{model.y}-nullcline")
        (self.stable,) = ax.plot([], [], "o", ms=8, color="k", label="stable")
        (self.unstable,) = ax.plot([], [], "o", ms=8, mfc="white", mec="k", label="unstable")
        (self.saddles,) = ax.plot([], [], "X", ms=8, color="k", label="saddle")
        self.paths = [
            ax.plot([], [], lw=1.2, color="tab:green")[0] for _ in range(model.max_trajectories)
        ]
        (self.start_dots,) = ax.plot([], [], ".", ms=7, color="tab:green")
        ax.set_xlim(model.x_lo / model.x_scale, model.x_hi / model.x_scale)
        ax.set_ylim(model.y_lo / model.y_scale, model.y_hi / model.y_scale)
        ax.set_xlabel(f"{model.x} ({model.x_unit})" if model.x_unit else model.x)
        ax.set_ylabel(f"{model.y} ({model.y_unit})" if model.y_unit else model.y)
        ax.legend(loc="upper right", fontsize="small")

    def _arrows(self, U, V) -> tuple[np.ndarray, np.ndarray]:
        m = self.model
        x_span = (m.x_hi - m.x_lo) / m.x_scale
        y_span = (m.y_hi - m.y_lo) / m.y_scale
        u, v = U / x_span, V / y_span
        length = np.hypot(u, v)
        length = np.where((length > 0) & np.isfinite(length), length, np.inf)
        cell = 0.7 / m.grid
        return u / length * cell * x_span, v / length * cell * y_span

    def update(self) -> None:
        m = self.model
        self.arrows.set_UVC(*self._arrows(m.field[2], m.field[3]))
        self.x_null.set_data(*_joined(m.x_nullcline))
        self.y_null.set_data(*_joined(m.y_nullcline))
        for line, kinds in (
            (self.stable, lambda p: p.stable),
            (self.unstable, lambda p: not p.stable and p.kind != "saddle"),
            (self.saddles, lambda p: p.kind == "saddle"),
        ):
            chosen = [p for p in m.points if kinds(p)]
            line.set_data([p.x for p in chosen], [p.y for p in chosen])
        for k, path in enumerate(self.paths):
            if k < len(m.trajectories):
                path.set_data(*m.trajectories[k])
            else:
                path.set_data([], [])
        self.start_dots.set_data([s[0] for s in m.starts], [s[1] for s in m.starts])


class FICurvePanel:
    """Firing rate against input, from an FICurveModel."""

    def __init__(self, ax, model) -> None:
        self.ax = ax
        self.model = model
        (self.line,) = ax.plot([], [], "o-", ms=3, lw=1.2)
        unit = model.input_unit
        ax.set_xlabel(f"{model.input} ({unit})" if unit else model.input)
        ax.set_ylabel("firing rate (Hz)")
        ax.set_xlim(float(model.currents.min()), float(model.currents.max()))

    def update(self) -> None:
        self.line.set_data(self.model.currents, self.model.rates)
        top = float(np.max(self.model.rates)) if self.model.rates.size else 0.0
        self.ax.set_ylim(0, max(top * 1.05, 1.0))
