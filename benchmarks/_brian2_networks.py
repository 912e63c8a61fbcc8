"""CUBA and COBAHH, timed: the worker behind ``networks.py``.

The two reference network benchmarks of Brette et al. (2007) are written once,
in Brian 2's language, and run under either simulator: inside
``.venv-brian2`` with ``--simulator brian2`` (``cython`` or ``cpp_standalone``
target), or inside ``.venv`` with ``--simulator brianlab``.

* **CUBA**: leaky integrate-and-fire neurons with exponential current-based
  synapses (voltage jumps of 1.62 mV and -9 mV), integrated exactly, 5 ms
  refractory period; the first 80 % of the neurons excite, the rest inhibit.
* **COBAHH**: Hodgkin-Huxley neurons (Traub and Miles channels) with
  exponential conductance-based synapses (6 nS and 67 nS), integrated with
  ``exponential_euler``, 3 ms refractory period; same 80/20 split.

Every neuron projects to each neuron with probability
``connections / n`` (``p = 0.02`` for the standard 4000 neurons and 80
connections), with two ``Synapses`` objects, one per presynaptic population.

One invocation builds one network, runs it for ``--warmup-ms`` (skipped when
0: the run that generates and compiles the code), then for ``--duration-ms``
(the timed run), and prints one JSON line:

``import_s``, ``build_s`` (creating the objects and connecting),
``warmup_s``, ``run_wall_s`` and ``run_cpu_s`` (the timed run; with
``cpp_standalone`` the wall time is unknown (null) and the CPU time is the one
the compiled program reports for its time loop), ``n_spikes`` (in the timed
run), ``n_neurons``, ``n_synapses``, ``rss_import_mb`` and ``rss_peak_mb``
(the process's peak resident memory after the import and at the end), and
``rss_end_mb`` (its resident memory at the end).

Usage (normally started by ``networks.py``)::

    python _brian2_networks.py --simulator brian2 --target cpp_standalone \
        --cache /tmp/project --model cobahh --n 4000
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

EXCITATORY_FRACTION = 0.8
DT_MS = 0.1

# CUBA's parameters, in ms and mV; cuba_numba.py reads them too.
CUBA_TAU_M_MS = 20.0
CUBA_TAU_E_MS = 5.0
CUBA_TAU_I_MS = 10.0
CUBA_V_T_MV = -50.0
CUBA_V_R_MV = -60.0
CUBA_E_L_MV = -49.0
CUBA_W_E_MV = 60 * 0.27 / 10
CUBA_W_I_MV = -20 * 4.5 / 10
CUBA_REFRACTORY_MS = 5.0

CUBA_EQUATIONS = """
dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
"""

# Membrane, leak, sodium, delayed-rectifier potassium and the two synaptic
# conductances; rate functions of the Traub-Miles channels (VT shifts them).
COBAHH_EQUATIONS = """
dv/dt = (gl*(El-v) + ge*(Ee-v) + gi*(Ei-v) - g_na*m**3*h*(v-ENa) - g_kd*n**4*(v-EK))/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dge/dt = -ge/taue : siemens
dgi/dt = -gi/taui : siemens
alpha_m = 1.28/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 1.4/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.16/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
"""


@dataclass
class Model:
    """A built benchmark network: what to run and where its spikes are counted."""

    network: Any
    spikes: Any
    synapses: list[Any]
    n_neurons: int


def cuba(b: ModuleType, n: int, p: float) -> Model:
    """Build the CUBA network of ``n`` neurons with connection probability ``p``.

    Parameters
    ----------
    b : module
        ``brian2`` or ``brianlab``.
    n : int
        Number of neurons.
    p : float
        Probability of a synapse from any neuron to any neuron.

    Returns
    -------
    Model
        The network, its SpikeMonitor and its two Synapses objects.
    """
    params = {
        "taum": CUBA_TAU_M_MS * b.ms,
        "taue": CUBA_TAU_E_MS * b.ms,
        "taui": CUBA_TAU_I_MS * b.ms,
        "Vt": CUBA_V_T_MV * b.mV,
        "Vr": CUBA_V_R_MV * b.mV,
        "El": CUBA_E_L_MV * b.mV,
        "we": CUBA_W_E_MV * b.mV,
        "wi": CUBA_W_I_MV * b.mV,
        "n_exc": int(EXCITATORY_FRACTION * n),
    }
    P = b.NeuronGroup(
        n,
        CUBA_EQUATIONS,
        threshold="v > Vt",
        reset="v = Vr",
        refractory=CUBA_REFRACTORY_MS * b.ms,
        method="exact",
        namespace=params,
    )
    P.v = "Vr + rand()*(Vt - Vr)"
    P.ge = 0 * b.mV
    P.gi = 0 * b.mV
    return _connect(b, P, "ge += we", "gi += wi", params, p)


def cobahh(b: ModuleType, n: int, p: float) -> Model:
    """Build the COBAHH network of ``n`` neurons with connection probability ``p``.

    Parameters
    ----------
    b : module
        ``brian2`` or ``brianlab``.
    n : int
        Number of neurons.
    p : float
        Probability of a synapse from any neuron to any neuron.

    Returns
    -------
    Model
        The network, its SpikeMonitor and its two Synapses objects.
    """
    area = 20000 * b.umetre**2
    params = {
        "Cm": 1 * b.ufarad * b.cm**-2 * area,
        "gl": 5e-5 * b.siemens * b.cm**-2 * area,
        "g_na": 100 * b.msiemens * b.cm**-2 * area,
        "g_kd": 30 * b.msiemens * b.cm**-2 * area,
        "El": -60 * b.mV,
        "EK": -90 * b.mV,
        "ENa": 50 * b.mV,
        "VT": -63 * b.mV,
        "Ee": 0 * b.mV,
        "Ei": -80 * b.mV,
        "taue": 5 * b.ms,
        "taui": 10 * b.ms,
        "we": 6 * b.nS,
        "wi": 67 * b.nS,
        "n_exc": int(EXCITATORY_FRACTION * n),
    }
    P = b.NeuronGroup(
        n,
        COBAHH_EQUATIONS,
        threshold="v > -20*mV",
        refractory=3 * b.ms,
        method="exponential_euler",
        namespace=params,
    )
    P.v = "El + (randn()*5 - 5)*mV"
    P.ge = "(randn()*1.5 + 4)*10*nS"
    P.gi = "(randn()*12 + 20)*10*nS"
    return _connect(b, P, "ge += we", "gi += wi", params, p)


def _connect(b: ModuleType, P: Any, on_excitatory: str, on_inhibitory: str, params, p) -> Model:
    """Connect ``P`` to itself, excitatory and inhibitory rows apart, and monitor it."""
    Ce = b.Synapses(P, P, on_pre=on_excitatory, namespace=params)
    Ci = b.Synapses(P, P, on_pre=on_inhibitory, namespace=params)
    Ce.connect("i < n_exc", p=p)
    Ci.connect("i >= n_exc", p=p)
    spikes = b.SpikeMonitor(P)
    return Model(b.Network(P, Ce, Ci, spikes), spikes, [Ce, Ci], len(P))


MODELS = {"cuba": cuba, "cobahh": cobahh}


def peak_rss_mb() -> float:
    """The peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float | None:
    """The resident memory of this process now, in MiB (None where /proc is missing)."""
    try:
        resident_pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return None
    return resident_pages * resource.getpagesize() / 1024**2


