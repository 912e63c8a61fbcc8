"""The reference network benchmarks, CUBA and COBAHH, against Brian 2 and a hand-written loop.

Run it from brianlab's environment (the full run needs about 6 minutes on a
2-core machine)::

    .venv/bin/python benchmarks/networks.py             # everything
    .venv/bin/python benchmarks/networks.py --quick     # small and short: a smoke test
    .venv/bin/python benchmarks/networks.py --no-brian2 --scaling-n 1000 4000
    .venv/bin/python benchmarks/networks.py --models cobahh --scaling-n   # COBAHH alone

The models (4000 neurons, ``p = 0.02``, 1 s of 0.1 ms steps) are in
``_brian2_networks.py``, written once in Brian 2's language; every figure
comes from a fresh process running it:

* ``loop``: ``net.run(1*second)`` alone, after a 10 ms run that generated and
  compiled the code.  Wall and CPU time; Brian 2's ``cpp_standalone`` reports
  only the CPU time of its compiled time loop.
* ``warm process``: a whole fresh process, import + build + connect + run
  1 s, whose compiled-code cache was filled by an earlier process.  For
  ``cpp_standalone``: the same script again, into the same project directory.
* ``cold process``: the same with empty caches (``BRIANLAB_CACHE_DIR`` and
  ``NUMBA_CACHE_DIR``, Brian 2's cython cache directory, or the standalone
  project directory pointed at a new temporary folder).

Process times are measured from outside: wall time, and the CPU time of the
process and everything it waited for (compilers and the standalone program
included).  On a busy machine the CPU times are the better guide.

Rows: brianlab; the hand-written numba CUBA of ``cuba_numba.py`` (loop only),
the reference for what generated code can reach; Brian 2's ``cython`` and
``cpp_standalone`` targets (inside ``.venv-brian2`` when it exists).  Then the
ratios, the targets of issue 3, and a scaling series: brianlab's CUBA (with
the hand-written loop beside it) at N = 1k, 4k, 16k, 64k neurons and 80
synapses per neuron, with build time, loop time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORKER = HERE / "_brian2_networks.py"
HAND_WRITTEN = HERE / "cuba_numba.py"
sys.path.insert(0, str(ROOT))

from dev import BRIAN2_VENV, venv_python, worker_environment  # noqa: E402

BRIAN2_PYTHON = venv_python(BRIAN2_VENV)
MODELS = ("cuba", "cobahh")
MODEL_NAMES = {"cuba": "CUBA", "cobahh": "COBAHH"}
WARMUP_MS = 10.0
CONNECTIONS = 80
SCALING_FILL_N = 100
HAND_LABEL = "hand-written numba"
CYTHON_LABEL = "Brian 2, cython"
STANDALONE_LABEL = "Brian 2, cpp_standalone"


@dataclass
class Size:
    """How big and how long: the full benchmark, or ``--quick``."""

    n: int
    duration_ms: float
    scaling_n: list[int]


FULL = Size(4000, 1000.0, [1000, 4000, 16000, 64000])
QUICK = Size(1000, 100.0, [500, 1000, 2000])


@dataclass
class Process:
    """One finished worker process: what it printed, and what it cost from outside."""

    figures: dict
    wall_s: float
    cpu_s: float


def run_process(cmd: Sequence[str], env: dict[str, str] | None = None) -> Process:
    """Run a worker; return its JSON figures with its wall and CPU time.

    The CPU time is that of the process and every child it waited for, taken
    from ``getrusage(RUSAGE_CHILDREN)`` before and after.

    Raises
    ------
    RuntimeError
        If the worker fails; the message is the last line of its stderr.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall_s = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        raise RuntimeError(lines[-1])
    cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Process(json.loads(done.stdout.strip().splitlines()[-1]), wall_s, cpu_s)


@dataclass
class Contender:
    """One implementation: how to start its worker, and where its cache lives."""

    label: str
    python: Path
    args: list[str]
    cache_env: tuple[str, ...] = ()
    cache_arg: bool = False
    #: the loop figure comes from the warm process (cpp_standalone times its own loop)
    loop_from_warm: bool = False
    #: only the time loop is measured (the hand-written reference)
    loop_only: bool = False

    def run(self, cache: str, extra: Sequence[str]) -> Process:
        """Start one fresh worker process using the cache folder ``cache``."""
        args = [*self.args, *extra]
        if self.cache_arg:
            args += ["--cache", cache]
        env = worker_environment(**{name: cache for name in self.cache_env})
        return run_process([str(self.python), *args], env)


