"""How long a student waits, in the browser, between moving a slider and seeing the new figure.

Not a test: run it by hand on a quiet machine and copy the figures into
``benchmarks/README.md``::

    .venv/bin/python benchmarks/browser_latency.py                  # ipympl and inline
    .venv/bin/python benchmarks/browser_latency.py --backend widget --moves 40

It starts a private JupyterLab (the browser tests' harness, ``tests/browser``)
serving one notebook with the single-neuron ``Explorer``, opens it in
headless Chromium, runs it, and then moves the ``tau`` slider one step at a
time with the arrow keys (alternately right and left).  In the page, a
``keydown`` listener notes when each key was pressed, and a check on every
animation frame notes when the figure's pixels change (ipympl's canvas) or
a new image has loaded (a static figure).  The latency of a move is the
time from the key press to the first frame showing a different figure.
The first moves are a warm-up and are not counted.  The explorer's
figure reports how its frames were drawn (whole; only the panels whose
limits changed; only the data; and how often the layout was computed), and
the time of one draw from scratch (constrained layout included) is printed
for comparison.  Last, a burst of quick presses (a student holding the
arrow key down) shows how many re-runs the kernel made for them, and that
the last one used the value the slider shows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from chromium import BrowserSession  # noqa: E402
from labserver import LabServer  # noqa: E402
from student import OpenNotebook, wait_until, with_probe_cell  # noqa: E402

#: Key presses of the burst (a student holding an arrow key down).
BURST_PRESSES = 30

#: The kernel-side helper of the browser tests (here: the figure's drawing time).
PROBE = REPO / "tests" / "browser" / "browser_probe.py"

#: The model: the leaky integrate-and-fire neuron of ``interactive.py``, driven by a step.
EXPLORER = """from brianlab import Mohm, mV, ms, nA
from brianlab.widgets import Explorer

Explorer('dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)',
         threshold='v > -50*mV', reset='v = E_L', refractory='5*ms',
         namespace={'E_L': -70*mV, 'R': 100*Mohm}, initial={'v': 'E_L'},
         tau=(1*ms, 100*ms), I=(0*nA, 0.5*nA))"""

#: Installed on the demo's output area: records key presses and figure changes.
#: ipympl's canvas: a hash of all its pixels (32 bits at a time); a static
#: figure: the source of its image, counted once the new image has loaded.
WATCH = """(root) => {
    const log = {keys: [], changes: []};
    const signature = (previous) => {
        const canvas = root.querySelector('.jupyter-matplotlib-canvas-div canvas');
        if (canvas && canvas.width > 0) {
            const data = canvas.getContext('2d')
                .getImageData(0, 0, canvas.width, canvas.height).data;
            const pixels = new Uint32Array(data.buffer);
            let sum = 0;
            for (let i = 0; i < pixels.length; i += 1) sum = (Math.imul(sum, 31) + pixels[i]) | 0;
            return 'canvas ' + sum;
        }
        const image = root.querySelector('img');
        if (!image) return '';
        return image.complete && image.naturalWidth > 0 ? 'image ' + image.src : previous;
    };
    let last = signature('');
    const frame = () => {
        const now = signature(last);
        if (now !== last) { log.changes.push(performance.now()); last = now; }
        requestAnimationFrame(frame);
    };
    document.addEventListener('keydown', () => log.keys.push(performance.now()), true);
    requestAnimationFrame(frame);
    window.__latency = log;
}"""

#: The latency of the last key press: time to the first change after it, or null.
LAST_LATENCY = """() => {
    const log = window.__latency;
    const key = log.keys[log.keys.length - 1];
    const change = log.changes.find(t => t > key);
    return change === undefined ? null : change - key;
}"""

#: Milliseconds since the figure last changed.
SINCE_CHANGE = """() => {
    const log = window.__latency;
    return log.changes.length ? performance.now() - log.changes[log.changes.length - 1] : 1e9;
}"""


def latency_notebook(backend: str) -> dict:
    """The benchmark's notebook (JSON): the backend, then the explorer."""

    def code(source: str) -> dict:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": source}  # fmt: skip

    cells = [code(f"%matplotlib {backend}"), code(EXPLORER)]
    kernel = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    notebook = {"cells": cells, "metadata": {"kernelspec": kernel}, "nbformat": 4,
                "nbformat_minor": 5}  # fmt: skip
    return with_probe_cell(notebook)


def measure(view: OpenNotebook, cell: int, moves: int, warmup: int) -> tuple[list, list]:
    """Move the ``tau`` slider ``warmup + moves`` times; return the latencies and run times (ms).

    The run time is the explorer's own report of its re-run ("simulated 100
    ms in X ms"), i.e. the kernel's share of the latency.
    """
    demo = view.demo(cell)
    slider = next(s for s in demo.sliders() if s.label.startswith("tau"))
    demo.output.evaluate(WATCH)
    latencies, runs = [], []
    for move in range(warmup + moves):
        slider.press("ArrowRight" if move % 2 == 0 else "ArrowLeft", 1)
        found = wait_until(
            lambda: view.page.evaluate(LAST_LATENCY), 30, f"the figure to change (move {move})"
        )
        view.wait_until_quiet(0.3)
        wait_until(lambda: view.page.evaluate(SINCE_CHANGE) > 300, 30, "the figure to settle")
        status = " ".join(demo.texts())
        reported = re.search(r"simulated [\d.]+ ms in ([\d.]+) ms", status)
        if move >= warmup:
            latencies.append(found)
            runs.append(float(reported.group(1)) if reported else float("nan"))
    return latencies, runs


