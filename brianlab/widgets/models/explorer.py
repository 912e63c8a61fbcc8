"""The explorer's behaviour: editor, sliders, simulation and plots in one object.

Two modes:

*single neuron*
    The model comes from an :class:`~.editor.EditorModel`.  If the model
    uses an input (``I`` by default) that it does not define, the explorer
    drives it with a current step ``I = I_amp*int(t >= I_start)*int(t <
    I_stop)`` whose amplitude and timing are sliders.  Every valid edit
    builds (and compiles) the model once; slider moves re-run it from the
    stored initial state.
*network*
    A function ``build(namespace)`` returns the objects of a small network
    (groups created with ``namespace=namespace``, or without a namespace at
    all: the explorer's namespace is also the run namespace).  Its monitors
    are plotted; sliders act on the namespace.

In both modes a slider move changes a kernel argument only: nothing is
recompiled.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

import numpy as np

from ...core.network import Network
from ...equations.equations import Equations
from ...units import Quantity, amp, format_dimension, get_dimensions, ms, second
from .editor import EditorModel, external_names
from .export import brian2_script
from .parameters import ParameterSet, display_unit, is_parameter_value, parameter_spec
from .plots import LiveFigure, RasterPanel, RatePanel, TracePanel, make_figure
from .simulation import ModelSpec, Simulation, captured_log, widget_object_name

__all__ = ["ExplorerModel", "stimulus_equation"]

#: Seconds between two figure updates during a long run.
LIVE_REDRAW_PERIOD = 0.1


def stimulus_equation(name: str, dim) -> str:
    """The line that makes input ``name`` a current step, e.g. ``I = I_amp*… : amp``.

    The step is ``(constant over dt)``: it takes its value at the start of
    each time step and keeps it during the step, as a stimulator switching
    between steps does; the equations then stay linear with constant
    coefficients over a step, so ``method='exact'`` can integrate them.
    """
    unit = "1" if dim.is_dimensionless else format_dimension(dim)
    return (
        f"{name} = {name}_amp*int(t >= {name}_start)*int(t < {name}_stop) : {unit} "
        "(constant over dt)  # added by the explorer"
    )


class ExplorerModel:
    """Editor + parameters + simulation + live figure.

    Parameters
    ----------
    model : str or ModelSpec, optional
        Equations of a single neuron (single-neuron mode).
    threshold, reset, refractory, method
        The other fields of the single-neuron model.
    network : callable, optional
        ``build(namespace) -> objects`` (network mode; exclusive with ``model``).
    parameters : mapping, optional
        Sliders: name -> ``(low, high[, step])`` or ParameterSpec.  For the
        input current, ``I=(0*nA, 1*nA)`` sets the amplitude's range.
    namespace : dict, optional
        The external values; changed in place by the sliders.
    initial : mapping, optional
        Initial values of state variables (quantities or strings like ``'E_L'``).
    record : list of str, optional
        Variables to plot (default: every state variable, and the input).
    input : str or None
        The input driven by a current step, if the model uses it without
        defining it (None: no stimulus).
    duration : Quantity
        Simulated time of each run.
    auto_parameters : bool
        Make sliders for every other numeric parameter of the model.
    delay, call_later
        The editor's debounce (see :class:`~.editor.Debouncer`).
    """

    def __init__(
        self,
        model: str | ModelSpec | None = None,
        *,
        threshold: str = "",
        reset: str = "",
        refractory: str | Quantity = "",
        method: str | None = None,
        network: Callable[[dict], object] | None = None,
        parameters: Mapping | None = None,
        namespace: dict | None = None,
        initial: Mapping | None = None,
        record: list[str] | None = None,
        input: str | None = "I",
        duration: Quantity = 100 * ms,
        auto_parameters: bool = True,
        delay: float = 0.3,
        call_later: Callable | None = None,
    ) -> None:
        if (model is None) == (network is None):
            raise TypeError("give either a model (equations) or network=<function>, not both")
        self.namespace = {} if namespace is None else namespace
        self.duration = duration
        self.initial = dict(initial or {})
        self.record = record
        self.auto_parameters = auto_parameters
        self.build_function = network
        self.input = None
        self.params = ParameterSet(self.namespace)
        self.sim: Simulation | None = None
        self.figure: LiveFigure | None = None
        self.last_rerun_seconds = 0.0
        self.status = ""
        self.notes: list[str] = []
        self._pending_rerun = False
        self._draw = True
        self._last_live_draw = 0.0
        self._rebuild_listeners: list[Callable[[ExplorerModel], None]] = []
        self._rerun_listeners: list[Callable[[ExplorerModel], None]] = []
        parameters = dict(parameters or {})
        if isinstance(model, ModelSpec):
            threshold, reset = model.threshold or "", model.reset or ""
            refractory, method = model.refractory or "", model.method
            model = model.equations
        self.editor: EditorModel | None = None
        if network is None:
            self._setup_input(model, input, parameters)
            for name, spec in parameters.items():
                self.params.add(name, spec)
            self.editor = EditorModel(
                model,
                threshold,
                reset,
                refractory,
                method,
                self.namespace,
                delay=delay,
                call_later=call_later,
            )
            if self.editor.valid is None:
                raise ValueError(
                    "the explorer's starting model has an error: "
                    f"{self.editor.error.message} {self.editor.error.hint}"
                )
            self.editor.on_valid(self._rebuild_single)
            self._rebuild_single(self.editor.valid)
        else:
            for name, spec in parameters.items():
                self.params.add(name, spec)
            self._rebuild_network()
        self.params.on_change(self._parameter_changed)

    # set-up --------------------------------------------------------------------
    def _setup_input(self, equations: str, name: str | None, parameters: dict) -> None:
        if name is None or name in Equations(equations):
            return
        if name not in Equations(equations).names_used():
            return
        self.input = name
        amplitude = parameters.pop(name, None) or parameters.pop(f"{name}_amp", None)
        current = self.namespace.get(name)
        known = is_parameter_value(current)
        dim = get_dimensions(current) if known else amp.dim
        if amplitude is None:
            value = float(np.asarray(current)) if known else 0.0
            reach = 2 * value if value else display_unit(dim)[1]
            low, high = sorted((0.0, reach))
            amplitude = (Quantity(low, dim=dim), Quantity(high, dim=dim))
        spec = parameter_spec(f"{name}_amp", amplitude, current if known else None)
        self.stimulus_dim = spec.dim
        self.params.add(f"{name}_amp", spec)
        total = float(self.duration / ms)
        self.params.add(
            f"{name}_start",
            parameters.pop(f"{name}_start", (0 * ms, self.duration)),
        )
        self.params.add(
            f"{name}_stop",
            parameters.pop(f"{name}_stop", (0 * ms, self.duration)),
        )
        self.params.set_value(f"{name}_start", 0.1 * total)
        self.params.set_value(f"{name}_stop", 0.9 * total)
        # the editor checks the learner's text, in which the input is an external name
        self.namespace[name] = self.namespace[f"{name}_amp"]

    def run_spec(self, spec: ModelSpec | None = None) -> ModelSpec:
        """The model actually simulated: the editor's, plus the stimulus line."""
        spec = spec or self.editor.valid
        if self.input is None or self.input in Equations(spec.equations):
            return spec
        line = stimulus_equation(self.input, self.stimulus_dim)
        return replace(spec, equations=spec.equations.rstrip("\n") + "\n" + line)

    def _recorded(self, spec: ModelSpec) -> list[str]:
        equations = Equations(spec.equations)
        if self.record is not None:
            return [v for v in self.record if v in equations]
        names = equations.diff_eq_names
        if self.input is not None and self.input in equations:
            names = [*names, self.input]
        return names

    def _rebuild_single(self, spec: ModelSpec) -> None:
        run_spec = self.run_spec(spec)
        if self.auto_parameters:
            self.params.add_free([n for n in external_names(spec) if n != self.input])
        self.notes = []
        with captured_log(self.notes):
            group = run_spec.neuron_group(1, self.namespace)
        for name, value in self.initial.items():
            if name in group.variables:
                setattr(group, name, value)
        from ...monitors.spikemonitor import SpikeMonitor
        from ...monitors.statemonitor import StateMonitor

        recorded = self._recorded(run_spec)
        objects = [
            group,
            StateMonitor(group, recorded, record=True, name=widget_object_name("statemonitor")),
        ]
        if run_spec.threshold:
            objects.append(SpikeMonitor(group, name=widget_object_name("spikemonitor")))
        self._install(objects)

    def _rebuild_network(self) -> None:
        built = self.build_function(self.namespace)
        if isinstance(built, Network):
            objects = list(built.objects)
        elif isinstance(built, Iterable):
            objects = list(built)
        else:
            objects = [built]
        if self.auto_parameters:
            self.params.add_free(list(self.namespace))
        self._install(objects)

    def _install(self, objects: list) -> None:
        self.sim = Simulation(objects, self.namespace, self.duration)
        self.sim.on_chunk(self._chunk)
        self.sim.on_finish(self._finished)
        self.figure = self._make_figure()
        for callback in list(self._rebuild_listeners):
            callback(self)
        self.rerun()

    def _make_figure(self) -> LiveFigure:
        sim = self.sim
        rows = []
        for monitor in sim.state_monitors:
            rows += [("trace", monitor, var) for var in monitor.record_variables]
        rows += [("raster", m, None) for m in sim.spike_monitors if m.source.N > 1]
        rows += [("rate", m, None) for m in sim.rate_monitors]
        fig, axes = make_figure(max(1, len(rows)))
        duration = float(self.duration / second)
        panels = []
        for ax, (kind, monitor, var) in zip(axes, rows):
            if kind == "trace":
                panels.append(TracePanel(ax, monitor, var, duration))
            elif kind == "raster":
                panels.append(RasterPanel(ax, monitor, duration))
            else:
                panels.append(RatePanel(ax, monitor, duration))
        return LiveFigure(fig, panels)

    # events --------------------------------------------------------------------
    def on_rebuild(self, callback: Callable[[ExplorerModel], None]) -> None:
        """Call ``callback(explorer)`` after a new model was built (new figure, sliders)."""
        self._rebuild_listeners.append(callback)

    def on_rerun(self, callback: Callable[[ExplorerModel], None]) -> None:
        """Call ``callback(explorer)`` after each completed re-run."""
        self._rerun_listeners.append(callback)

    def _parameter_changed(self, name: str, value) -> None:
        if self.input is not None and name == f"{self.input}_amp":
            self.namespace[self.input] = value
        if self.sim.running:
            if not self.sim.live:
                self._pending_rerun = True
            return
        self.rerun()

    def rerun(self, *, draw: bool = True) -> None:
        """Run again from the initial state with the current values, then update the plots.

        Parameters
        ----------
        draw : bool
            False to update the plotted data without drawing (benchmarks).
        """
        began = time.perf_counter()
        self._draw = draw
        try:
            self.sim.rerun()
        except Exception as err:  # shown as status, the widget keeps working
            self.status = f"run failed: {getattr(err, 'full_message', err)}"
            return
        finally:
            self._draw = True
        self.last_rerun_seconds = time.perf_counter() - began
        self.status = (
            f"simulated {float(self.duration / ms):g} ms in {self.last_rerun_seconds * 1e3:.1f} ms"
        )
        for callback in list(self._rerun_listeners):
            callback(self)

    def run(
        self, duration: Quantity | None = None, *, background: bool = True, live: bool = False
    ):
        """A long run from the initial state, with progress, Stop and live sliders.

        Returns the background thread (or None).
        """
        return self.sim.rerun(duration, background=background, live=live)

    def stop(self) -> None:
        """Stop a long run at its next chunk."""
        self.sim.stop()

    def _chunk(self, sim: Simulation) -> None:
        # during runs longer than LIVE_REDRAW_PERIOD, redraw at that period
        elapsed = sim.state["elapsed"]
        if elapsed - self._last_live_draw >= LIVE_REDRAW_PERIOD:
            self._last_live_draw = elapsed
            self.figure.update()

    def _finished(self, sim: Simulation) -> None:
        self._last_live_draw = 0.0
        self.figure.update(draw=self._draw)
        self.status = sim.state["status"]
        if self._pending_rerun and not sim.state["error"]:
            self._pending_rerun = False
            self.rerun()

    # export --------------------------------------------------------------------
    def brian2_code(self) -> str:
        """The current single-neuron model as a runnable Brian 2 script."""
        if self.editor is None:
            raise TypeError(
                "a network explorer runs your own function; its code already is the model."
            )
        run_spec = self.run_spec()
        record = self._recorded(run_spec)
        return brian2_script(
            run_spec,
            self.namespace,
            duration=self.duration,
            initial=self.initial,
            record=[r for r in record if r in Equations(run_spec.equations).diff_eq_names],
        )

    # state -----------------------------------------------------------------------
    def visible_parameters(self) -> list[str]:
        """The sliders that matter for the current model, in order."""
        if self.editor is None:
            return list(self.params.specs)
        used = set(external_names(self.run_spec()))
        return [name for name in self.params.specs if name in used]

    @property
    def state(self) -> dict:
        """``mode``, ``editor`` (its state, or None), ``parameters``, ``visible``,
        ``run`` (the simulation's state), ``figure``, ``status``, ``notes`` (messages
        from building the model, e.g. the integration method chosen)."""
        return {
            "mode": "network" if self.editor is None else "single neuron",
            "editor": None if self.editor is None else self.editor.state,
            "parameters": self.params.state,
            "visible": self.visible_parameters(),
            "run": self.sim.state,
            "figure": self.figure.state,
            "status": self.status,
            "notes": list(self.notes),
        }