def contenders(include_brian2: bool) -> list[Contender]:
    """The implementations to measure, brianlab first."""
    worker = [str(WORKER), "--simulator"]
    rows = [
        Contender(
            "brianlab",
            Path(sys.executable),
            [*worker, "brianlab"],
            cache_env=("BRIANLAB_CACHE_DIR", "NUMBA_CACHE_DIR"),
        ),
        Contender(
            HAND_LABEL,
            Path(sys.executable),
            [str(HAND_WRITTEN)],
            cache_env=("NUMBA_CACHE_DIR",),
            loop_only=True,
        ),
    ]
    if include_brian2 and BRIAN2_PYTHON.exists():
        rows += [
            Contender(
                CYTHON_LABEL,
                BRIAN2_PYTHON,
                [*worker, "brian2", "--target", "cython"],
                cache_arg=True,
            ),
            Contender(
                STANDALONE_LABEL,
                BRIAN2_PYTHON,
                [*worker, "brian2", "--target", "cpp_standalone"],
                cache_arg=True,
                loop_from_warm=True,
            ),
        ]
    return rows


@dataclass
class Row:
    """What was measured for one implementation of one model (None: not measured)."""

    label: str
    loop: Process | None = None
    warm: Process | None = None
    cold: Process | None = None
    error: str | None = None

    def loop_wall(self) -> float | None:
        """Wall time of the timed run alone."""
        return None if self.loop is None else self.loop.figures["run_wall_s"]

    def loop_cpu(self) -> float | None:
        """CPU time of the timed run alone."""
        return None if self.loop is None else self.loop.figures["run_cpu_s"]

    def rate_hz(self, duration_ms: float) -> float | None:
        """Mean firing rate during the timed run, a check that all simulate the same network."""
        if self.loop is None:
            return None
        figures = self.loop.figures
        return figures["n_spikes"] / figures["n_neurons"] / (duration_ms * 1e-3)


def measure(contender: Contender, model: str, size: Size) -> Row:
    """Measure one implementation of one model: cold process, warm process, loop."""
    row = Row(contender.label)
    print(f"measuring {MODEL_NAMES[model]}: {contender.label} ...", flush=True)
    common = ["--n", str(size.n), "--duration-ms", str(size.duration_ms)]
    if not contender.loop_only:
        common += ["--model", model]
    try:
        with tempfile.TemporaryDirectory(prefix="brianlab-networks-") as cache:
            if not contender.loop_only:
                row.cold = contender.run(cache, common)
                row.warm = contender.run(cache, common)
            if contender.loop_from_warm:
                row.loop = row.warm
            else:
                row.loop = contender.run(cache, [*common, "--warmup-ms", str(WARMUP_MS)])
    except RuntimeError as error:
        row.error = str(error)
    return row


def figure(value: float | None, unit: str = "s") -> str:
    """A time (or other figure) with three significant digits, '-' when unknown."""
    if value is None:
        return "-"
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return f"{text} {unit}".rstrip()


def ratio(value: float | None, reference: float | None) -> str:
    """``value / reference`` as '2.5x', '-' when either is unknown."""
    if value is None or not reference:
        return "-"
    return f"{value / reference:.3g}x"


