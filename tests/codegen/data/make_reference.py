"""Regenerate brian2_integrators.npz: Brian 2 trajectories for tests/codegen/test_integrators.py.

Run with Brian 2's environment (numpy target, dt = 0.1 ms)::

    /work/main/.venv-brian2/bin/python tests/codegen/data/make_reference.py

Each model is simulated by Brian 2 with a given integration method; the
StateMonitor traces (recorded at the start of each step, SI values) and spike
times are stored under keys ``<model>__<variable>``.  The model strings,
parameters and initial values are repeated in the test, which integrates the
same equations with brianlab's statements and compares.
"""

from pathlib import Path

import brian2
import numpy as np
from brian2 import (
    Network,
    NeuronGroup,
    SpikeMonitor,
    StateMonitor,
    TimedArray,
    cm,
    defaultclock,
    ms,
    msiemens,
    mV,
    nA,
    nS,
    pF,
    prefs,
    seed,
    siemens,
    ufarad,
    umetre,
)

prefs.codegen.target = "numpy"
OUT = Path(__file__).with_name("brian2_integrators.npz")


def simulate(
    name,
    eqs,
    method,
    duration,
    size=1,
    init=None,
    namespace=None,
    record=None,
    threshold=None,
    reset=None,
    random_seed=None,
):
    """Run one model and return its traces as a dict of arrays."""
    defaultclock.dt = 0.1 * ms
    if random_seed is not None:
        seed(random_seed)
    group = NeuronGroup(
        size, eqs, method=method, threshold=threshold, reset=reset, namespace=namespace or {}
    )
    for var, value in (init or {}).items():
        setattr(group, var, value)
    variables = record or list(group.equations.diff_eq_names)
    trace = StateMonitor(group, variables, record=True)
    objects = [group, trace]
    spikes = SpikeMonitor(group) if threshold else None
    if spikes is not None:
        objects.append(spikes)
    net = Network(*objects)
    net.run(duration)
    out = {f"{name}__{var}": np.asarray(getattr(trace, var)) for var in variables}
    if spikes is not None:
        out[f"{name}__spike_t"] = np.asarray(spikes.t)
    return out


data = {"brian2_version": np.array(brian2.__version__)}

decay = "dv/dt = -v/tau : 1"
for method in ("exact", "euler", "rk2", "rk4"):
    data.update(
        simulate(
            f"decay_{method}", decay, method, 5 * ms, init={"v": 1.0}, namespace={"tau": 10 * ms}
        )
    )

linear2 = """
dv/dt = (-v + w + I_in)/tau : 1
dw/dt = -w/tau2 : 1
I_in = stim(t) : 1
"""
stim = TimedArray([0.0, 0.5, 1.0, 0.2], dt=1 * ms)
for method in ("exact", "rk4"):
    data.update(
        simulate(
            f"linear2_{method}",
            linear2,
            method,
            6 * ms,
            init={"w": 1.0},
            namespace={"tau": 10 * ms, "tau2": 3 * ms, "stim": stim},
            record=["v", "w", "I_in"],
        )
    )

hh = """
dv/dt = (g_L*(E_L - v) - g_Na*m**3*h*(v - E_Na) - g_K*n**4*(v - E_K) + I)/C_m : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32/mV*(13*mV - v + V_T)/(exp((13*mV - v + V_T)/(4*mV)) - 1)/ms : Hz
beta_m = 0.28/mV*(v - V_T - 40*mV)/(exp((v - V_T - 40*mV)/(5*mV)) - 1)/ms : Hz
alpha_h = 0.128*exp((17*mV - v + V_T)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + V_T)/(5*mV)))/ms : Hz
alpha_n = 0.032/mV*(15*mV - v + V_T)/(exp((15*mV - v + V_T)/(5*mV)) - 1)/ms : Hz
beta_n = 0.5*exp((10*mV - v + V_T)/(40*mV))/ms : Hz
"""
area = 20000 * umetre**2
hh_namespace = {
    "C_m": 1 * ufarad * cm**-2 * area,
    "g_L": 5e-5 * siemens * cm**-2 * area,
    "E_L": -65 * mV,
    "E_K": -90 * mV,
    "E_Na": 50 * mV,
    "g_Na": 100 * msiemens * cm**-2 * area,
    "g_K": 30 * msiemens * cm**-2 * area,
    "V_T": -63 * mV,
    "I": 2 * nA,
}
data.update(
    simulate(
        "hh_exponential_euler",
        hh,
        "exponential_euler",
        30 * ms,
        init={"v": -65 * mV},
        namespace=hh_namespace,
    )
)

adex = """
dv/dt = (g_L*(E_L - v) + g_L*DeltaT*exp((v - V_T)/DeltaT) - w + I)/C : volt
dw/dt = (a*(v - E_L) - w)/tau_w : amp
"""
adex_namespace = {
    "C": 281 * pF,
    "g_L": 30 * nS,
    "E_L": -70.6 * mV,
    "V_T": -50.4 * mV,
    "DeltaT": 2 * mV,
    "tau_w": 144 * ms,
    "a": 4 * nS,
    "b": 0.0805 * nA,
    "V_r": -70.6 * mV,
    "V_cut": -50.4 * mV + 5 * 2 * mV,
    "I": 1 * nA,
}
data.update(
    simulate(
        "adex_euler",
        adex,
        "euler",
        100 * ms,
        init={"v": -70.6 * mV},
        namespace=adex_namespace,
        threshold="v > V_cut",
        reset="v = V_r; w += b",
    )
)

izhikevich = """
dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I : volt
du/dt = a*(b*v - u) : volt/second
"""
izh_namespace = {"a": 0.02 / ms, "b": 0.2 / ms, "c": -65 * mV, "d": 8 * mV / ms, "I": 10 * mV / ms}
data.update(
    simulate(
        "izhikevich_euler",
        izhikevich,
        "euler",
        100 * ms,
        init={"v": -65 * mV, "u": -13 * mV / ms},
        namespace=izh_namespace,
        threshold="v >= 30*mV",
        reset="v = c; u += d",
    )
)

ou = "dv/dt = -v/tau + sigma*sqrt(2/tau)*xi : 1"
for method in ("euler", "heun", "milstein"):
    data.update(
        simulate(
            f"ou_{method}",
            ou,
            method,
            10 * ms,
            size=4,
            namespace={"tau": 10 * ms, "sigma": 0.5},
            random_seed=11,
        )
    )

geometric = "dv/dt = (mu - v)/tau + sigma*v*xi*tau**-0.5 : 1"
for method in ("heun", "milstein"):
    data.update(
        simulate(
            f"geometric_{method}",
            geometric,
            method,
            10 * ms,
            size=4,
            init={"v": 1.0},
            namespace={"tau": 10 * ms, "sigma": 0.3, "mu": 1.0},
            random_seed=12,
        )
    )

np.savez_compressed(OUT, **data)
print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(data)} arrays)")
