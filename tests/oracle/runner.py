"""Run oracle model scripts under Brian 2 or brianlab and collect their results.

An oracle model (``tests/oracle/models/*.py``) is a plain Brian 2 script: it
starts with ``from brian2 import *``, builds and runs a model, and assigns
``results``, a dict of plain numeric arrays (quantities divided by a unit).
This module executes such a script with one simulator and returns a
:class:`ModelRun`: the results, the simulation time step and the wall time.

Simulators:

``brian2``
    Brian 2 with the numpy code generation target (no C compiler needed).
``brian2-cython``
    Brian 2 with the Cython target; compiled code with different rounding,
    useful to check that the comparison tolerances are realistic.
``brianlab``
    brianlab, with ``sys.modules['brian2']`` pointing at it while the script
    runs, so the script's ``from brian2 import *`` imports brianlab.

Each model gets a fresh namespace, a fresh ``start_scope()`` and the default
time step of 0.1 ms, so several models can run in one process.  The model
files are trusted test code, which is why they are run with ``runpy``.

Command line (one fresh process; several model/output pairs run in turn)::

    python tests/oracle/runner.py <simulator> <model.py> <out.npz> [<model.py> <out.npz> ...]

A model that raises is saved with its traceback (see :func:`save_run`), and
the exit status is 1.
"""

from __future__ import annotations

import os
import runpy
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

SIMULATORS = ("brian2", "brian2-cython", "brianlab")

#: Keys of the saved ``.npz`` files that are not results.
_META_KEYS = ("__simulator__", "__dt_ms__", "__wall_s__", "__error__")


class ModelScriptError(Exception):
    """A model script broke the oracle's conventions (not a simulator failure)."""


@dataclass
class ModelRun:
    """What one simulator produced for one model script.

    Parameters
    ----------
    simulator : str
        One of :data:`SIMULATORS`.
    results : dict of str to numpy.ndarray
        The script's ``results``, as plain numeric arrays.
    dt_ms : float
        ``defaultclock.dt`` in ms after the script ran.
    wall_s : float
        Wall time of the script, in seconds.
    namespace : dict, optional
        The script's global namespace (only for in-process runs).
    """

    simulator: str
    results: dict[str, np.ndarray]
    dt_ms: float
    wall_s: float
    namespace: dict[str, Any] | None = field(default=None, repr=False, compare=False)


def _load_simulator(simulator: str) -> ModuleType:
    """Import the simulator's package, configured for oracle runs."""
    if simulator not in SIMULATORS:
        raise ValueError(f"unknown simulator {simulator!r}; choose one of {SIMULATORS}")
    # brianlab's star import brings pyplot; never open a window in tests.
    os.environ.setdefault("MPLBACKEND", "Agg")
    if simulator == "brianlab":
        import brianlab

        return brianlab
    import brian2

    brian2.prefs.codegen.target = "cython" if simulator == "brian2-cython" else "numpy"
    return brian2


def collect_results(namespace: dict[str, Any], script: Path) -> dict[str, np.ndarray]:
    """Check the script's ``results`` and turn every value into a numpy array.

    Parameters
    ----------
    namespace : dict
        The globals of the script after it ran.
    script : pathlib.Path
        The script, for error messages.

    Returns
    -------
    dict of str to numpy.ndarray
        Copies of the values, with integer, boolean or float dtype.

    Raises
    ------
    ModelScriptError
        If ``results`` is missing or not a dict, a key is not a plain name, or
        a value still has physical units or is not numeric.
    """
    results = namespace.get("results")
    if not isinstance(results, dict):
        raise ModelScriptError(
            f"{script.name} must end by assigning `results = {{...}}` (a dict of arrays); "
            f"got {type(results).__name__}"
        )
    collected = {}
    for key, value in results.items():
        if not isinstance(key, str) or not key.isidentifier() or key.startswith("__"):
            raise ModelScriptError(f"{script.name}: result key {key!r} must be a plain name")
        dim = getattr(value, "dim", None)
        if dim is not None and not getattr(dim, "is_dimensionless", True):
            raise ModelScriptError(
                f"{script.name}: results[{key!r}] still has units ({dim}); "
                "divide it by a unit, e.g. `mon.v/mV`"
            )
        array = np.array(value, copy=True)
        if array.dtype.kind not in "biuf":
            raise ModelScriptError(
                f"{script.name}: results[{key!r}] must be numeric, got dtype {array.dtype}"
            )
        collected[key] = array
    return collected


def run_model(script: Path | str, simulator: str) -> ModelRun:
    """Run one model script in this process.

    Parameters
    ----------
    script : pathlib.Path or str
        The model file.
    simulator : str
        One of :data:`SIMULATORS`.

    Returns
    -------
    ModelRun
        The results, time step, wall time and namespace of the run.
    """
    script = Path(script)
    sim = _load_simulator(simulator)
    previous = sys.modules.get("brian2")
    sys.modules["brian2"] = sim
    try:
        sim.start_scope()
        sim.defaultclock.dt = 0.1 * sim.ms
        start = time.perf_counter()
        namespace = runpy.run_path(str(script), run_name="__oracle_model__")
        wall_s = time.perf_counter() - start
        dt_ms = float(np.asarray(sim.defaultclock.dt / sim.ms))
    finally:
        if previous is None:
            del sys.modules["brian2"]
        else:
            sys.modules["brian2"] = previous
    return ModelRun(simulator, collect_results(namespace, script), dt_ms, wall_s, namespace)


def save_run(run: ModelRun, out: Path | str) -> None:
    """Save a run to an ``.npz`` file (written to a temporary name, then renamed).

    Parameters
    ----------
    run : ModelRun
        The run to save (its namespace is not saved).
    out : pathlib.Path or str
        Destination file.
    """
    meta = {
        "__simulator__": np.array(run.simulator),
        "__dt_ms__": np.array(run.dt_ms),
        "__wall_s__": np.array(run.wall_s),
    }
    _write_npz(Path(out), {**run.results, **meta})


def save_error(simulator: str, error_text: str, out: Path | str) -> None:
    """Save the traceback of a failed run in place of its results."""
    _write_npz(
        Path(out), {"__simulator__": np.array(simulator), "__error__": np.array(error_text)}
    )


def _write_npz(out: Path, arrays: dict[str, np.ndarray]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, out)


def load_run(path: Path | str) -> ModelRun:
    """Load a run saved by :func:`save_run`.

    Raises
    ------
    RuntimeError
        If the file holds the traceback of a failed run instead.
    """
    with np.load(path) as data:
        if "__error__" in data:
            raise RuntimeError(
                f"{data['__simulator__']} could not run the model:\n{data['__error__']}"
            )
        results = {key: data[key] for key in data.files if key not in _META_KEYS}
        return ModelRun(
            str(data["__simulator__"]),
            results,
            float(data["__dt_ms__"]),
            float(data["__wall_s__"]),
        )


def main(argv: list[str]) -> int:
    """Command-line entry point; see the module docstring."""
    if len(argv) < 3 or len(argv) % 2 == 0:
        print(__doc__, file=sys.stderr)
        return 2
    simulator, pairs = argv[0], argv[1:]
    status = 0
    for script, out in zip(pairs[0::2], pairs[1::2]):
        try:
            save_run(run_model(script, simulator), out)
        except Exception:
            save_error(simulator, traceback.format_exc(), out)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
