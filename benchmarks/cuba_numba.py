"""CUBA written by hand in numba: the reference for what generated code can reach.

The same model as ``_brian2_networks.cuba`` (parameters read from there), with
the same connectivity statistics and Brian 2's schedule in each step:
integrate (``v`` exactly, unless refractory; ``ge`` and ``gi`` always), find
the neurons above threshold that are not refractory, deliver their spikes
(``ge += we`` from the excitatory rows, ``gi += wi`` from the inhibitory ones,
no delay), reset them.  Synapses are kept as two compressed sparse row
tables, drawn row by row with geometric gaps between successive targets
(each pair connected independently with probability ``p``).

Run as a script it prints one JSON line with the same keys as
``_brian2_networks.py`` (``warmup_s`` includes numba's compilation)::

    python cuba_numba.py --n 4000 --connections 80 --warmup-ms 10 --duration-ms 1000
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _brian2_networks as networks  # noqa: E402

MS, MV = 1e-3, 1e-3


@numba.njit(cache=True)
def random_rows(n_rows: int, n_post: int, p: float) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n_rows`` rows of synapses onto ``n_post`` targets, each pair with probability ``p``.

    Returns the compressed sparse row table: ``indptr`` (``n_rows + 1``
    offsets) and ``indices`` (the targets of row ``r`` are
    ``indices[indptr[r]:indptr[r + 1]]``, increasing).
    """
    indptr = np.zeros(n_rows + 1, np.int64)
    indices = np.empty(max(16, int(1.1 * n_rows * n_post * p)), np.int32)
    log_q = math.log1p(-p)
    count = 0
    for row in range(n_rows):
        target = -1
        while True:
            # the gap to the next target is geometric with success probability p
            target += 1 + int(math.log(1.0 - np.random.random()) / log_q)
            if target >= n_post:
                break
            if count == indices.size:
                grown = np.empty(2 * indices.size, np.int32)
                grown[:count] = indices
                indices = grown
            indices[count] = target
            count += 1
        indptr[row + 1] = count
    return indptr, indices[:count].copy()


@numba.njit(cache=True)
def seed(value: int) -> None:
    """Seed numba's random generator (it is separate from numpy's)."""
    np.random.seed(value)


@numba.njit(cache=True, nogil=True, boundscheck=False)
def simulate(
    v,
    ge,
    gi,
    last_spike,
    exc_indptr,
    exc_indices,
    inh_indptr,
    inh_indices,
    n_exc,
    tau_m,
    tau_e,
    tau_i,
    v_t,
    v_r,
    e_l,
    w_e,
    w_i,
    refractory,
    dt,
    first_step,
    n_steps,
):
    """Advance the network ``n_steps`` steps from ``first_step``; return the number of spikes.

    ``last_spike`` holds each neuron's last spike step (very negative if none).
    """
    n = v.shape[0]
    decay_m = math.exp(-dt / tau_m)
    decay_e = math.exp(-dt / tau_e)
    decay_i = math.exp(-dt / tau_i)
    # exact solution of dv/dt = (ge + gi - (v - El))/taum with exponentially
    # decaying ge, gi: each current adds its own difference of exponentials
    from_e = tau_e / (tau_e - tau_m) * (decay_e - decay_m)
    from_i = tau_i / (tau_i - tau_m) * (decay_i - decay_m)
    refractory_steps = round(refractory / dt)
    spiking = np.empty(n, np.int64)
    n_spikes = 0
    for step in range(first_step, first_step + n_steps):
        n_spiking = 0
        for k in range(n):
            if step - last_spike[k] >= refractory_steps:
                v[k] = e_l + (v[k] - e_l) * decay_m + ge[k] * from_e + gi[k] * from_i
                if v[k] > v_t:
                    spiking[n_spiking] = k
                    n_spiking += 1
            ge[k] *= decay_e
            gi[k] *= decay_i
        for s in range(n_spiking):
            source = spiking[s]
            if source < n_exc:
                for syn in range(exc_indptr[source], exc_indptr[source + 1]):
                    ge[exc_indices[syn]] += w_e
            else:
                row = source - n_exc
                for syn in range(inh_indptr[row], inh_indptr[row + 1]):
                    gi[inh_indices[syn]] += w_i
            v[source] = v_r
            last_spike[source] = step
        n_spikes += n_spiking
    return n_spikes


def session(n: int, connections: float, warmup_ms: float, duration_ms: float, seed_value: int):
    """Build and run the hand-written network; return the figures ``networks.py`` reads."""
    start = time.perf_counter()
    seed(seed_value)
    rng = np.random.default_rng(seed_value)
    p = connections / n
    n_exc = int(networks.EXCITATORY_FRACTION * n)
    exc_indptr, exc_indices = random_rows(n_exc, n, p)
    inh_indptr, inh_indices = random_rows(n - n_exc, n, p)
    v_t, v_r = networks.CUBA_V_T_MV * MV, networks.CUBA_V_R_MV * MV
    v = v_r + rng.random(n) * (v_t - v_r)
    ge, gi = np.zeros(n), np.zeros(n)
    last_spike = np.full(n, np.iinfo(np.int64).min // 2)
    build_s = time.perf_counter() - start

    dt = networks.DT_MS * MS
    constants = (
        n_exc,
        networks.CUBA_TAU_M_MS * MS,
        networks.CUBA_TAU_E_MS * MS,
        networks.CUBA_TAU_I_MS * MS,
        v_t,
        v_r,
        networks.CUBA_E_L_MV * MV,
        networks.CUBA_W_E_MV * MV,
        networks.CUBA_W_I_MV * MV,
        networks.CUBA_REFRACTORY_MS * MS,
        dt,
    )
    state = (v, ge, gi, last_spike, exc_indptr, exc_indices, inh_indptr, inh_indices)
    warmup_steps, steps = round(warmup_ms / networks.DT_MS), round(duration_ms / networks.DT_MS)
    start = time.perf_counter()
    simulate(*state, *constants, 0, warmup_steps)
    warmup_s = time.perf_counter() - start
    wall, cpu = time.perf_counter(), time.process_time()
    n_spikes = simulate(*state, *constants, warmup_steps, steps)
    return {
        "import_s": None,
        "build_s": build_s,
        "warmup_s": warmup_s,
        "run_wall_s": time.perf_counter() - wall,
        "run_cpu_s": time.process_time() - cpu,
        "n_spikes": int(n_spikes),
        "n_neurons": n,
        "n_synapses": int(exc_indices.size + inh_indices.size),
        "rss_import_mb": None,
        "rss_peak_mb": networks.peak_rss_mb(),
        "rss_end_mb": networks.current_rss_mb(),
    }


def main() -> None:
    """Parse the command line, run the session, print its figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4000, help="number of neurons")
    parser.add_argument(
        "--connections", type=float, default=80, help="expected synapses per neuron"
    )
    parser.add_argument("--warmup-ms", type=float, default=10.0)
    parser.add_argument("--duration-ms", type=float, default=1000.0)
    parser.add_argument("--seed", type=int, default=2007)
    args = parser.parse_args()
    figures = session(args.n, args.connections, args.warmup_ms, args.duration_ms, args.seed)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
