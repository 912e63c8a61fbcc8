"""Automatic checks for the exercises of the brianlab course notebooks.

Each ``check_*`` function takes what the exercise asks the learner to
compute, compares it with the answer worked out here from the theory (never
by running a simulation), and either prints a short "Correct!" with what to
remember, or raises :class:`AssertionError` whose message says what is wrong
and what to look at.

The checks accept quantities from brianlab or from Brian 2 (the notebooks
also run after ``from brian2 import *``): units are taken from the package
the value comes from.
"""

from __future__ import annotations

import math
import sys
from types import ModuleType
from typing import Any

import numpy as np

__all__ = [
    "check_ohms_law",
    "check_time_constant",
    "check_refractory",
    "check_fI_curve",
    "check_threshold_currents",
    "check_membrane_noise",
    "check_psp_peak",
    "check_neighbour_synapses",
    "check_stdp_window",
]

#: The simulation time step every exercise uses (Brian's default), in seconds.
DT = 1e-4

#: The leaky integrate-and-fire neuron of the "modelling neurons" notebook (SI units).
LIF = {"Cm": 200e-12, "G_leak": 10e-9, "E_leak": -70e-3, "V_th": -55e-3}

#: The pair-based STDP rule of the "modelling synapses" notebook.
STDP = {"tau_pre": 20e-3, "tau_post": 20e-3, "A_pre": 0.01, "A_post": -0.0105}


def _simulator_of(value: Any) -> ModuleType | None:
    """The simulator package (brianlab or brian2) a value comes from, if any."""
    package = type(value).__module__.split(".")[0]
    if package in ("brianlab", "brian2"):
        return sys.modules[package]
    return None


def _in_units(value: Any, unit_name: str, what: str, kind: str, example: str) -> np.ndarray:
    """Return ``value`` divided by the unit ``unit_name``, as a float array.

    Raises AssertionError when ``value`` has no units or units of another kind.
    """
    simulator = _simulator_of(value)
    if simulator is None:
        raise AssertionError(f"No units on {what}: give it with its units, for example {example}.")
    unit = getattr(simulator, unit_name)
    in_unit = value / unit
    if not simulator.have_same_dimensions(in_unit, 1):
        raise AssertionError(
            f"Expected {what} to be {kind} (in {unit_name}), but it is {value}. "
            "Check the formula: which units does your expression combine?"
        )
    return np.asarray(in_unit, dtype=float)


def _correct(message: str) -> None:
    print(f"Correct! {message}")


def check_ohms_law(V: Any) -> None:
    """Exercise: the voltage across 300 Mohm when 20 pA flow through it (6 mV)."""
    volts = float(_in_units(V, "volt", "V", "a voltage", "V = R*I_inj"))
    if volts == 0:
        raise AssertionError("V is still 0 mV: replace 0*mV by Ohm's law, V = R*I_inj.")
    if not math.isclose(volts, 6e-3, rel_tol=1e-9):
        raise AssertionError(
            f"V = {V}, but 20 pA through 300 Mohm gives a few millivolts. "
            "Ohm's law is V = R*I: multiply, do not divide."
        )
    _correct("R*I = 300 Mohm x 20 pA = 6 mV: brianlab works out the unit for you.")


def check_time_constant(tau: Any) -> None:
    """Exercise: the membrane time constant R*C for 100 Mohm and 200 pF (20 ms)."""
    seconds = float(_in_units(tau, "second", "tau", "a time", "tau = R*C"))
    if seconds == 0:
        raise AssertionError("tau is still 0 ms: replace 0*ms by the product of R and C.")
    if not math.isclose(seconds, 20e-3, rel_tol=1e-9):
        raise AssertionError(
            f"tau = {tau}, but the membrane time constant is the product R*C. "
            "Did you use the right resistance and capacitance?"
        )
    _correct("R*C = 100 Mohm x 200 pF = 20 ms: ohm times farad is a second.")