def session(args: argparse.Namespace) -> dict[str, object]:
    """Import the simulator, build the network, run it, and say how long each part took.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (see ``main``).

    Returns
    -------
    dict
        The figures listed in the module docstring.
    """
    start = time.perf_counter()
    b = importlib.import_module(args.simulator)
    import_s = time.perf_counter() - start
    rss_import_mb = peak_rss_mb()
    standalone = args.target == "cpp_standalone"
    if args.simulator == "brian2":
        if standalone:
            b.set_device("cpp_standalone", directory=args.cache, build_on_run=False)
        else:
            b.prefs.codegen.target = args.target
            if args.cache:
                b.prefs.codegen.runtime.cython.cache_dir = args.cache
    b.defaultclock.dt = DT_MS * b.ms
    b.seed(args.seed)

    start = time.perf_counter()
    model = MODELS[args.model](b, args.n, args.connections / args.n)
    build_s = time.perf_counter() - start

    warmup_s = 0.0
    if args.warmup_ms > 0:
        start = time.perf_counter()
        model.network.run(args.warmup_ms * b.ms)
        warmup_s = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    model.network.run(args.duration_ms * b.ms)
    run_wall_s, run_cpu_s = time.perf_counter() - wall, time.process_time() - cpu
    if standalone:
        b.device.build(directory=args.cache, compile=True, run=True, with_output=False)
        run_wall_s, run_cpu_s = None, b.device._last_run_time

    spike_times_ms = np.asarray(model.spikes.t / b.ms)
    return {
        "import_s": import_s,
        "build_s": build_s,
        "warmup_s": warmup_s,
        "run_wall_s": run_wall_s,
        "run_cpu_s": run_cpu_s,
        "n_spikes": int(np.count_nonzero(spike_times_ms >= args.warmup_ms - DT_MS / 2)),
        "n_neurons": model.n_neurons,
        "n_synapses": sum(len(s) for s in model.synapses),
        "rss_import_mb": rss_import_mb,
        "rss_peak_mb": peak_rss_mb(),
        "rss_end_mb": current_rss_mb(),
    }


def main() -> None:
    """Parse the command line, run the session, print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--simulator", choices=["brian2", "brianlab"], required=True)
    parser.add_argument("--target", choices=["cython", "cpp_standalone"], default="cython")
    parser.add_argument(
        "--cache", help="Brian 2's cython cache directory, or its standalone project directory"
    )
    parser.add_argument("--model", choices=sorted(MODELS), required=True)
    parser.add_argument("--n", type=int, default=4000, help="number of neurons")
    parser.add_argument(
        "--connections", type=float, default=80, help="expected synapses per neuron"
    )
    parser.add_argument("--warmup-ms", type=float, default=0.0)
    parser.add_argument("--duration-ms", type=float, default=1000.0)
    parser.add_argument("--seed", type=int, default=2007)
    print(json.dumps(session(parser.parse_args())))


if __name__ == "__main__":
    main()
