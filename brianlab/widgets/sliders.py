"""Parameter sliders: one stock ipywidgets slider per :class:`ParameterSpec`.

Log-scaled ranges get a ``FloatLogSlider``, others a ``FloatSlider``; each
is labelled with the parameter's name and unit (``tau (ms)``).  Moving a
slider calls :meth:`ParameterSet.set_value`, which writes the new value
into the model's namespace.
"""

from __future__ import annotations

import math

import ipywidgets as w

from .models.parameters import ParameterSet, ParameterSpec

__all__ = ["ParameterSliders", "parameter_sliders", "make_slider"]

#: Positions of a log slider per decade.
LOG_STEPS_PER_DECADE = 100


def make_slider(spec: ParameterSpec, value: float) -> w.Widget:
    """A slider for ``spec`` showing ``value`` (in the display unit)."""
    common = dict(
        description=spec.label,
        continuous_update=True,
        readout_format=".3g",
        style={"description_width": "initial"},
        layout=w.Layout(width="95%"),
    )
    if spec.log:
        return w.FloatLogSlider(
            value=value,
            base=10,
            min=math.log10(spec.low),
            max=math.log10(spec.high),
            step=1 / LOG_STEPS_PER_DECADE,
            **common,
        )
    step = spec.step or (spec.high - spec.low) / 200
    return w.FloatSlider(value=value, min=spec.low, max=spec.high, step=step, **common)


class ParameterSliders(w.VBox):
    """Sliders for the parameters of a :class:`ParameterSet`.

    Parameters
    ----------
    params : ParameterSet
        The parameters (and the namespace they write).
    names : list of str, optional
        Which sliders to show, in order (default: all).

    Attributes
    ----------
    sliders : dict
        Parameter name -> slider widget.
    """

    def __init__(self, params: ParameterSet, names: list[str] | None = None) -> None:
        self.params = params
        self.sliders: dict[str, w.Widget] = {}
        super().__init__()
        self.show(names)

    def show(self, names: list[str] | None = None) -> None:
        """Show sliders for ``names`` (default: all parameters), making new ones as needed."""
        names = list(self.params.specs) if names is None else names
        for name in names:
            if name not in self.sliders:
                slider = make_slider(self.params.specs[name], self.params.value(name))
                slider.observe(self._moved(name), names="value")
                self.sliders[name] = slider
        self.children = [self.sliders[n] for n in names]

    def _moved(self, name: str):
        def handler(change) -> None:
            snapped = self.params.set_value(name, change["new"])
            if snapped != change["new"]:
                self.sliders[name].value = snapped

        return handler

    @property
    def state(self) -> dict:
        """The parameter set's state (values, units, ranges)."""
        return self.params.state


def parameter_sliders(namespace: dict, **specs) -> ParameterSliders:
    """Sliders that write into ``namespace``: ``parameter_sliders(ns, tau=(1*ms, 100*ms))``.

    Parameters
    ----------
    namespace : dict
        The dict a model was created with (``NeuronGroup(..., namespace=ns)``).
    **specs
        ``name=(low, high)`` or ``name=(low, high, step)`` with units; a
        name already in ``namespace`` starts at its value.  With no specs,
        every numeric entry of ``namespace`` gets an automatic range.

    Examples
    --------
    >>> from brianlab import ms
    >>> ns = {'tau': 10*ms}
    >>> sliders = parameter_sliders(ns, tau=(1*ms, 100*ms))
    >>> sliders.sliders['tau'].value = 20
    >>> ns['tau']
    20. * msecond
    """
    params = ParameterSet(namespace, specs)
    if not specs:
        params.add_free(list(namespace))
    return ParameterSliders(params)
