"""brianlab's notebook widgets: type equations, move sliders, watch traces.

Stock ipywidgets and matplotlib (ipympl for live figures with
``%matplotlib widget``; a static figure is shown again after each change
otherwise).  ``import brianlab`` never imports this package; ``import
brianlab.widgets`` does, and needs ipywidgets.

``Explorer``          editor + sliders + live plots + run controls, one call
``EquationEditor``    equations checked as you type, rendered as maths
``parameter_sliders`` sliders from units that write into a namespace
``PhasePlane``        nullclines, vector field, fixed points, trajectories
``FICurve``           firing rate against input current
``RunControls``       Run / Stop / live sliders / progress for a simulation
``brian2_script``     a model as a runnable Brian 2 script

The behaviour lives in :mod:`brianlab.widgets.models` (plain Python, no
ipywidgets), which the tests drive directly; the names above are imported
on first use, so the view-models work without ipywidgets.
"""

from importlib import import_module

#: Public name -> the submodule defining it (imported on first use, so that
#: ``brianlab.widgets.models`` can be used without loading ipywidgets).
_WHERE = {
    "Explorer": "explorer",
    "EquationEditor": "editor",
    "ParameterSliders": "sliders",
    "parameter_sliders": "sliders",
    "PhasePlane": "phaseplane",
    "FICurve": "ficurve",
    "RunControls": "controls",
    "FigureView": "display",
    "Brian2CodeView": "export",
    "brian2_script": "models.export",
    "ModelSpec": "models.simulation",
}

__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'brianlab.widgets' has no attribute '{name}'")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
