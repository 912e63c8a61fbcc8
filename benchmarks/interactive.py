"""How long a learner waits: importing, the first run of a model, and re-runs.

Run it from brianlab's environment::

    .venv/bin/python benchmarks/interactive.py [--repeats 20] [--imports 5]

The model is a 10-neuron leaky integrate-and-fire group (per-neuron input
current, threshold, reset, 5 ms refractory period with ``(unless
refractory)``) simulated for 100 ms with a StateMonitor on ``v`` (1000 steps
of 0.1 ms).  The session itself is in ``_brian2_interactive.py``; every number
comes from a fresh process:

* ``import``: median over ``--imports`` processes of ``import <simulator>``.
* ``first run, empty cache``: building the objects and the first ``run()``,
  code generation and compilation included, with an empty disk cache
  (``BRIANLAB_CACHE_DIR``/``NUMBA_CACHE_DIR``/Brian 2's cython cache pointed
  at a new temporary folder).
* ``first run, warm cache``: the same in a new process that finds the cache
  the previous one filled.
* ``re-run``: median over ``--repeats`` re-runs in which ``tau`` changes
  each time, the learner's exploring loop: ``restore()``, ``run(100*ms)``,
  read the traces.
* ``1st re-run, empty / warm cache``: the first re-run alone, in the
  empty-cache process and in the warm-cache one.  brianlab runs a small first
  run as plain Python while numba compiles in a background thread, and a
  re-run that comes before the compiler is done waits for it: in a script
  that re-runs at once, this is where the compilation shows.

Rows: brianlab; Brian 2 with its numpy and cython targets (run inside
``.venv-brian2`` when it exists); and the same model written by hand as one
numba loop, the best achievable.  Each row's ``checksums`` column says whether
its traces, in the first run and in every re-run, match the hand-written loop's.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numba
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "_brian2_interactive.py"
sys.path[:0] = [str(ROOT), str(HERE)]

import _brian2_interactive as session  # noqa: E402

from dev import BRIAN2_VENV, venv_python, worker_environment  # noqa: E402

BRIAN2_PYTHON = venv_python(BRIAN2_VENV)
CHECKSUM_RTOL = 1e-9


@numba.njit(cache=True)
def lif_loop(v0, current, tau, e_l, v_th, v_r, r, refractory, dt, n_steps):
    """Simulate the benchmark model by hand; return the recorded ``v`` (neuron x step).

    Same scheduling as Brian 2: ``v`` is recorded at the start of each step,
    then integrated exactly unless refractory, then thresholded and reset.  A
    neuron is refractory for ``refractory`` after its spike, counted in steps.
    """
    n = v0.shape[0]
    v = v0.copy()
    trace = np.empty((n, n_steps))
    refractory_steps = round(refractory / dt)
    last_spike = np.full(n, -refractory_steps)
    decay = math.exp(-dt / tau)
    for step in range(n_steps):
        for k in range(n):
            trace[k, step] = v[k]
            if step - last_spike[k] >= refractory_steps:
                v_inf = e_l + r * current[k]
                v[k] = v_inf + (v[k] - v_inf) * decay
                if v[k] > v_th:
                    v[k] = v_r
                    last_spike[k] = step
    return trace


def numba_session(repeats: int) -> dict[str, object]:
    """Time the hand-written loop like ``_brian2_interactive.session`` times a simulator."""
    mv, ms = 1e-3, 1e-3
    dt = 0.1 * ms
    current = np.linspace(0.0, session.MAX_CURRENT_NA * 1e-9, session.N_NEURONS)
    constants = (
        session.E_L_MV * mv,
        session.V_TH_MV * mv,
        session.V_R_MV * mv,
        session.R_MOHM * 1e6,
        session.REFRACTORY_MS * ms,
        dt,
        round(session.DURATION_MS * ms / dt),
    )

    def simulate(tau_ms: float) -> float:
        v0 = np.full(session.N_NEURONS, session.E_L_MV * mv)
        trace = lif_loop(v0, current, tau_ms * ms, *constants)
        return float(np.sum(trace / mv))

    start = time.perf_counter()
    checksums = [simulate(session.tau_for_rerun(0))]
    first_run_s = time.perf_counter() - start
    rerun_s = []
    for k in range(1, repeats + 1):
        start = time.perf_counter()
        checksums.append(simulate(session.tau_for_rerun(k)))
        rerun_s.append(time.perf_counter() - start)
    return {"first_run_s": first_run_s, "rerun_s": rerun_s, "checksums": checksums}


@dataclass
class Contender:
    """One row of the table: how to start its session, and where its cache lives."""

    label: str
    python: Path
    args: list[str]
    import_name: str | None = None
    cache_env: tuple[str, ...] = ()
    cache_arg: str | None = None

    def command(self, repeats: int, cache: str) -> tuple[list[str], dict[str, str]]:
        """The command line and environment of one fresh process using ``cache``."""
        args = [*self.args, "--repeats", str(repeats)]
        if self.cache_arg:
            args += [self.cache_arg, cache]
        env = worker_environment(**{name: cache for name in self.cache_env})
        return [str(self.python), *args], env


@dataclass
class Row:
    """What was measured for one contender (None: not measured)."""

    label: str
    import_s: float | None = None
    cold_s: float | None = None
    warm_s: float | None = None
    rerun_s: float | None = None
    first_rerun_cold_s: float | None = None
    first_rerun_warm_s: float | None = None
    checksums: list[float] | None = None
    error: str | None = None


def run_json(cmd: Sequence[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """Run ``cmd`` and return the JSON object its last output line holds."""
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise RuntimeError(lines[-1])
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_time(python: Path, module: str, samples: int) -> float:
    """Median time of ``import module`` over ``samples`` fresh interpreters."""
    probe = (
        "import json, time; t = time.perf_counter(); "
        f"import {module}; print(json.dumps(time.perf_counter() - t))"
    )
    return statistics.median(
        float(run_json([str(python), "-c", probe], worker_environment())) for _ in range(samples)
    )


def measure(contender: Contender, repeats: int, imports: int) -> Row:
    """Time one contender: import, a cold first run with re-runs, then a warm first run."""
    row = Row(contender.label)
    print(f"measuring {contender.label} ...", flush=True)
    try:
        if contender.import_name:
            row.import_s = import_time(contender.python, contender.import_name, imports)
        with tempfile.TemporaryDirectory(prefix="brianlab-bench-") as cache:
            cold = run_json(*contender.command(repeats, cache))
            warm = run_json(*contender.command(1, cache))
    except RuntimeError as error:
        row.error = str(error)
        return row
    row.cold_s = cold["first_run_s"]
    row.warm_s = warm["first_run_s"]
    row.rerun_s = statistics.median(cold["rerun_s"]) if cold["rerun_s"] else None
    row.first_rerun_cold_s = cold["rerun_s"][0] if cold["rerun_s"] else None
    row.first_rerun_warm_s = warm["rerun_s"][0] if warm["rerun_s"] else None
    row.checksums = cold["checksums"]
    return row


def contenders(include_brian2: bool) -> list[Contender]:
    """The rows to measure."""
    worker = [str(WORKER), "--simulator"]
    rows = [
        Contender(
            "brianlab",
            Path(sys.executable),
            [*worker, "brianlab"],
            import_name="brianlab",
            cache_env=("BRIANLAB_CACHE_DIR", "NUMBA_CACHE_DIR"),
        )
    ]
    if include_brian2 and BRIAN2_PYTHON.exists():
        rows += [
            Contender("Brian 2, numpy", BRIAN2_PYTHON, [*worker, "brian2"], import_name="brian2"),
            Contender(
                "Brian 2, cython",
                BRIAN2_PYTHON,
                [*worker, "brian2", "--target", "cython"],
                cache_arg="--cython-cache",
            ),
        ]
    rows.append(
        Contender(
            "hand-written numba",
            Path(sys.executable),
            [str(Path(__file__).resolve()), "--numba-worker"],
            import_name="numba",
            cache_env=("NUMBA_CACHE_DIR",),
        )
    )
    return rows


def format_table(rows: list[Row]) -> str:
    """Render the measurements, with ratios to brianlab and to the hand-written loop."""
    by_label = {row.label: row for row in rows}
    brianlab, best = by_label["brianlab"], by_label["hand-written numba"]

    def figure(value: float) -> str:
        return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"

    def seconds(value: float | None, scale: float = 1.0, unit: str = "s") -> str:
        return "-" if value is None else f"{figure(value * scale)} {unit}"

    def ratio(value: float | None, reference: float | None) -> str:
        return "-" if value is None or not reference else f"{figure(value / reference)}x"

    def agrees(row: Row) -> str:
        if row.checksums is None or best.checksums is None:
            return "-"
        differ = [
            k
            for k, (mine, reference) in enumerate(zip(row.checksums, best.checksums))
            if not math.isclose(mine, reference, rel_tol=CHECKSUM_RTOL)
        ]
        return f"DIFFER in runs {differ}" if differ else f"same ({len(row.checksums)} runs)"

    header = (
        "implementation",
        "import",
        "1st run, empty cache",
        "1st run, warm cache",
        "re-run (median)",
        "1st re-run, empty / warm cache",
        "re-run / brianlab",
        "re-run / hand-written",
        "checksums",
    )
    lines = [header]
    for row in rows:
        if row.error:
            lines.append((row.label, "failed, see below", *[""] * (len(header) - 2)))
            continue
        lines.append(
            (
                row.label,
                seconds(row.import_s),
                seconds(row.cold_s),
                seconds(row.warm_s),
                seconds(row.rerun_s, 1e3, "ms"),
                f"{seconds(row.first_rerun_cold_s)} / {seconds(row.first_rerun_warm_s)}",
                ratio(row.rerun_s, brianlab.rerun_s),
                ratio(row.rerun_s, best.rerun_s),
                agrees(row),
            )
        )
    widths = [max(len(line[c]) for line in lines) for c in range(len(header))]
    table = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in lines
    ]
    return "\n".join(table + [f"{row.label} failed: {row.error}" for row in rows if row.error])


def main() -> None:
    """Measure every contender and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20, help="re-runs per contender")
    parser.add_argument("--imports", type=int, default=5, help="fresh processes per import")
    parser.add_argument("--no-brian2", action="store_true", help="skip the Brian 2 rows")
    parser.add_argument("--numba-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.numba_worker:
        print(json.dumps(numba_session(args.repeats)))
        return

    rows = [
        measure(contender, args.repeats, args.imports)
        for contender in contenders(not args.no_brian2)
    ]
    print(
        f"\n{session.N_NEURONS} LIF neurons, {session.DURATION_MS:g} ms, StateMonitor on v; "
        f"re-run = restore() + run() with a new tau, median of {args.repeats}"
    )
    print(format_table(rows))
    if not BRIAN2_PYTHON.exists() and not args.no_brian2:
        print(f"(no Brian 2 rows: {BRIAN2_PYTHON} is missing; 'python3 dev.py test' creates it)")


if __name__ == "__main__":
    main()
