"""How long a slider move takes before the plot has its new data (kernel side).

Run it from brianlab's environment::

    .venv/bin/python benchmarks/widgets.py [--repeats 30]

Two explorers, each built once (compiling its model), then driven the way a
slider drives them: ``params.set_value(...)`` writes the new value into the
namespace, the explorer restores the stored initial state, re-runs, and puts
the monitors' data into the persistent matplotlib artists (``set_data``).
The time from the value change until the artists hold the new data is what
is measured; drawing the figure in the browser is not (it depends on the
front end), but the Agg draw of the same figure is printed for reference.

* ``single neuron``: the explorer's leaky integrate-and-fire neuron with its
  current step, 100 ms at dt = 0.1 ms (1000 steps), voltage and input traces.
  Target: 20 ms.
* ``1000-neuron raster``: a user function building 800 excitatory and 200
  inhibitory LIF neurons with random connections (p = 0.02, instantaneous
  voltage jumps), 100 ms at 0.1 ms, spike raster and population rate; the
  slider is the excitatory weight.  Target: 100 ms.

Each move is checked: no kernel is compiled, and the plotted data equal the
monitors' data.  The figures are recorded in ``benchmarks/WIDGETS.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import matplotlib
import numpy as np

from brianlab import (
    Mohm,
    NeuronGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    Synapses,
    ms,
    mV,
    nA,
    seed,
)
from brianlab.codegen.compiler import compilation_count
from brianlab.widgets.models.explorer import ExplorerModel

TARGETS_MS = {"single neuron": 20.0, "1000-neuron raster": 100.0}


def single_neuron() -> tuple[ExplorerModel, str, list[float]]:
    """The default explorer of a LIF neuron; the slider is ``tau``."""
    namespace = {"E_L": -70 * mV, "R": 100 * Mohm, "tau": 10 * ms}
    model = ExplorerModel(
        "dv/dt = (E_L - v + R*I)/tau : volt",
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory="2*ms",
        namespace=namespace,
        initial={"v": -70 * mV},
        parameters={"I": (0 * nA, 1 * nA)},
        delay=0,
    )
    model.params.set_value("I_amp", 0.3)
    return model, "tau", [8.0, 12.0, 16.0, 20.0]


def build_network(namespace: dict) -> list:
    """800 excitatory + 200 inhibitory LIF neurons, randomly connected."""
    seed(2024)
    neurons = NeuronGroup(
        1000,
        "dv/dt = (v_drive - v)/tau : volt (unless refractory)",
        threshold="v > 20*mV",
        reset="v = 0*mV",
        refractory=2 * ms,
        method="exact",
        namespace=namespace,
        name="bench_neurons",
    )
    neurons.v = "rand()*20*mV"
    excitatory = Synapses(
        neurons[:800], neurons, on_pre="v_post += w_e", namespace=namespace, name="bench_exc"
    )
    excitatory.connect(p=0.02)
    inhibitory = Synapses(
        neurons[800:], neurons, on_pre="v_post -= w_i", namespace=namespace, name="bench_inh"
    )
    inhibitory.connect(p=0.02)
    return [
        neurons,
        excitatory,
        inhibitory,
        SpikeMonitor(neurons, name="bench_spikes"),
        PopulationRateMonitor(neurons, name="bench_rate"),
    ]


def network() -> tuple[ExplorerModel, str, list[float]]:
    """The 1000-neuron explorer; the slider is the excitatory weight."""
    namespace = {"tau": 20 * ms, "v_drive": 25 * mV, "w_e": 0.5 * mV, "w_i": 2 * mV}
    model = ExplorerModel(
        network=build_network,
        namespace=namespace,
        parameters={"w_e": (0.1 * mV, 2 * mV)},
        auto_parameters=False,
    )
    return model, "w_e", [0.3, 0.6, 0.9, 1.2]


def plotted_matches_monitors(model: ExplorerModel) -> bool:
    """Whether every panel's artists hold its monitor's current data."""
    for panel in model.figure.panels:
        kind = type(panel).__name__
        if kind == "TracePanel":
            values = getattr(panel.monitor, f"{panel.variable}_")[0] / panel.scale
            if not np.array_equal(panel.lines[0].get_ydata(), values):
                return False
        elif kind == "RasterPanel":
            if not np.array_equal(panel.dots.get_ydata(), panel.monitor.i):
                return False
        elif kind == "RatePanel":
            if len(panel.line.get_xdata()) != len(panel.monitor.t_):
                return False
    return True


def measure(name: str, factory, repeats: int) -> dict:
    began = time.perf_counter()
    model, slider, values = factory()
    build = time.perf_counter() - began
    compiled = compilation_count()
    moves, runs, updates = [], [], []
    for k in range(repeats):
        value = values[k % len(values)]
        t0 = time.perf_counter()
        model.params.set_value(slider, value)
        moves.append(time.perf_counter() - t0)
        if not plotted_matches_monitors(model):
            raise AssertionError(f"{name}: the plot does not show the monitors' data")
        t0 = time.perf_counter()
        model.sim.rerun()
        runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        model.figure.update(draw=False)
        updates.append(time.perf_counter() - t0)
    if compilation_count() != compiled:
        raise AssertionError(f"{name}: a slider move compiled a kernel")
    t0 = time.perf_counter()
    model.figure.fig.canvas.draw()
    draw = time.perf_counter() - t0
    spikes = sum(m.num_spikes for m in model.sim.spike_monitors)
    return {
        "name": name,
        "build_s": build,
        "median_ms": 1e3 * statistics.median(moves),
        "min_ms": 1e3 * min(moves),
        "max_ms": 1e3 * max(moves),
        "run_ms": 1e3 * statistics.median(runs),
        "update_ms": 1e3 * statistics.median(updates),
        "draw_ms": 1e3 * draw,
        "spikes": spikes,
        "target_ms": TARGETS_MS[name],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=30, help="slider moves per case")
    args = parser.parse_args(argv)
    matplotlib.use("Agg")  # the kernel side only: no front end draws
    rows = [
        measure("single neuron", single_neuron, args.repeats),
        measure("1000-neuron raster", network, args.repeats),
    ]
    header = (
        f"{'case':<20} {'slider->data (median)':>22} {'min':>7} {'max':>7} {'run':>7} "
        f"{'set_data':>9} {'target':>7} {'ok':>3} {'Agg draw':>9} {'build':>7} {'spikes':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        ok = "yes" if r["median_ms"] <= r["target_ms"] else "NO"
        print(
            f"{r['name']:<20} {r['median_ms']:>19.2f} ms {r['min_ms']:>7.2f} {r['max_ms']:>7.2f} "
            f"{r['run_ms']:>7.2f} {r['update_ms']:>9.2f} {r['target_ms']:>7.0f} {ok:>3} "
            f"{r['draw_ms']:>6.1f} ms {r['build_s']:>6.2f}s {r['spikes']:>7}"
        )
    print(
        f"\n{args.repeats} slider moves per case; times in ms of wall clock; 'run' is the "
        "restore + run alone, 'set_data' the artists' update alone; no kernel was compiled "
        "by any move, and every plot held its monitor's data."
    )
    return 0 if all(r["median_ms"] <= r["target_ms"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
