"""brianlab: Brian 2's language for spiking neural networks, compiled with numba,
made for teaching in Jupyter.

``from brianlab import *`` gives what ``from brian2 import *`` gives a course:

* the core (:mod:`brianlab.only`): units, ``NeuronGroup``, monitors, ``run``, …;
* numpy's functions (unit-aware through Quantity) and ``np``;
* pyplot's functions (``plot``, ``xlabel``, …) and ``plt``: matplotlib is
  imported on their first use, so even ``from brianlab import *`` stays fast.

Builtins shadowed on purpose: ``sum``, ``all`` and ``any`` (numpy's versions,
which also work on Quantities, as after ``from brian2 import *``).  ``min``,
``max``, ``abs``, ``round``, ``pow``, ``bool``, ``divmod`` stay Python's own,
so that ``max(2*ms, 0.1*ms)`` works.
"""

from __future__ import annotations

import sys

import numpy as np

from .only import *
from .only import __all__ as _core_names

__version__ = "0.1.0"

_SHADOW_OK = {"sum", "all", "any"}
_BUILTIN_CLASH = {"max", "min", "abs", "round", "bool", "pow", "divmod"}
_numpy_names = [
    n
    for n in np.__all__
    if not n.startswith("_") and n not in _BUILTIN_CLASH and n not in _core_names
]
_pylab_names = [
    # the pyplot functions courses use; resolved lazily by __getattr__ below
    "plt",
    "figure",
    "subplot",
    "subplots",
    "plot",
    "scatter",
    "hist",
    "bar",
    "errorbar",
    "imshow",
    "pcolormesh",
    "contour",
    "contourf",
    "quiver",
    "streamplot",
    "fill_between",
    "xlabel",
    "ylabel",
    "title",
    "suptitle",
    "legend",
    "xlim",
    "ylim",
    "xticks",
    "yticks",
    "axhline",
    "axvline",
    "axhspan",
    "axvspan",
    "vlines",
    "hlines",
    "text",
    "annotate",
    "grid",
    "tight_layout",
    "show",
    "savefig",
    "close",
    "gca",
    "gcf",
    "colorbar",
    "clf",
    "cla",
    "semilogx",
    "semilogy",
    "loglog",
    "step",
    "stem",
    "twinx",
    "twiny",
    "axis",
    "subplots_adjust",
    "tick_params",
    "margins",
    "box",
    "minorticks_on",
    "rc",
    "ion",
    "ioff",
    "draw",
    "pause",
]
_numpy_random = [
    "rand",
    "randn",
    "randint",
    "normal",
    "uniform",
    "poisson",
    "exponential",
    "choice",
    "permutation",
    "shuffle",
]

__all__ = [*_core_names, "np", *_numpy_names, *_numpy_random, *_pylab_names]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the installation
        raise ImportError(
            "plotting needs matplotlib, which is not installed (pip install matplotlib)"
        ) from None
    return plt


class _LazyPyplot:
    """``plt`` before matplotlib is imported: the first use imports it.

    ``from brianlab import *`` must bind pyplot's names, but importing
    matplotlib costs about a second on a cold machine; the course's first
    cells don't plot, so the import waits until the first plot.
    """

    def __getattr__(self, name: str):
        return getattr(_pyplot(), name)

    def __dir__(self):
        return dir(_pyplot())

    def __repr__(self) -> str:
        return repr(_pyplot())


def _lazy_function(name: str):
    def call(*args, **kwargs):
        return getattr(_pyplot(), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"matplotlib.pyplot.{name} (imported on first use)."
    return call


def __getattr__(name: str):
    if name in _pylab_names:
        if "matplotlib.pyplot" in sys.modules:
            plt = sys.modules["matplotlib.pyplot"]
            value = plt if name == "plt" else getattr(plt, name)
        elif name == "plt":
            value = _LazyPyplot()
        else:
            value = _lazy_function(name)
        return value
    if name in _numpy_random:
        value = getattr(np.random, name)
        globals()[name] = value
        return value
    if name in _numpy_names:
        value = getattr(np, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'brianlab' has no attribute '{name}'")
