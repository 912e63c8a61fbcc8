"""Phase-plane analysis of a two-variable model.

For a model with two differential equations (FitzHugh–Nagumo, AdEx,
Izhikevich, a reduced Hodgkin–Huxley …) :class:`PhasePlaneModel` computes,
for the current parameter values:

* the vector field on a grid, by evaluating the right-hand sides' IR with
  numpy (:mod:`.evaluate`; the learner's text is never executed);
* the nullclines, as zero contours of each right-hand side on a fine grid;
* the fixed points, where the two nullclines cross (refined by Newton's
  method), with their stability from the eigenvalues of the Jacobian;
* trajectories from chosen start points, simulated by brianlab itself (so
  thresholds and resets act), in one run of a group with one neuron per
  start point — moving a slider re-runs it without recompiling.

Right-hand sides are evaluated at ``t = 0`` (a model that uses ``t`` gets a
warning) and without noise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import contourpy
import numpy as np

from ...core.namespace import lookup_external
from ...equations.equations import PARAMETER, SUBEXPRESSION, Equations
from ...errors import (
    InvalidParameterError,
    SimulationDiverged,
    UnitMismatchError,
    UnsupportedEquationsError,
)
from ...monitors.statemonitor import StateMonitor
from ...parsing.ir import Expr, names_in, substitute
from ...units import Quantity, format_dimension, get_dimensions, ms
from .editor import external_names
from .evaluate import evaluate
from .parameters import ParameterSet, display_unit, is_parameter_value
from .simulation import ModelSpec, Simulation, captured_log, widget_object_name

__all__ = ["PhasePlaneModel", "FixedPoint", "classify"]


@dataclass(frozen=True)
class FixedPoint:
    """A fixed point of the two-variable system.

    Attributes
    ----------
    x, y : float
        Its position in the display units of the two variables.
    jacobian : numpy.ndarray
        The 2x2 Jacobian there, in SI units per second.
    eigenvalues : numpy.ndarray
        The Jacobian's eigenvalues (1/second).
    kind : str
        ``'stable node'``, ``'unstable focus'``, ``'saddle'`` … (see :func:`classify`).
    """

    x: float
    y: float
    jacobian: np.ndarray
    eigenvalues: np.ndarray
    kind: str

    @property
    def stable(self) -> bool:
        """Whether small perturbations decay (all eigenvalues have negative real part)."""
        return bool(np.all(self.eigenvalues.real < 0))


def classify(eigenvalues: np.ndarray, rtol: float = 1e-9) -> str:
    """Name a fixed point from the eigenvalues of its Jacobian.

    Returns one of ``'stable node'``, ``'unstable node'``, ``'stable focus'``,
    ``'unstable focus'``, ``'saddle'``, ``'centre'`` (purely imaginary: the
    linearisation cannot decide) or ``'degenerate'`` (a zero eigenvalue).

    Examples
    --------
    >>> classify(np.array([-1.0, -2.0]))
    'stable node'
    >>> classify(np.array([1j, -1j]))
    'centre'
    """
    lam = np.asarray(eigenvalues, dtype=complex)
    scale = max(float(np.max(np.abs(lam))), 1e-300)
    real = np.where(np.abs(lam.real) <= rtol * scale, 0.0, lam.real)
    if np.any(np.abs(lam.imag) > rtol * scale):
        if real[0] < 0:
            return "stable focus"
        if real[0] > 0:
            return "unstable focus"
        return "centre"
    if np.any(real == 0):
        return "degenerate"
    if np.all(real < 0):
        return "stable node"
    if np.all(real > 0):
        return "unstable node"
    return "saddle"


def _range(name: str, spec, variable: str, dim) -> tuple[float, float]:
    """The SI ends of a plotted range, checked against the variable's dimension."""
    if not isinstance(spec, (tuple, list)) or len(spec) != 2:
        raise TypeError(f"{name} must be (low, high), e.g. (-80*mV, 0*mV); got {spec!r}")
    low, high = spec
    for end in (low, high):
        if not is_parameter_value(end):
            raise TypeError(f"{name} must be (low, high), e.g. (-80*mV, 0*mV); got {spec!r}")
        if get_dimensions(end) != dim:
            raise UnitMismatchError(
                f"{name} is for '{variable}', which is in {format_dimension(dim)}, but {end} is "
                f"in {format_dimension(get_dimensions(end))}.",
                "Give the range in the variable's units.",
                dim,
                get_dimensions(end),
            )
    lo = float(np.asarray(low))
    hi = float(np.asarray(high))
    if not hi > lo:
        raise InvalidParameterError(
            f"{name} is empty: {low} is not below {high}.", "Give the lower end first."
        )
    return lo, hi


