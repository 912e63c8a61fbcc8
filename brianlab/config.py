"""brianlab's settings: limits, the compiled-kernel cache, JIT on/off, and
Brian 2's ``prefs`` accepted for compatibility.

Everything lives on the module-level :data:`config` object::

    import brianlab
    brianlab.config.limits.max_neurons = 2_000_000
    brianlab.config.jit = False          # run the generated code as Python

Environment variables set the defaults: ``BRIANLAB_CACHE_DIR`` (where compiled
kernels are kept), ``BRIANLAB_JIT=0`` or ``NUMBA_DISABLE_JIT=1`` (no numba),
``BRIANLAB_DEBUG=1`` (show brianlab's internal frames in errors),
``BRIANLAB_PYTHON_FIRST_RUN=0`` (never run a first run as Python while numba
compiles; see :attr:`Config.python_first_run_work`), ``BRIANLAB_QUICK_EXIT=0``
(let Python's last garbage collections run at exit; see :attr:`Config.quick_exit`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["config", "prefs", "Limits", "Config"]


@dataclass
class Limits:
    """Resource limits checked *before* anything is allocated or run.

    Attributes
    ----------
    max_neurons : int
        Largest NeuronGroup.
    max_synapses : int
        Largest number of synapses of one Synapses object.
    max_monitor_bytes : int
        Largest memory one monitor may use for one run.
    max_total_bytes : int
        Largest memory one allocation may take.
    max_steps : int
        Largest number of time steps of one ``run()``.
    max_work : float
        Largest estimated work (steps x neurons + steps x synapses) per run.
    """

    max_neurons: int = 1_000_000
    max_synapses: int = 50_000_000
    max_monitor_bytes: int = 2 * 1024**3
    max_total_bytes: int = 4 * 1024**3
    max_steps: int = 100_000_000
    max_work: float = 1e12


def _default_cache_dir() -> Path:
    env = os.environ.get("BRIANLAB_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "brianlab"


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in ("", "0", "false", "no", "off")


@dataclass
class Config:
    """brianlab's settings (see the module docstring)."""

    limits: Limits = field(default_factory=Limits)
    cache_dir: Path = field(default_factory=_default_cache_dir)
    jit: bool = field(
        default_factory=lambda: (
            _env_flag("BRIANLAB_JIT", True) and not _env_flag("NUMBA_DISABLE_JIT", False)
        )
    )
    debug: bool = field(default_factory=lambda: _env_flag("BRIANLAB_DEBUG", False))
    #: seconds of wall time one compiled chunk should take at most
    chunk_seconds: float = 0.1
    #: check state variables for NaN/inf between chunks
    check_finite: bool = True
    #: largest first run (steps x (neurons + synapses + objects)) that starts as
    #: Python while numba compiles the kernel in the background; 0 turns it off
    python_first_run_work: float = field(
        default_factory=lambda: 2e6 if _env_flag("BRIANLAB_PYTHON_FIRST_RUN", True) else 0.0
    )
    #: a first run started as Python goes on as Python only while the rest of
    #: it is expected to take at most this many seconds; then it waits for numba
    python_first_run_seconds: float = 0.5
    #: at exit, freeze the heap so that Python's shutdown collections skip
    #: numba's objects (0.3 s per process); objects in reference cycles are
    #: then not finalized at exit, which Python does not promise anyway
    quick_exit: bool = field(default_factory=lambda: _env_flag("BRIANLAB_QUICK_EXIT", True))


config = Config()


class _PrefNode:
    """A node of Brian 2's ``prefs`` tree; any attribute can be read or set.

    brianlab has one code generation target (numba), so Brian's preferences
    (``prefs.codegen.target = 'numpy'``, ``'cython'``, …) are accepted and
    remembered but change nothing.
    """

    def __init__(self, path: str = "prefs") -> None:
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_values", {})

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        values = object.__getattribute__(self, "_values")
        if name not in values:
            values[name] = _PrefNode(f"{self._path}.{name}")
        return values[name]

    def __setattr__(self, name: str, value) -> None:
        self._values[name] = value

    def __getitem__(self, key: str):
        node = self
        for part in key.split("."):
            node = getattr(node, part)
        return node

    def __setitem__(self, key: str, value) -> None:
        *parents, last = key.split(".")
        node = self
        for part in parents:
            node = getattr(node, part)
        setattr(node, last, value)

    def __repr__(self) -> str:
        return f"<{self._path}>"


#: Brian 2's preferences object, accepted for compatibility.
prefs = _PrefNode()
prefs.codegen.target = "numba"
prefs.core.default_float_dtype = "float64"