def _first_passage_steps(current: float, g_leak: float) -> int | None:
    """Time steps an LIF neuron started at E_leak needs to reach V_th (None: never).

    The membrane relaxes towards ``E_leak + current/g_leak`` with time
    constant ``Cm/g_leak``; the crossing happens during step ``ceil(T/dt)``.
    """
    drive = current / g_leak
    distance = LIF["V_th"] - LIF["E_leak"]
    if drive <= distance:
        return None
    crossing = LIF["Cm"] / g_leak * math.log(drive / (drive - distance))
    return math.ceil(crossing / DT)


def check_refractory(spike_monitor: Any) -> None:
    """Exercise: the 1 nA neuron with a 5 ms refractory period, for 100 ms.

    A spike is recorded at the start of the step in which Vm crosses the
    threshold; with ``(unless refractory)`` Vm stays at E_leak for 5 ms
    (50 steps) and then needs the same number of steps to the threshold as
    from the start.
    """
    times_ms = _in_units(
        spike_monitor.t, "ms", "spike_monitor.t", "a time", "a SpikeMonitor's spike times"
    )
    if len(times_ms) == 0:
        raise AssertionError("The neuron did not spike at all: is I_e still 1 nA?")
    to_threshold = _first_passage_steps(1e-9, LIF["G_leak"])
    interval = 50 + to_threshold - 1
    expected = [
        (to_threshold - 1 + k * interval) * DT * 1e3
        for k in range(1000)
        if to_threshold - 1 + k * interval < 1000
    ]
    intervals = np.diff(times_ms)
    if len(intervals) and np.allclose(intervals, to_threshold * DT * 1e3):
        raise AssertionError(
            f"The neuron fires every {to_threshold * DT * 1e3:.1f} ms, as without "
            "refractoriness. Give NeuronGroup the argument refractory=5*ms."
        )
    if len(intervals) and np.allclose(intervals, 5.0):
        raise AssertionError(
            "The neuron fires again as soon as its 5 ms refractory period ends: Vm "
            "kept integrating the current while the neuron was refractory. Add the "
            "flag (unless refractory) after the unit in the equation, "
            "'... : volt (unless refractory)', to hold Vm at the reset value."
        )
    if len(times_ms) != len(expected) or not np.allclose(times_ms, expected, atol=1e-6):
        shown = ", ".join(f"{t:.1f}" for t in expected[:4])
        raise AssertionError(
            f"Expected {len(expected)} spikes, at {shown}, ... ms (every "
            f"{interval * DT * 1e3:.1f} ms), but the neuron spiked {len(times_ms)} times. "
            "Did you run for 100 ms from Vm = E_leak with I_e = 1 nA?"
        )
    _correct(
        f"{len(expected)} spikes, one every {interval * DT * 1e3:.1f} ms: the 5 ms "
        f"refractory period plus {(to_threshold - 1) * DT * 1e3:.1f} ms to climb "
        "from the reset back to the threshold."
    )


def _theoretical_rates(currents: np.ndarray, g_leak: float) -> np.ndarray:
    """Firing rates (Hz) of the course's LIF neuron, on the dt grid, without refractoriness."""
    rates = []
    for current in currents:
        steps = _first_passage_steps(float(current), g_leak)
        rates.append(0.0 if steps is None else 1 / (steps * DT))
    return np.array(rates)