def render(lines: list[tuple[str, ...]]) -> str:
    """Align the columns of ``lines`` (the first is the header)."""
    widths = [max(len(line[c]) for line in lines) for c in range(len(lines[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
        for line in lines
    )


def process_time(process: Process | None, attribute: str) -> float | None:
    """``process.wall_s`` or ``process.cpu_s``, None when not measured."""
    return None if process is None else getattr(process, attribute)


def model_table(model: str, rows: list[Row], size: Size) -> str:
    """The figures of every implementation of one model, and brianlab's ratios to each."""
    synapses = [r.loop.figures["n_synapses"] for r in rows if r.loop is not None]
    title = (
        f"{MODEL_NAMES[model]}: {size.n:,} neurons, "
        f"{min(synapses, default=0):,} to {max(synapses, default=0):,} synapses, "
        f"{size.duration_ms:g} ms of 0.1 ms steps"
    )
    header = (
        "implementation",
        "loop wall",
        "loop CPU",
        "warm process wall",
        "warm CPU",
        "cold process wall",
        "cold CPU",
        "rate",
    )
    lines = [header]
    for row in rows:
        if row.error:
            lines.append((row.label, "failed, see below", *[""] * (len(header) - 2)))
            continue
        lines.append(
            (
                row.label,
                figure(row.loop_wall()),
                figure(row.loop_cpu()),
                figure(process_time(row.warm, "wall_s")),
                figure(process_time(row.warm, "cpu_s")),
                figure(process_time(row.cold, "wall_s")),
                figure(process_time(row.cold, "cpu_s")),
                figure(row.rate_hz(size.duration_ms), "Hz"),
            )
        )
    brianlab = rows[0]
    ratios = [("brianlab / ...", *header[1:-1])]
    for row in rows[1:]:
        if row.error:
            continue
        ratios.append(
            (
                row.label,
                ratio(brianlab.loop_wall(), row.loop_wall()),
                ratio(brianlab.loop_cpu(), row.loop_cpu()),
                *(
                    ratio(process_time(mine, attribute), process_time(theirs, attribute))
                    for mine, theirs in ((brianlab.warm, row.warm), (brianlab.cold, row.cold))
                    for attribute in ("wall_s", "cpu_s")
                ),
            )
        )
    failures = [f"{row.label} failed: {row.error}" for row in rows if row.error]
    return "\n\n".join([title, render(lines), render(ratios), *failures])


def targets_table(results: dict[str, dict[str, Row]], quick: bool) -> str:
    """Each target of issue 3 with brianlab's wall and CPU figures, and whether each meets it."""

    def row(model: str, label: str) -> Row:
        return results.get(model, {}).get(label) or Row(label)

    def over(value: float | None, reference: float | None) -> float | None:
        return None if value is None or not reference else value / reference

    cuba, hand = row("cuba", "brianlab"), row("cuba", HAND_LABEL)
    cobahh = row("cobahh", "brianlab")
    targets = [
        # name, limit, wall, CPU, unit
        (
            "CUBA loop <= 1.5x the hand-written numba loop",
            1.5,
            over(cuba.loop_wall(), hand.loop_wall()),
            over(cuba.loop_cpu(), hand.loop_cpu()),
            "x",
        ),
        (
            "CUBA whole warm process <= 1 s",
            1.0,
            process_time(cuba.warm, "wall_s"),
            process_time(cuba.warm, "cpu_s"),
            "s",
        ),
        (
            "CUBA whole cold process <= 6 s",
            6.0,
            process_time(cuba.cold, "wall_s"),
            process_time(cuba.cold, "cpu_s"),
            "s",
        ),
        (
            "COBAHH loop <= Brian 2 cpp_standalone's loop CPU",
            row("cobahh", STANDALONE_LABEL).loop_cpu(),
            cobahh.loop_wall(),
            cobahh.loop_cpu(),
            "s",
        ),
    ]
    lines = [("target (issue 3)", "limit", "brianlab wall", "", "brianlab CPU", "")]
    for name, limit, *measured, unit in targets:
        cells = []
        for value in measured:
            unknown = value is None or limit is None
            cells += [
                figure(value, unit),
                "-" if unknown else "met" if value <= limit else "MISSED",
            ]
        lines.append((name, figure(limit, unit), *cells))
    note = "\n(--quick: smaller networks; the limits are for the full size)" if quick else ""
    return render(lines) + note


def scaling_table(size: Size, cache: str) -> str:
    """brianlab's CUBA, and the hand-written loop, at each N of the series."""
    print(f"scaling series: N = {', '.join(f'{n:,}' for n in size.scaling_n)} ...", flush=True)
    brianlab, hand = contenders(False)
    header = (
        "N",
        "synapses",
        "build",
        "loop wall",
        "loop CPU",
        "CPU x",
        "memory",
        "added / synapse",
        "peak RSS",
        "hand-written CPU",
        "brianlab / hand",
    )
    lines = [header]
    failures = []
    # A small network first fills the cache with what does not depend on N,
    # so that every row compiles the same N-dependent rest.
    fill = ["--n", str(SCALING_FILL_N), "--duration-ms", str(WARMUP_MS)]
    try:
        brianlab.run(cache, [*fill, "--model", "cuba"])
        hand.run(cache, fill)
    except RuntimeError as error:
        failures.append(f"filling the cache failed: {error}")
    previous: dict | None = None
    for n in size.scaling_n:
        args = ["--n", str(n), "--connections", str(CONNECTIONS)]
        args += ["--duration-ms", str(size.duration_ms), "--warmup-ms", str(WARMUP_MS)]
        try:
            mine = brianlab.run(cache, [*args, "--model", "cuba"]).figures
            theirs = hand.run(cache, args).figures
        except RuntimeError as error:
            failures.append(f"N = {n:,} failed: {error}")
            continue
        mine["memory_mb"] = mine["rss_end_mb"] - mine["rss_import_mb"]
        added = "-"
        if previous:
            extra_bytes = (mine["memory_mb"] - previous["memory_mb"]) * 1024**2
            added = figure(extra_bytes / (mine["n_synapses"] - previous["n_synapses"]), "B")
        lines.append(
            (
                f"{n:,}",
                f"{mine['n_synapses']:,}",
                figure(mine["build_s"]),
                figure(mine["run_wall_s"]),
                figure(mine["run_cpu_s"]),
                ratio(mine["run_cpu_s"], previous["run_cpu_s"]) if previous else "",
                figure(mine["memory_mb"], "MB"),
                added,
                figure(mine["rss_peak_mb"], "MB"),
                figure(theirs["run_cpu_s"]),
                ratio(mine["run_cpu_s"], theirs["run_cpu_s"]),
            )
        )
        previous = mine
    title = (
        f"Scaling: brianlab's CUBA, {CONNECTIONS} synapses per neuron, loop = "
        f"{size.duration_ms:g} ms after a {WARMUP_MS:g} ms warm-up; one fresh process per N, "
        "all sharing one cache.\n"
        "'build': creating and connecting, with the compilation the cache could not spare; "
        "'CPU x': loop CPU growth from the row above (linear = the growth of N);\n"
        "'memory': resident memory at the end minus after the import (numba and the "
        "compiler's share included); 'added / synapse': its growth from the row above "
        "per added synapse (linear = constant)"
    )
    return "\n\n".join([title, render(lines), *failures])


def machine() -> str:
    """One line on the machine and how busy it is."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}, "
        f"load average {load}"
    )


def main() -> None:
    """Measure everything and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small and short: a smoke test")
    parser.add_argument("--no-brian2", action="store_true", help="skip the Brian 2 rows")
    parser.add_argument(
        "--models", nargs="+", choices=MODELS, default=list(MODELS), help="the networks to run"
    )
    parser.add_argument(
        "--scaling-n", type=int, nargs="*", help="neuron counts of the scaling series (none: skip)"
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if args.scaling_n is not None:
        size = Size(size.n, size.duration_ms, args.scaling_n)

    started = time.perf_counter()
    print(f"before: {machine()}", flush=True)
    results: dict[str, dict[str, Row]] = {}
    for model in args.models:
        results[model] = {}
        for contender in contenders(not args.no_brian2):
            if contender.loop_only and model != "cuba":
                continue
            results[model][contender.label] = measure(contender, model, size)
    sections = [model_table(model, list(results[model].values()), size) for model in args.models]
    sections.append(targets_table(results, args.quick))
    if size.scaling_n:
        with tempfile.TemporaryDirectory(prefix="brianlab-networks-") as cache:
            sections.append(scaling_table(size, cache))
    print()
    print("\n\n".join(sections))
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"\nafter: {machine()}; took {time.perf_counter() - started:.0f} s, "
        f"of which {children.ru_utime + children.ru_stime:.0f} s of CPU time in the workers"
    )
    if not BRIAN2_PYTHON.exists() and not args.no_brian2:
        print(f"(no Brian 2 rows: {BRIAN2_PYTHON} is missing; 'python3 dev.py test' creates it)")


if __name__ == "__main__":
    main()
