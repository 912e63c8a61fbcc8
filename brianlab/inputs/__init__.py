"""brianlab.inputs: spike sources and input currents (PoissonGroup,
SpikeGeneratorGroup, PoissonInput, TimedArray)."""

from .poissongroup import PoissonGroup
from .poissoninput import PoissonInput
from .spikegenerator import SpikeGeneratorGroup
from .timedarray import TimedArray

__all__ = ["PoissonGroup", "PoissonInput", "SpikeGeneratorGroup", "TimedArray"]