def check_fI_curve(currents: Any, rates: Any) -> None:
    """Exercise: an f-I curve without the staircase (rates within 2 Hz of the theory).

    ``currents`` are the injected currents (``neurons.I_ext``), ``rates`` the
    measured firing rates (``spike_monitor.count/duration``).
    """
    amps = _in_units(currents, "amp", "the currents", "a current", "neurons.I_ext")
    hertz = _in_units(rates, "Hz", "the rates", "a rate", "spike_monitor.count/duration")
    if amps.shape != hertz.shape or amps.size < 10:
        raise AssertionError(
            f"Give one rate per current, for at least 10 currents (got {amps.size} "
            f"currents and {hertz.size} rates)."
        )
    error = np.abs(hertz - _theoretical_rates(amps, LIF["G_leak"]))
    if error.max() > 2:
        worst = int(np.argmax(error))
        steps = np.unique(np.round(np.diff(np.unique(hertz)), 6))
        staircase = (
            f" Your rates only take values {steps.min():g} Hz apart: each spike counts "
            f"for 1/duration. Run the simulation for longer."
            if steps.size and steps.min() > 2
            else ""
        )
        raise AssertionError(
            f"At I_ext = {amps[worst] * 1e9:.3f} nA the rate is {hertz[worst]:.1f} Hz, "
            f"{error[worst]:.1f} Hz away from the neuron's true firing rate.{staircase}"
        )
    _correct(
        "With a long run, each spike is a small fraction of the rate, and the "
        "staircase becomes the smooth f-I curve of the neuron."
    )


def check_threshold_currents(threshold_currents: Any) -> None:
    """Exercise: the threshold current for G_leak = 5, 10 and 20 nS (0.075, 0.15, 0.3 nA)."""
    amps = _in_units(
        threshold_currents,
        "amp",
        "threshold_currents",
        "currents",
        "[0.1, 0.2, 0.3]*nA",
    )
    expected = np.array([5e-9, 10e-9, 20e-9]) * (LIF["V_th"] - LIF["E_leak"])
    if amps.shape != (3,):
        raise AssertionError(
            "Give three threshold currents, one per leak conductance (5, 10 and 20 nS)."
        )
    if np.all(amps == 0):
        raise AssertionError(
            "threshold_currents is still [0, 0, 0]: read, for each group of 100 "
            "neurons, the smallest current that makes the neuron fire."
        )
    if not np.allclose(amps, expected, atol=0.01e-9):
        raise AssertionError(
            f"threshold_currents = {threshold_currents}. Around the threshold current the "
            "neuron's steady state, E_leak + I_ext/G_leak, just reaches V_th: how "
            "does it change when G_leak doubles?"
        )
    _correct(
        "The neuron fires only when I_ext > G_leak*(V_th - E_leak): doubling the "
        "leak doubles the threshold current, and shifts the whole f-I curve."
    )


def check_membrane_noise(v: Any) -> None:
    """Exercise: an Ornstein-Uhlenbeck membrane whose standard deviation is sigma = 5 mV.

    ``v`` holds the membrane potentials of many independent neurons after a
    long run (``neurons.v``); their mean should be E_L = -70 mV.
    """
    volts = _in_units(v, "volt", "v", "a voltage", "neurons.v")
    if volts.size < 100:
        raise AssertionError(f"Give the potentials of many neurons (got {volts.size}).")
    mean, sd = volts.mean(), volts.std()
    if abs(mean + 70e-3) > 0.5e-3:
        raise AssertionError(
            f"The mean potential is {mean * 1e3:.2f} mV, not E_L = -70 mV: did the "
            "neurons start at E_L, and did you run long enough (several tau)?"
        )
    ratio = sd / 5e-3
    if abs(ratio - 1) > 0.06:
        hint = (
            " That is about 1/sqrt(2) of sigma: with dv/dt = (E_L - v)/tau + s*xi the "
            "standard deviation is s*sqrt(tau/2), so the noise term needs sqrt(2/tau)."
            if abs(ratio - 1 / math.sqrt(2)) < 0.06
            else ""
        )
        raise AssertionError(
            f"The standard deviation of v is {sd * 1e3:.2f} mV instead of sigma = 5 mV.{hint}"
        )
    _correct(
        "sigma*sqrt(2/tau)*xi gives a membrane that fluctuates around E_L with a "
        "standard deviation of sigma, whatever tau."
    )


