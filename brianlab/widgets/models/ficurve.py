"""The f–I curve: firing rate against input current, in one vectorised run.

:class:`FICurveModel` builds one group with one neuron per input value: the
input (``I`` by default) becomes a per-neuron parameter (``I : amp`` is
added to the equations when the model takes it from outside), each neuron
gets its own value, and a single run gives every rate at once.  Moving a
parameter slider re-runs the same compiled group from its stored state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from ...equations.equations import PARAMETER, Equations
from ...errors import UnitMismatchError, UnsupportedEquationsError
from ...monitors.spikemonitor import SpikeMonitor
from ...units import Quantity, format_dimension, get_dimensions, ms, nA, second
from .editor import external_names
from .parameters import ParameterSet, display_unit
from .simulation import ModelSpec, Simulation, captured_log, widget_object_name

__all__ = ["FICurveModel", "input_values"]


def input_values(currents, n: int) -> Quantity | np.ndarray:
    """The input of each neuron: ``n`` values evenly spaced over ``(low, high)``,
    or the given array as it is."""
    if isinstance(currents, tuple) and len(currents) == 2:
        low, high = currents
        dim = get_dimensions(low)
        if get_dimensions(high) != dim:
            raise UnitMismatchError(
                f"the ends of the input range must have the same units; got {low} and {high}.",
                "Write e.g. currents=(0*nA, 1*nA).",
                dim,
                get_dimensions(high),
            )
        values = np.linspace(float(np.asarray(low)), float(np.asarray(high)), n)
        return values if dim.is_dimensionless else Quantity(values, dim=dim)
    return currents


class FICurveModel:
    """Firing rate against input for a spiking model.

    Parameters
    ----------
    model : str or ModelSpec
        The model (it must have a threshold).
    currents : tuple or Quantity array
        ``(low, high)`` (with ``n`` values) or the input values themselves.
    n : int
        Number of input values for a ``(low, high)`` range.
    input : str
        The name of the input in the model.
    namespace : dict, optional
        Values of the external names; changed in place by the sliders.
    parameters : mapping, optional
        Slider specifications.
    threshold, reset, refractory, method
        The rest of the model when ``model`` is a string.
    duration : Quantity
        Simulated time; the rate is the spike count divided by it.
    initial : mapping, optional
        Initial values of state variables (quantities or strings like
        ``'E_L'``); without them variables start at 0, as in Brian 2.
    auto_parameters : bool
        Make sliders for the model's other numeric parameters.
    """

    def __init__(
        self,
        model: str | ModelSpec,
        *,
        currents=(0 * nA, 1 * nA),
        n: int = 50,
        input: str = "I",
        namespace: dict | None = None,
        parameters: Mapping | None = None,
        threshold: str | None = None,
        reset: str | None = None,
        refractory=False,
        method: str | None = None,
        duration: Quantity = 1 * second,
        initial: Mapping | None = None,
        auto_parameters: bool = True,
    ) -> None:
        spec = (
            model
            if isinstance(model, ModelSpec)
            else ModelSpec(model, threshold, reset, refractory, method)
        )
        if not spec.threshold:
            raise UnsupportedEquationsError(
                "an f-I curve counts spikes, but the model has no threshold.",
                "Give a threshold, e.g. threshold='v > -50*mV'.",
            )
        self.namespace = {} if namespace is None else namespace
        self.input = input
        values = input_values(currents, n)
        dim = get_dimensions(values)
        self.input_unit, self.input_scale = display_unit(dim)
        self.currents = np.asarray(values, dtype=float) / self.input_scale
        equations = Equations(spec.equations)
        if input in equations and equations[input].kind != PARAMETER:
            raise UnsupportedEquationsError(
                f"the input '{input}' is defined by an equation in this model; an f-I curve "
                "needs it as a value to set.",
                f"Use a parameter ('{input} : {format_dimension(dim)}') or an external value.",
            )
        if input not in equations:
            unit = "1" if dim.is_dimensionless else format_dimension(dim)
            spec = ModelSpec(
                spec.equations.rstrip("\n") + f"\n{input} : {unit}",
                spec.threshold,
                spec.reset,
                spec.refractory,
                spec.method,
            )
        self.spec = spec
        self.duration = duration
        self.params = ParameterSet(self.namespace, parameters)
        if auto_parameters:
            self.params.add_free(external_names(spec))
        self.notes: list[str] = []
        with captured_log(self.notes):
            group = spec.neuron_group(len(self.currents), self.namespace)
        setattr(group, input, values)
        for name, value in (initial or {}).items():
            setattr(group, name, value)
        self._monitor = SpikeMonitor(group, name=widget_object_name("spikemonitor"))
        self.sim = Simulation([group, self._monitor], self.namespace, duration)
        self.rates = np.zeros_like(self.currents)
        self.status = ""
        self._listeners: list[Callable[[FICurveModel], None]] = []
        self.params.on_change(lambda name, value: self.update())
        self.update()

    def on_update(self, callback: Callable[[FICurveModel], None]) -> None:
        """Call ``callback(model)`` after every recomputation."""
        self._listeners.append(callback)

    def update(self) -> None:
        """Run again from the initial state and recompute the rates."""
        self.sim.rerun()
        seconds = float(self.duration / second)
        self.rates = np.asarray(self._monitor.count, dtype=float) / seconds
        self.status = (
            f"{len(self.currents)} neurons, {float(self.duration / ms):g} ms, "
            f"{int(self._monitor.num_spikes)} spikes"
        )
        for callback in list(self._listeners):
            callback(self)

    @property
    def rheobase(self) -> float | None:
        """The smallest input (display unit) at which the neuron fires, or None."""
        firing = np.flatnonzero(self.rates > 0)
        return float(self.currents[firing[0]]) if firing.size else None

    @property
    def state(self) -> dict:
        """``currents`` (display unit), ``unit``, ``rates`` (Hz), ``rheobase``,
        ``parameters``, ``notes`` (messages from building the model), ``status``."""
        return {
            "currents": self.currents.tolist(),
            "unit": self.input_unit,
            "rates": self.rates.tolist(),
            "rheobase": self.rheobase,
            "parameters": self.params.state,
            "notes": list(self.notes),
            "status": self.status,
        }