def kernel_state(view: OpenNotebook, count: int) -> dict:
    """The explorer's figure state (``redraws``, ``frames``) and its ``tau`` in ms."""
    text = view.run_new_cell(
        f"import json; e = Out[{count}]; "
        "print(json.dumps({**e.model.figure.state, 'tau': e.sliders.sliders['tau'].value}))"
    )
    return json.loads(text.strip().splitlines()[-1])


def burst(view: OpenNotebook, cell: int, count: int, presses: int) -> dict:
    """Press the right arrow ``presses`` times as fast as possible, wait; what ran in the kernel.

    Returns the seconds the presses took, how many re-runs the kernel made
    for them, and the ``tau`` the slider shows and the kernel last used.
    """
    before = kernel_state(view, count)
    slider = next(s for s in view.demo(cell).sliders() if s.label.startswith("tau"))
    slider.handle.focus()
    began = time.monotonic()
    for _ in range(presses):
        view.page.keyboard.press("ArrowRight")
    seconds = time.monotonic() - began
    view.wait_until_quiet(1.0)
    shown = slider.readout()
    after = kernel_state(view, count)
    return {
        "presses": presses,
        "seconds": seconds,
        "reruns": after["redraws"] - before["redraws"],
        "shown": shown,
        "used": after["tau"],
    }


def run(backend: str, chromium: Path, moves: int, warmup: int) -> dict:
    """Serve the notebook, open it, run it, measure; stop everything."""
    server = LabServer([PROBE])
    name = f"latency-{backend}.ipynb"
    (server.notebooks / name).write_text(json.dumps(latency_notebook(backend)))
    session = BrowserSession()
    try:
        server.start()
        page = session.browser(chromium).new_page()
        view = OpenNotebook(page, server.page_url(name), server.notebooks / name)
        view.run_all()
        latencies, runs = measure(view, 2, moves, warmup)
        count = view.execution_count(2)
        frames = kernel_state(view, count)["frames"]
        drag = burst(view, 2, count, BURST_PRESSES)
        draw = view.run_new_cell(f"from browser_probe import draw_time; draw_time(Out[{count}])")
        if view.page_errors:
            print("page errors:", *view.page_errors, sep="\n  ")
        return {
            "latencies": latencies,
            "runs": runs,
            "frames": frames,
            "burst": drag,
            "draw": float(draw.split()[-1]),
        }
    finally:
        left = session.close()
        left_server = server.stop()
        if left or left_server:
            print(f"!! cleaned up by force: {left} {left_server}")


def summary(backend: str, result: dict) -> str:
    """One Markdown table row: backend, moves, latencies, re-run, frames, drawing time."""
    values = sorted(result["latencies"])
    deciles = statistics.quantiles(values, n=10)
    runs = statistics.median(result["runs"])
    frames = result["frames"]
    return (
        f"| {backend} | {len(values)} | {statistics.median(values):.0f} ms "
        f"| {deciles[0]:.0f}–{deciles[-1]:.0f} ms | {min(values):.0f}–{max(values):.0f} ms "
        f"| {runs:.0f} ms | {frames['full']} / {frames['axes']} / {frames['data']} "
        f"/ {frames['layout']} "
        f"| {result['draw']:.0f} ms |"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options, measure each backend, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=["widget", "inline", "both"], default="both")
    parser.add_argument("--moves", type=int, default=20, help="counted moves (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="moves not counted (default 3)")
    parser.add_argument(
        "--chromium",
        type=Path,
        default=Path(os.environ.get("BRIANLAB_CHROMIUM") or "/usr/bin/chromium"),
        help="the Chromium executable (default: $BRIANLAB_CHROMIUM or /usr/bin/chromium)",
    )
    args = parser.parse_args(argv)
    backends = ["widget", "inline"] if args.backend == "both" else [args.backend]
    results = [run(b, args.chromium, args.moves, args.warmup) for b in backends]
    rows = [summary(b, result) for b, result in zip(backends, results)]
    print(f"\nPython {platform.python_version()}, load average {os.getloadavg()[0]:.1f}")
    print(
        "| backend | moves | median | 10th–90th percentile | range "
        "| explorer re-run (median) | frames: whole / panels / data only / layouts "
        "| draw from scratch (median) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    print(*rows, sep="\n")
    for backend, result in zip(backends, results):
        b = result["burst"]
        print(
            f"{backend}: {b['presses']} presses in {b['seconds']:.2f} s -> {b['reruns']} re-runs; "
            f"slider shows tau = {b['shown']} ms, the kernel last simulated {b['used']:.4g} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