def check_psp_peak(monitor: Any) -> None:
    """Exercise: a postsynaptic potential of 1 mV (within 0.02 mV).

    ``monitor`` records ``Vm`` of the neuron, which rests at its initial
    value until the synaptic input arrives.
    """
    trace = _in_units(monitor.Vm[0], "mV", "monitor.Vm[0]", "a voltage", "monitor.Vm[0]")
    peak = trace.max() - trace[0]
    if abs(peak - 1) > 0.02:
        raise AssertionError(
            f"The PSP peaks {peak:.3f} mV above rest, not 1 mV. The PSP is proportional "
            f"to the weight: multiply w by {1 / peak:.3g}."
            if peak > 0
            else "The membrane potential never rises above rest: is w positive?"
        )
    _correct(
        "The peak of the PSP grows linearly with w, because the current-based "
        "synapse adds the same current whatever the membrane potential."
    )


def check_neighbour_synapses(synapses: Any) -> None:
    """Exercise: each neuron connects to its neighbours at distance 1 and 2, not to itself."""
    n_source = len(synapses.source)
    made = set(zip(np.asarray(synapses.i[:]).tolist(), np.asarray(synapses.j[:]).tolist()))
    expected = {(i, j) for i in range(n_source) for j in range(n_source) if 0 < abs(i - j) <= 2}
    missing, extra = sorted(expected - made), sorted(made - expected)
    if extra:
        what = "self-connections " if any(i == j for i, j in extra) else ""
        raise AssertionError(
            f"{len(extra)} synapses too many, for example {what}{extra[:3]}: the "
            "condition must keep only pairs with 0 < abs(i - j) <= 2."
        )
    if missing:
        raise AssertionError(
            f"{len(missing)} synapses are missing, for example {missing[:3]}: both "
            "directions (i < j and i > j) count as neighbours."
        )
    _correct(
        f"{len(made)} synapses: one condition string, evaluated for every pair "
        "(i, j), describes the whole connectivity."
    )


def check_stdp_window(delta_t: Any, delta_w: Any) -> None:
    """Exercise: the STDP learning window, delta_w as a function of t_post - t_pre.

    Pre-before-post pairs (delta_t > 0) change w by A_pre*exp(-delta_t/tau_pre),
    post-before-pre pairs by A_post*exp(delta_t/tau_post); pairs in the same
    time step (delta_t = 0) are not checked.
    """
    seconds = _in_units(delta_t, "second", "delta_t", "a time", "t_post - t_pre")
    change = np.asarray(delta_w, dtype=float)
    if seconds.shape != change.shape or seconds.size < 10:
        raise AssertionError("Give one weight change per time difference, for at least 10 pairs.")
    after, before = seconds > 0, seconds < 0
    expected = np.zeros_like(seconds)
    expected[after] = STDP["A_pre"] * np.exp(-seconds[after] / STDP["tau_pre"])
    expected[before] = STDP["A_post"] * np.exp(seconds[before] / STDP["tau_post"])
    checked = after | before
    if np.allclose(change[checked], 0):
        raise AssertionError(
            "The weights did not change: on_pre and on_post must both update w "
            "(w += apost when the presynaptic neuron spikes, w += apre when the "
            "postsynaptic one does)."
        )
    windows = (
        (after, "pre-before-post pairs (delta_t > 0)", "apre"),
        (before, "post-before-pre pairs (delta_t < 0)", "apost"),
    )
    for side, pairs, trace in windows:
        if not np.allclose(change[side], expected[side], rtol=1e-6, atol=1e-12):
            raise AssertionError(
                f"The {pairs} change w by the wrong amount. At the second spike of a "
                f"pair, w should grow by the other neuron's trace, {trace}, which has "
                "decayed since the first spike."
            )
    _correct(
        "Pre-before-post pairs strengthen the synapse, post-before-pre pairs weaken "
        "it, both less and less as the spikes get further apart."
    )
