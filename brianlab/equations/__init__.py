"""brianlab.equations: model equations parsed from strings."""

from .equations import Equations, SingleEquation

__all__ = ["Equations", "SingleEquation"]
