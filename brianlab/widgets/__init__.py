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
ipywidgets), which the tests drive directly.
"""

from .controls import RunControls
from .display import FigureView
from .editor import EquationEditor
from .explorer import Explorer
from .export import Brian2CodeView
from .ficurve import FICurve
from .models.export import brian2_script
from .models.simulation import ModelSpec
from .phaseplane import PhasePlane
from .sliders import ParameterSliders, parameter_sliders

__all__ = [
    "Explorer",
    "EquationEditor",
    "ParameterSliders",
    "parameter_sliders",
    "PhasePlane",
    "FICurve",
    "RunControls",
    "FigureView",
    "Brian2CodeView",
    "brian2_script",
    "ModelSpec",
]
