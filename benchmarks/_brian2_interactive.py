"""One learner's interactive session, timed: the worker behind ``interactive.py``.

The session is written once, in Brian 2's language, and runs under either
simulator: inside ``.venv-brian2`` with ``--simulator brian2`` (numpy or cython
target), or inside ``.venv`` with ``--simulator brianlab``.  It builds a
10-neuron leaky integrate-and-fire group with a StateMonitor, runs it for
100 ms (the *first run*: code generation and compilation included; the initial
state is ``store()``-d just before it), then does what a learner exploring a
parameter does: for each new value of ``tau``, ``restore()`` and ``run(100*ms)``
again, reading the traces each time (the *re-runs*).

It prints one JSON line: ``first_run_s``, ``rerun_s`` (one time per re-run)
and ``checksums`` (for the first run and each re-run, the sum of the recorded
``v`` in mV, so callers can check that every implementation computed the same
traces, and that each re-run used its new ``tau``).

Usage (normally started by ``interactive.py``)::

    python _brian2_interactive.py --simulator brian2 --target cython \
        --cython-cache /tmp/cache --repeats 20
"""

from __future__ import annotations

import argparse
import importlib
import json
import time
from types import ModuleType

import numpy as np

N_NEURONS = 10
E_L_MV = -70.0
V_TH_MV = -50.0
V_R_MV = -70.0
R_MOHM = 100.0
REFRACTORY_MS = 5.0
DURATION_MS = 100.0
MAX_CURRENT_NA = 0.45
MODEL = """
dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)
I : amp
"""


def tau_for_rerun(k: int) -> float:
    """Return the membrane time constant, in ms, that re-run ``k`` uses.

    Parameters
    ----------
    k : int
        0 for the first run, 1, 2, ... for the re-runs.

    Returns
    -------
    float
        10 ms for the first run, then a different value for every re-run.
    """
    return 10.0 * (1.0 + 0.05 * k)


def session(b: ModuleType, repeats: int) -> dict[str, object]:
    """Run the timed session with the simulator module ``b``.

    Parameters
    ----------
    b : module
        ``brian2`` or ``brianlab``, already configured.
    repeats : int
        How many re-runs with a changed ``tau`` to time.

    Returns
    -------
    dict
        ``first_run_s``, ``rerun_s`` and ``checksums`` (see the module docstring).
    """
    E_L = E_L_MV * b.mV
    V_th = V_TH_MV * b.mV  # noqa: F841 -- read by run() from this frame
    V_r = V_R_MV * b.mV  # noqa: F841
    R = R_MOHM * b.Mohm  # noqa: F841
    tau = tau_for_rerun(0) * b.ms  # noqa: F841 -- read by run() from this frame

    start = time.perf_counter()
    G = b.NeuronGroup(
        N_NEURONS,
        MODEL,
        threshold="v > V_th",
        reset="v = V_r",
        refractory=REFRACTORY_MS * b.ms,
        method="exact",
    )
    G.v = E_L
    G.I = np.linspace(0.0, MAX_CURRENT_NA, N_NEURONS) * b.nA
    M = b.StateMonitor(G, "v", record=True)
    b.store()
    b.run(DURATION_MS * b.ms)
    checksums = [float(np.sum(M.v / b.mV))]
    first_run_s = time.perf_counter() - start

    rerun_s = []
    for k in range(1, repeats + 1):
        tau = tau_for_rerun(k) * b.ms  # noqa: F841 -- read by run() from this frame
        start = time.perf_counter()
        b.restore()
        b.run(DURATION_MS * b.ms)
        checksums.append(float(np.sum(M.v / b.mV)))
        rerun_s.append(time.perf_counter() - start)
    return {"first_run_s": first_run_s, "rerun_s": rerun_s, "checksums": checksums}


def main() -> None:
    """Parse the command line, configure the simulator, run the session, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulator", choices=["brian2", "brianlab"], required=True)
    parser.add_argument("--target", choices=["numpy", "cython"], default="numpy")
    parser.add_argument("--cython-cache", help="Brian 2's cython cache directory")
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    b = importlib.import_module(args.simulator)
    if args.simulator == "brian2":
        b.prefs.codegen.target = args.target
        if args.cython_cache:
            b.prefs.codegen.runtime.cython.cache_dir = args.cython_cache
    print(json.dumps(session(b, args.repeats)))


if __name__ == "__main__":
    main()