class PhasePlaneModel:
    """Nullclines, vector field, fixed points and trajectories of a 2-variable model.

    Parameters
    ----------
    model : str or ModelSpec
        The equations (exactly two differential equations), or a full model.
    x_range, y_range : tuple
        The plotted ranges, e.g. ``(-80*mV, 0*mV)`` and ``(-100*pA, 300*pA)``.
    x, y : str, optional
        Which variable goes on which axis (default: in the order written).
    namespace : dict, optional
        Values of the external names; changed in place by the sliders.
    parameters : mapping, optional
        Slider specifications, name -> ``(low, high[, step])``.
    threshold, reset, refractory, method
        The rest of the model, used for trajectories.
    duration : Quantity
        Length of each trajectory.
    grid : int
        Arrows per axis of the vector field.
    resolution : int
        Points per axis of the grid the nullclines are traced on.
    max_trajectories : int
        How many start points are kept (the oldest is dropped).
    auto_parameters : bool
        Make sliders for every other numeric parameter of the model.
    """

    def __init__(
        self,
        model: str | ModelSpec,
        *,
        x_range,
        y_range,
        x: str | None = None,
        y: str | None = None,
        namespace: dict | None = None,
        parameters: Mapping | None = None,
        threshold: str | None = None,
        reset: str | None = None,
        refractory=False,
        method: str | None = None,
        duration: Quantity = 100 * ms,
        grid: int = 20,
        resolution: int = 200,
        max_trajectories: int = 8,
        auto_parameters: bool = True,
    ) -> None:
        spec = (
            model
            if isinstance(model, ModelSpec)
            else ModelSpec(model, threshold, reset, refractory, method)
        )
        self.spec = spec
        self.equations = Equations(spec.equations)
        names = self.equations.diff_eq_names
        if x is None and y is None and len(names) != 2:
            raise UnsupportedEquationsError(
                f"a phase plane needs a model with two differential equations; this one has "
                f"{len(names)} ({', '.join(names) or 'none'}).",
                "Reduce the model to two variables, or name them with x=... and y=....",
            )
        self.x = x or names[0]
        self.y = y or names[1 if names[0] == self.x else 0]
        for name in (self.x, self.y):
            if name not in names:
                raise UnsupportedEquationsError(
                    f"'{name}' is not a variable with a differential equation in this model "
                    f"(those are: {', '.join(names)}).",
                    None,
                )
        others = [n for n in names if n not in (self.x, self.y)]
        if others:
            raise UnsupportedEquationsError(
                f"a phase plane shows two variables, but the model also changes "
                f"{', '.join(others)}.",
                "Reduce the model to two differential equations.",
            )
        self.namespace = {} if namespace is None else namespace
        self.params = ParameterSet(self.namespace, parameters)
        if auto_parameters:
            self.params.add_free(external_names(spec))
        self.x_lo, self.x_hi = _range("x_range", x_range, self.x, self.equations[self.x].dim)
        self.y_lo, self.y_hi = _range("y_range", y_range, self.y, self.equations[self.y].dim)
        self.x_unit, self.x_scale = display_unit(self.equations[self.x].dim)
        self.y_unit, self.y_scale = display_unit(self.equations[self.y].dim)
        self.grid = grid
        self.resolution = resolution
        self.duration = duration
        self.max_trajectories = max_trajectories
        self.warnings: list[str] = []
        self.notes: list[str] = []
        if "t" in self.equations.names_used():
            self.warnings.append("the model uses t: the vector field is shown at t = 0.")
        if self.equations.is_stochastic:
            self.warnings.append("the noise term xi is left out of the vector field.")
        self._rhs = self._right_hand_sides()
        self.starts: list[tuple[float, float]] = []
        self.trajectories: list[tuple[np.ndarray, np.ndarray]] = []
        self.status = ""
        self.sim = self._trajectory_simulation()
        self.params.on_change(lambda name, value: self.update())
        self._listeners: list[Callable[[PhasePlaneModel], None]] = []
        self.update()

    # the equations as numbers ----------------------------------------------------
    def _right_hand_sides(self) -> tuple[Expr, Expr]:
        subs = {eq.name: eq.expr for eq in self.equations.of_kind(SUBEXPRESSION)}
        out = []
        for name in (self.x, self.y):
            expr = self.equations[name].expr
            for _ in range(len(subs) + 1):
                used = names_in(expr) & subs.keys()
                if not used:
                    break
                expr = substitute(expr, {n: subs[n] for n in used})
            out.append(expr)
        return tuple(out)

    def _values(self) -> dict:
        values: dict = {"t": 0.0}
        needed = set().union(*(names_in(e) for e in self._rhs)) - {self.x, self.y, "t"}
        declared = {eq.name for eq in self.equations.of_kind(PARAMETER)}
        for name in needed:
            if name in declared and name not in self.namespace:
                values[name] = 0.0
                continue
            if name == "xi" or name.startswith("xi_"):
                continue
            found = lookup_external(name, [self.namespace], model_names=[self.x, self.y])
            values[name] = getattr(found, "value", 0.0)
        return values

    def derivatives(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """``(dx/dt, dy/dt)`` in SI units per second at SI positions ``x``, ``y``."""
        values = self._values()
        values[self.x] = np.asarray(x, dtype=float)
        values[self.y] = np.asarray(y, dtype=float)
        fx, fy = (evaluate(expr, values) for expr in self._rhs)
        shape = np.broadcast(values[self.x], values[self.y]).shape
        return np.broadcast_to(fx, shape).astype(float), np.broadcast_to(fy, shape).astype(float)

    # the analysis ----------------------------------------------------------------
    def vector_field(self) -> tuple[np.ndarray, ...]:
        """``(X, Y, U, V)`` on the arrow grid, in display units (U, V per ms)."""
        xs = np.linspace(self.x_lo, self.x_hi, self.grid)
        ys = np.linspace(self.y_lo, self.y_hi, self.grid)
        X, Y = np.meshgrid(xs, ys)
        U, V = self.derivatives(X, Y)
        return (
            X / self.x_scale,
            Y / self.y_scale,
            U * 1e-3 / self.x_scale,
            V * 1e-3 / self.y_scale,
        )

    def nullclines(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The x- and y-nullclines as lists of (n, 2) polylines in SI units."""
        xs = np.linspace(self.x_lo, self.x_hi, self.resolution)
        ys = np.linspace(self.y_lo, self.y_hi, self.resolution)
        X, Y = np.meshgrid(xs, ys)
        out = []
        for values in self.derivatives(X, Y):
            z = np.where(np.isfinite(values), values, np.nan)
            generator = contourpy.contour_generator(xs, ys, np.ma.masked_invalid(z))
            out.append([line for line in generator.lines(0.0) if len(line) > 1])
        return out[0], out[1]

    def _jacobian(self, x: float, y: float) -> np.ndarray:
        hx = 1e-6 * (self.x_hi - self.x_lo)
        hy = 1e-6 * (self.y_hi - self.y_lo)
        fx_px, fy_px = self.derivatives(x + hx, y)
        fx_mx, fy_mx = self.derivatives(x - hx, y)
        fx_py, fy_py = self.derivatives(x, y + hy)
        fx_my, fy_my = self.derivatives(x, y - hy)
        return np.array(
            [
                [(fx_px - fx_mx) / (2 * hx), (fx_py - fx_my) / (2 * hy)],
                [(fy_px - fy_mx) / (2 * hx), (fy_py - fy_my) / (2 * hy)],
            ],
            dtype=float,
        )

    def _newton(self, x: float, y: float) -> tuple[float, float] | None:
        span = np.array([self.x_hi - self.x_lo, self.y_hi - self.y_lo])
        p = np.array([x, y], dtype=float)
        for _ in range(60):
            f = np.array(self.derivatives(p[0], p[1]), dtype=float)
            jac = self._jacobian(p[0], p[1])
            try:
                step = np.linalg.solve(jac, f)
            except np.linalg.LinAlgError:
                return None
            if not np.all(np.isfinite(step)):
                return None
            p = p - step
            if np.all(np.abs(step) <= 1e-13 * span):
                return float(p[0]), float(p[1])
        return None

    def fixed_points(self, x_nullcline: list | None = None) -> list[FixedPoint]:
        """The fixed points inside the plotted ranges, with their stability."""
        if x_nullcline is None:
            x_nullcline = self.nullclines()[0]
        span = np.array([self.x_hi - self.x_lo, self.y_hi - self.y_lo])
        found: list[FixedPoint] = []
        for line in x_nullcline:
            _, fy = self.derivatives(line[:, 0], line[:, 1])
            crossings = np.flatnonzero(np.sign(fy[:-1]) * np.sign(fy[1:]) <= 0)
            for k in crossings:
                a, b = fy[k], fy[k + 1]
                w = 0.5 if a == b else a / (a - b)
                guess = line[k] + w * (line[k + 1] - line[k])
                root = self._newton(*guess)
                if root is None:
                    continue
                rx, ry = root
                if not (self.x_lo <= rx <= self.x_hi and self.y_lo <= ry <= self.y_hi):
                    continue
                if any(
                    abs(rx - p.x * self.x_scale) <= 1e-7 * span[0]
                    and abs(ry - p.y * self.y_scale) <= 1e-7 * span[1]
                    for p in found
                ):
                    continue
                jac = self._jacobian(rx, ry)
                lam = np.linalg.eigvals(jac)
                found.append(
                    FixedPoint(rx / self.x_scale, ry / self.y_scale, jac, lam, classify(lam))
                )
        return found

    # trajectories ------------------------------------------------------------------
    def _trajectory_simulation(self) -> Simulation:
        with captured_log(self.notes):
            group = self.spec.neuron_group(self.max_trajectories, self.namespace)
        monitor = StateMonitor(
            group, [self.x, self.y], record=True, name=widget_object_name("statemonitor")
        )
        self._group = group
        self._monitor = monitor
        return Simulation([group, monitor], self.namespace, self.duration)

    def add_start(self, x: float, y: float) -> None:
        """Start a trajectory at (``x``, ``y``), in display units (as clicked)."""
        self.starts.append((float(x), float(y)))
        self.starts = self.starts[-self.max_trajectories :]
        self.run_trajectories()
        self._notify()

    def clear_starts(self) -> None:
        """Remove all trajectories."""
        self.starts = []
        self.trajectories = []
        self._notify()

    def run_trajectories(self) -> None:
        """Simulate every start point again with the current parameters."""
        if not self.starts:
            self.trajectories = []
            return
        n = self.max_trajectories
        padded = self.starts + [self.starts[0]] * (n - len(self.starts))
        xs = np.array([p[0] for p in padded]) * self.x_scale
        ys = np.array([p[1] for p in padded]) * self.y_scale
        self.sim.network.restore("initial")
        for eq in self.equations.of_kind(PARAMETER):
            if eq.name in self.namespace:
                setattr(self._group, eq.name, self.namespace[eq.name])
        for name, values in ((self.x, xs), (self.y, ys)):
            dim = self.equations[name].dim
            setattr(
                self._group, name, values if dim.is_dimensionless else Quantity(values, dim=dim)
            )
        self.sim.network.store("initial")
        self.status = ""
        try:
            self.sim.rerun()
        except SimulationDiverged as err:
            self.status = f"a trajectory diverged: {err.message}"
        data_x = getattr(self._monitor, f"{self.x}_") / self.x_scale
        data_y = getattr(self._monitor, f"{self.y}_") / self.y_scale
        self.trajectories = [(data_x[k], data_y[k]) for k in range(len(self.starts))]

    # updating ------------------------------------------------------------------------
    def on_update(self, callback: Callable[[PhasePlaneModel], None]) -> None:
        """Call ``callback(model)`` after every recomputation."""
        self._listeners.append(callback)

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback(self)

    def _to_display(self, line: np.ndarray) -> np.ndarray:
        return np.column_stack((line[:, 0] / self.x_scale, line[:, 1] / self.y_scale))

    def update(self) -> None:
        """Recompute everything for the current parameter values."""
        self.field = self.vector_field()
        x_null, y_null = self.nullclines()
        self.x_nullcline = [self._to_display(line) for line in x_null]
        self.y_nullcline = [self._to_display(line) for line in y_null]
        self.points = self.fixed_points(x_null)
        self.run_trajectories()
        self._notify()

    @property
    def state(self) -> dict:
        """``x``, ``y`` (names), ``units``, ``fixed_points`` (list of dicts with
        ``x``, ``y``, ``kind``, ``eigenvalues``), ``n_nullcline_pieces``,
        ``starts``, ``trajectories`` (count), ``parameters``, ``warnings``, ``notes``
        (messages from building the model), ``status``."""
        return {
            "x": self.x,
            "y": self.y,
            "units": (self.x_unit, self.y_unit),
            "fixed_points": [
                {"x": p.x, "y": p.y, "kind": p.kind, "eigenvalues": p.eigenvalues.tolist()}
                for p in self.points
            ],
            "n_nullcline_pieces": (len(self.x_nullcline), len(self.y_nullcline)),
            "starts": list(self.starts),
            "trajectories": len(self.trajectories),
            "parameters": self.params.state,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "status": self.status,
        }
