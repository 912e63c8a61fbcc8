"""The core names of brianlab alone: ``from brianlab.only import *``.

Units, model objects, monitors, running and the errors — without numpy's or
matplotlib's namespaces.  Importing this module imports neither matplotlib
nor ipywidgets.
"""

from .config import config, prefs
from .core.base import start_scope
from .core.clock import Clock, defaultclock
from .core.device import device, get_device, reset_device, set_device
from .core.log import setup_logging
from .core.network import (
    Network,
    NetworkOperation,
    collect,
    network_operation,
    restore,
    run,
    store,
)
from .core.random import seed
from .equations import Equations
from .errors import (
    BrianlabError,
    DimensionMismatchError,
    EquationSyntaxError,
    InvalidArgumentTypeError,
    InvalidParameterError,
    MagicError,
    ResourceLimitError,
    SimulationDiverged,
    UnitMismatchError,
    UnknownIdentifierError,
    UnsupportedEquationsError,
)
from .groups.neurongroup import NeuronGroup
from .inputs import PoissonGroup, PoissonInput, SpikeGeneratorGroup, TimedArray
from .monitors.spikemonitor import EventMonitor, PopulationRateMonitor, SpikeMonitor
from .monitors.statemonitor import StateMonitor
from .synapses.synapses import Synapses
from .units import *
from .units import __all__ as _unit_names

setup_logging()

__all__ = [
    "config",
    "prefs",
    "start_scope",
    "Clock",
    "defaultclock",
    "device",
    "get_device",
    "reset_device",
    "set_device",
    "Network",
    "NetworkOperation",
    "collect",
    "network_operation",
    "run",
    "store",
    "restore",
    "seed",
    "Equations",
    "NeuronGroup",
    "PoissonGroup",
    "PoissonInput",
    "SpikeGeneratorGroup",
    "TimedArray",
    "Synapses",
    "StateMonitor",
    "SpikeMonitor",
    "EventMonitor",
    "PopulationRateMonitor",
    "BrianlabError",
    "DimensionMismatchError",
    "EquationSyntaxError",
    "InvalidArgumentTypeError",
    "InvalidParameterError",
    "MagicError",
    "ResourceLimitError",
    "SimulationDiverged",
    "UnitMismatchError",
    "UnknownIdentifierError",
    "UnsupportedEquationsError",
    *_unit_names,
]
