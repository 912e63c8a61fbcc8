"""Tests of brianlab.codegen.integrators: the update statements of each method.

The statements are run by a small numpy interpreter defined here (each
right-hand side rendered with ``format_expr`` and evaluated over all neurons
at once).  Reference trajectories come from Brian 2 2.9.0 (numpy target,
dt = 0.1 ms), stored in ``data/brian2_integrators.npz`` by
``data/make_reference.py``; the models below repeat that script's equations
and parameters.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from brianlab.codegen.integrators import METHODS, choose_method, integrate
from brianlab.errors import InvalidParameterError, UnsupportedEquationsError
from brianlab.parsing.ir import Assign, BinOp, BoolOp, Call, Compare, Name, Num, UnaryOp, walk
from brianlab.parsing.printing import format_expr

REFERENCE = np.load(Path(__file__).with_name("data") / "brian2_integrators.npz")
DT = 1e-4

# --------------------------------------------------------------------------- helpers

_BINARY = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
}
_UNARY = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def ir(text: str):
    """IR of a trusted test expression (a stand-in for brianlab's parser)."""

    def build(node):
        if isinstance(node, ast.Constant):
            return Num(node.value)
        if isinstance(node, ast.Name):
            return Name(node.id)
        if isinstance(node, ast.UnaryOp):
            return UnaryOp(_UNARY[type(node.op)], build(node.operand))
        if isinstance(node, ast.BinOp):
            return BinOp(_BINARY[type(node.op)], build(node.left), build(node.right))
        if isinstance(node, ast.Compare):
            return Compare(
                _COMPARE[type(node.ops[0])], build(node.left), build(node.comparators[0])
            )
        if isinstance(node, ast.BoolOp):
            op = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(op, tuple(build(v) for v in node.values))
        if isinstance(node, ast.Call):
            return Call(node.func.id, tuple(build(a) for a in node.args))
        raise TypeError(ast.dump(node))

    return build(ast.parse(text.strip(), mode="eval").body)


def equations(text: str) -> tuple[list, dict]:
    """``dX/dt = rhs`` lines and ``name = expr`` subexpression lines."""
    diffs, subexpressions = [], {}
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        left, right = (part.strip() for part in line.split("=", 1))
        if left.startswith("d") and left.endswith("/dt"):
            diffs.append((left[1:-3], ir(right)))
        else:
            subexpressions[left] = ir(right)
    return diffs, subexpressions


def statements_for(text: str, method: str) -> list[Assign]:
    diffs, subexpressions = equations(text)
    return integrate(diffs, method, subexpressions=subexpressions)


UNITS = {
    "ms": 1e-3,
    "mV": 1e-3,
    "nA": 1e-9,
    "nS": 1e-9,
    "pF": 1e-12,
    "Hz": 1.0,
    "um2": 1e-12,
}
FUNCTIONS = {
    "exp": np.exp,
    "log": np.log,
    "sqrt": np.sqrt,
    "sin": np.sin,
    "cos": np.cos,
    "abs": np.abs,
    "int": lambda x: np.asarray(x).astype(np.int64),
    "exprel": lambda x: np.where(x == 0, 1.0, np.expm1(x) / np.where(x == 0, 1.0, x)),
}


class Stepper:
    """Runs integration statements for ``n`` neurons at once with numpy."""

    def __init__(self, statements, namespace, n=1, seed=None):
        self.code = [(s.target, compile(format_expr(s.value), "<ir>", "eval")) for s in statements]
        self.namespace = {**FUNCTIONS, **UNITS, **namespace}
        self.n = n
        rng = np.random.RandomState(seed)  # Brian 2's numpy target draws randn(N) like this
        self.namespace["randn"] = lambda: rng.randn(n)

    def step(self, state: dict, t: float, dt: float = DT) -> dict:
        env = {**self.namespace, **state, "t": t, "dt": dt}
        for target, code in self.code:
            env[target] = eval(code, env)
        return {var: np.broadcast_to(env[var], (self.n,)).astype(float) for var in state}


def reset_after_threshold(threshold, reset):
    """Brian's order within a step: update, then threshold, then reset."""

    def apply(state):
        spiking = threshold(state)
        return reset(state, spiking), spiking

    return apply


def run(statements, namespace, init, n_steps, n=1, seed=None, after_step=None):
    """Trajectories recorded at the start of each step, as Brian's StateMonitor does."""
    stepper = Stepper(statements, namespace, n, seed)
    state = {var: np.full(n, float(value)) for var, value in init.items()}
    traces = {var: [] for var in state}
    spike_times = []
    for k in range(n_steps):
        for var in state:
            traces[var].append(state[var].copy())
        state = stepper.step(state, k * DT)
        if after_step is not None:
            state, spiking = after_step(state)
            spike_times += [k * DT] * int(np.sum(spiking))
    return {var: np.array(values).T for var, values in traces.items()}, np.array(spike_times)


def reference(model: str, var: str) -> np.ndarray:
    return REFERENCE[f"{model}__{var}"]


def assert_each_step_matches(
    model, text, method, namespace, variables, n=1, seed=None, after_step=None, rtol=1e-12
):
    """Advance Brian's recorded state at every step by one step and compare with its next one."""
    stepper = Stepper(statements_for(text, method), namespace, n, seed)
    traces = {var: reference(model, var) for var in variables}
    n_steps = traces[variables[0]].shape[1]
    for k in range(n_steps - 1):
        state = {var: traces[var][:, k].copy() for var in variables}
        state = stepper.step(state, k * DT)
        if after_step is not None:
            state, _ = after_step(state)
        for var in variables:
            expected = traces[var][:, k + 1]
            scale = np.abs(traces[var]).max()
            np.testing.assert_allclose(
                state[var], expected, rtol=rtol, atol=rtol * scale, err_msg=f"{var}, step {k}"
            )


# --------------------------------------------------------------------------- Brian 2 models

DECAY = "dv/dt = -v/tau"
DECAY_NS = {"tau": 10e-3}


@pytest.mark.parametrize("method", ["exact", "euler", "rk2", "rk4"])
def test_passive_decay_matches_brian2_at_every_step(method):
    assert_each_step_matches(f"decay_{method}", DECAY, method, DECAY_NS, ["v"])


@pytest.mark.parametrize("method", ["exact", "euler", "rk2", "rk4"])
def test_passive_decay_trajectory_matches_brian2(method):
    traces, _ = run(statements_for(DECAY, method), DECAY_NS, {"v": 1.0}, 50)
    np.testing.assert_allclose(traces["v"], reference(f"decay_{method}", "v"), rtol=1e-12)


def test_exact_passive_decay_is_the_analytic_exponential():
    traces, _ = run(statements_for(DECAY, "exact"), DECAY_NS, {"v": 1.0}, 50)
    np.testing.assert_allclose(traces["v"][0], np.exp(-np.arange(50) * DT / 10e-3), rtol=1e-13)


LINEAR2 = """
dv/dt = (-v + w + I_in)/tau
dw/dt = -w/tau2
I_in = stim(t)
"""


def stim(t):
    """Brian's TimedArray([0, 0.5, 1, 0.2], dt=1*ms): the value of the current 1 ms bin."""
    values = np.array([0.0, 0.5, 1.0, 0.2])
    return values[np.clip(int(np.floor(t / 1e-3 + 1e-6)), 0, len(values) - 1)]


LINEAR2_NS = {"tau": 10e-3, "tau2": 3e-3, "stim": stim}


def test_test_timedarray_stand_in_gives_brian2s_input_values():
    recorded = reference("linear2_exact", "I_in")[0]
    np.testing.assert_array_equal([stim(k * DT) for k in range(len(recorded))], recorded)


@pytest.mark.parametrize("method", ["exact", "rk4"])
def test_two_variable_linear_system_with_timedarray_matches_brian2(method):
    assert_each_step_matches(f"linear2_{method}", LINEAR2, method, LINEAR2_NS, ["v", "w"])
    traces, _ = run(statements_for(LINEAR2, method), LINEAR2_NS, {"v": 0.0, "w": 1.0}, 60)
    for var in ("v", "w"):
        np.testing.assert_allclose(traces[var], reference(f"linear2_{method}", var), rtol=1e-12)


HH = """
dv/dt = (g_L*(E_L - v) - g_Na*m**3*h*(v - E_Na) - g_K*n**4*(v - E_K) + I)/C_m
dm/dt = alpha_m*(1 - m) - beta_m*m
dn/dt = alpha_n*(1 - n) - beta_n*n
dh/dt = alpha_h*(1 - h) - beta_h*h
alpha_m = 0.32/mV*(13*mV - v + V_T)/(exp((13*mV - v + V_T)/(4*mV)) - 1)/ms
beta_m = 0.28/mV*(v - V_T - 40*mV)/(exp((v - V_T - 40*mV)/(5*mV)) - 1)/ms
alpha_h = 0.128*exp((17*mV - v + V_T)/(18*mV))/ms
beta_h = 4/(1 + exp((40*mV - v + V_T)/(5*mV)))/ms
alpha_n = 0.032/mV*(15*mV - v + V_T)/(exp((15*mV - v + V_T)/(5*mV)) - 1)/ms
beta_n = 0.5*exp((10*mV - v + V_T)/(40*mV))/ms
"""
_AREA = 20000e-12  # 20000 um**2 in m**2
HH_NS = {
    "C_m": 1e-6 / 1e-4 * _AREA,
    "g_L": 5e-5 / 1e-4 * _AREA,
    "E_L": -65e-3,
    "E_K": -90e-3,
    "E_Na": 50e-3,
    "g_Na": 100e-3 / 1e-4 * _AREA,
    "g_K": 30e-3 / 1e-4 * _AREA,
    "V_T": -63e-3,
    "I": 2e-9,
}
HH_VARS = ["v", "m", "n", "h"]


def test_hodgkin_huxley_exponential_euler_matches_brian2_at_every_step():
    assert_each_step_matches("hh_exponential_euler", HH, "exponential_euler", HH_NS, HH_VARS)


def test_hodgkin_huxley_exponential_euler_trajectory_matches_brian2():
    init = {"v": -65e-3, "m": 0.0, "n": 0.0, "h": 0.0}
    traces, _ = run(statements_for(HH, "exponential_euler"), HH_NS, init, 300)
    for var in HH_VARS:
        expected = reference("hh_exponential_euler", var)
        np.testing.assert_allclose(traces[var], expected, atol=1e-9 * np.abs(expected).max())


ADEX = """
dv/dt = (g_L*(E_L - v) + g_L*DeltaT*exp((v - V_T)/DeltaT) - w + I)/C
dw/dt = (a*(v - E_L) - w)/tau_w
"""
ADEX_NS = {
    "C": 281e-12,
    "g_L": 30e-9,
    "E_L": -70.6e-3,
    "V_T": -50.4e-3,
    "DeltaT": 2e-3,
    "tau_w": 144e-3,
    "a": 4e-9,
    "I": 1e-9,
}
ADEX_RESET = reset_after_threshold(
    lambda s: s["v"] > -50.4e-3 + 5 * 2e-3,
    lambda s, spiking: {
        "v": np.where(spiking, -70.6e-3, s["v"]),
        "w": s["w"] + 0.0805e-9 * spiking,
    },
)

IZHIKEVICH = """
dv/dt = (0.04/ms/mV)*v**2 + (5/ms)*v + 140*mV/ms - u + I
du/dt = a*(b*v - u)
"""
IZHIKEVICH_NS = {"a": 0.02 / 1e-3, "b": 0.2 / 1e-3, "I": 10e-3 / 1e-3}
IZHIKEVICH_RESET = reset_after_threshold(
    lambda s: s["v"] >= 30e-3,
    lambda s, spiking: {"v": np.where(spiking, -65e-3, s["v"]), "u": s["u"] + 8.0 * spiking},
)


@pytest.mark.parametrize(
    ("model", "text", "namespace", "init", "after_step"),
    [
        ("adex_euler", ADEX, ADEX_NS, {"v": -70.6e-3, "w": 0.0}, ADEX_RESET),
        (
            "izhikevich_euler",
            IZHIKEVICH,
            IZHIKEVICH_NS,
            {"v": -65e-3, "u": -13.0},
            IZHIKEVICH_RESET,
        ),
    ],
)
def test_spiking_model_with_euler_matches_brian2(model, text, namespace, init, after_step):
    variables = list(init)
    assert_each_step_matches(model, text, "euler", namespace, variables, after_step=after_step)
    traces, spikes = run(
        statements_for(text, "euler"), namespace, init, 1000, after_step=after_step
    )
    np.testing.assert_array_equal(spikes, reference(model, "spike_t"))
    for var in variables:
        expected = reference(model, var)
        np.testing.assert_allclose(traces[var], expected, atol=1e-9 * np.abs(expected).max())


OU = "dv/dt = -v/tau + sigma*sqrt(2/tau)*xi"
OU_NS = {"tau": 10e-3, "sigma": 0.5}
GEOMETRIC = "dv/dt = (mu - v)/tau + sigma*v*xi*tau**-0.5"
GEOMETRIC_NS = {"tau": 10e-3, "sigma": 0.3, "mu": 1.0}


@pytest.mark.parametrize("method", ["euler", "heun", "milstein"])
def test_ou_process_matches_brian2_with_the_same_random_numbers(method):
    assert_each_step_matches(f"ou_{method}", OU, method, OU_NS, ["v"], n=4, seed=11)


@pytest.mark.parametrize("method", ["heun", "milstein"])
def test_multiplicative_noise_matches_brian2_with_the_same_random_numbers(method):
    model = f"geometric_{method}"
    assert_each_step_matches(model, GEOMETRIC, method, GEOMETRIC_NS, ["v"], n=4, seed=12)
    traces, _ = run(statements_for(GEOMETRIC, method), GEOMETRIC_NS, {"v": 1.0}, 100, 4, 12)
    np.testing.assert_allclose(traces["v"], reference(model, "v"), rtol=1e-12)


def test_ou_process_keeps_its_stationary_standard_deviation():
    n, sigma = 4000, OU_NS["sigma"]
    stepper = Stepper(statements_for(OU, "euler"), OU_NS, n, seed=3)
    state = {"v": np.random.RandomState(4).normal(0, sigma, n)}
    for k in range(200):
        state = stepper.step(state, k * DT)
    standard_error = sigma / np.sqrt(2 * n)
    assert abs(np.std(state["v"]) - sigma) < 4 * standard_error
    assert abs(np.mean(state["v"])) < 4 * sigma / np.sqrt(n)


# --------------------------------------------------------------------------- noise handling


def test_each_noise_name_is_drawn_once_per_step_and_shared_between_equations():
    text = """
    dv/dt = -v/tau + sigma*xi_1/sqrt(tau)
    dw/dt = -w/tau + sigma*xi_1/sqrt(tau) + sigma*xi_2/sqrt(tau)
    """
    for method in ("euler", "heun"):
        statements = statements_for(text, method)
        draws = [
            s
            for s in statements
            if any(isinstance(n, Call) and n.func == "randn" for n in walk(s.value))
        ]
        assert [s.target for s in draws] == ["_dW_xi_1", "_dW_xi_2"]
        assert statements.index(draws[-1]) == len(draws) - 1  # drawn before anything else


def test_shared_noise_gives_identical_increments_to_both_variables():
    text = """
    dv/dt = sigma*xi_1/sqrt(tau)
    dw/dt = sigma*xi_1/sqrt(tau)
    """
    stepper = Stepper(statements_for(text, "euler"), {"tau": 1.0, "sigma": 1.0}, n=5, seed=1)
    state = stepper.step({"v": np.zeros(5), "w": np.zeros(5)}, 0.0)
    np.testing.assert_array_equal(state["v"], state["w"])
    assert np.all(state["v"] != 0)


def test_heun_with_multiplicative_noise_uses_the_support_value_at_the_end_of_the_step():
    """One Heun step of dv = sigma*v dW: v*(1 + sigma*dW + sigma**2*dW**2/2)."""
    stepper = Stepper(statements_for("dv/dt = sigma*v*xi", "heun"), {"sigma": 0.7}, n=3, seed=5)
    dw = np.sqrt(DT) * np.random.RandomState(5).randn(3)
    state = stepper.step({"v": np.full(3, 2.0)}, 0.0)
    np.testing.assert_allclose(state["v"], 2.0 * (1 + 0.7 * dw + 0.7**2 * dw**2 / 2), rtol=1e-14)


def test_milstein_step_adds_the_stratonovich_correction():
    """One step of dv = sigma*v dW: v*(1 + sigma*dW + sigma**2*dW**2/2) (derivative-free)."""
    stepper = Stepper(statements_for("dv/dt = sigma*v*xi", "milstein"), {"sigma": 0.7}, 3, 5)
    dw = np.sqrt(DT) * np.random.RandomState(5).randn(3)
    state = stepper.step({"v": np.full(3, 2.0)}, 0.0)
    np.testing.assert_allclose(state["v"], 2.0 * (1 + 0.7 * dw + 0.7**2 * dw**2 / 2), rtol=1e-14)


# --------------------------------------------------------------------------- refractoriness


def test_exact_holds_a_refractory_variable_and_still_integrates_the_others():
    """Brian 2 2.9.0 returns NaN for this coupled system; brianlab must not."""
    text = """
    dv/dt = int(not_refractory)*(-v + 2 + w)/tau
    dw/dt = -w/tau
    """
    stepper = Stepper(statements_for(text, "exact"), {"tau": 10e-3}, n=2)
    state = {"v": np.array([0.5, 0.5]), "w": np.array([1.0, 1.0])}
    after = stepper.step({**state, "not_refractory": np.array([False, True])}, 0.0)
    decay = np.exp(-DT / 10e-3)
    np.testing.assert_allclose(after["w"], [decay, decay], rtol=1e-14)
    assert after["v"][0] == 0.5
    # v(dt) for v' = (2 + w - v)/tau with w = e^(-t/tau): 2 + (v0 - 2)e^(-s) + (dt/tau)e^(-s)
    expected = 2 + (0.5 - 2) * decay + DT / 10e-3 * decay
    np.testing.assert_allclose(after["v"][1], expected, rtol=1e-13)


def test_exponential_euler_holds_a_refractory_variable_without_dividing_by_zero():
    text = """
    dv/dt = int(not_refractory)*(-v + 2 + w)/tau
    dw/dt = -w/tau
    """
    statements = statements_for(text, "exponential_euler")
    stepper = Stepper(statements, {"tau": 10e-3}, n=2)
    with np.errstate(all="raise"):
        after = stepper.step(
            {"v": np.full(2, 0.5), "w": np.ones(2), "not_refractory": np.array([False, True])}, 0.0
        )
    assert after["v"][0] == 0.5
    np.testing.assert_allclose(after["v"][1], 3 + (0.5 - 3) * np.exp(-DT / 10e-3), rtol=1e-14)


# --------------------------------------------------------------------------- convergence


def _final_error(method: str, n_steps: int) -> float:
    """Integrate x' = -x**2*cos(t/tau)/tau (x = 1/(1/x0 + sin(t/tau))) to t = tau."""
    tau, x0 = 1.0, 0.5
    dt = tau / n_steps
    stepper = Stepper(statements_for("dx/dt = -x**2*cos(t/tau)/tau", method), {"tau": tau})
    state = {"x": np.array([x0])}
    for k in range(n_steps):
        state = stepper.step(state, k * dt, dt)
    return abs(state["x"][0] - 1 / (1 / x0 + np.sin(1.0)))


@pytest.mark.parametrize(("method", "order"), [("euler", 1), ("rk2", 2), ("rk4", 4)])
def test_observed_convergence_order(method, order):
    errors = [_final_error(method, n) for n in (16, 32, 64, 128)]
    observed = np.polyfit(np.log([1 / 16, 1 / 32, 1 / 64, 1 / 128]), np.log(errors), 1)[0]
    assert abs(observed - order) < 0.15


# --------------------------------------------------------------------------- statement form


@pytest.mark.parametrize("method", METHODS)
def test_statements_read_only_the_old_state_and_end_with_the_assignments(method):
    text = "dv/dt = (w - v)/tau\ndw/dt = -w/tau"
    statements = statements_for(text, method)
    final = statements[-2:]
    assert [(s.target, s.op, s.value) for s in final] == [
        ("v", "=", Name("_v_new")),
        ("w", "=", Name("_w_new")),
    ]
    assigned: set[str] = set()
    for s in statements[:-2]:
        assert s.target.startswith("_") and s.op == "="
        reads = {n.id for n in walk(s.value) if isinstance(n, Name)}
        assert {r for r in reads if r.startswith("_")} <= assigned
        assigned.add(s.target)


def test_linear_is_an_alias_of_exact():
    diffs, _ = equations(DECAY)
    assert integrate(diffs, "linear") == integrate(diffs, "exact")


def test_returned_statements_can_be_changed_without_affecting_later_calls():
    diffs, _ = equations(DECAY)
    first = integrate(diffs, "euler")
    first.clear()
    assert integrate(diffs, "euler")


def test_exact_keeps_timedarray_inputs_as_constants_over_the_step():
    statements = statements_for("dv/dt = (I_stim(t) - v)/tau", "exact")
    stepper = Stepper(statements, {"tau": 10e-3, "I_stim": lambda t: 3.0})
    after = stepper.step({"v": np.array([1.0])}, 0.0)
    np.testing.assert_allclose(after["v"], 3 + (1 - 3) * np.exp(-DT / 10e-3), rtol=1e-14)


# --------------------------------------------------------------------------- method choice


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("dv/dt = (I - v)/tau", "exact"),
        ("dv/dt = (I_stim(t) - v)/tau", "exact"),
        ("dv/dt = (g*(E - v) + I)/tau\ndg/dt = -g/tau_g", "euler"),
        ("dv/dt = -v**2/tau", "euler"),
        ("dv/dt = -v/tau + sigma*sqrt(2/tau)*xi", "euler"),
        ("dv/dt = -v/tau + sigma*v*xi/sqrt(tau)", "heun"),
    ],
)
def test_choose_method_takes_the_first_of_exact_euler_heun_that_works(text, method):
    diffs, subexpressions = equations(text)
    assert choose_method(diffs, subexpressions) == method


def test_choose_method_explains_why_no_candidate_works():
    diffs, _ = equations("dv/dt = -v**2/tau")
    with pytest.raises(UnsupportedEquationsError) as info:
        choose_method(diffs, candidates=("exact", "exponential_euler"))
    assert info.value.message.startswith(
        "None of the methods exact, exponential_euler can integrate these equations "
        "(exact: The equation for 'v' is not linear ('-v**2/tau')"
    )


# --------------------------------------------------------------------------- errors


def _error(text: str, method: str) -> Exception:
    diffs, subexpressions = equations(text)
    with pytest.raises((UnsupportedEquationsError, InvalidParameterError)) as info:
        integrate(diffs, method, subexpressions=subexpressions)
    return info.value


def test_unknown_method_lists_the_available_ones():
    error = _error(DECAY, "rk45")
    assert isinstance(error, InvalidParameterError) and isinstance(error, ValueError)
    assert str(error) == (
        "unknown method 'rk45'; available: exact, euler, rk2, rk4, exponential_euler, heun, "
        "milstein. Pass one of these names, e.g. method='euler', or leave method out to let "
        "brianlab choose."
    )


def test_exact_refuses_a_nonlinear_equation():
    assert str(_error("dv/dt = -v**2/tau", "exact")) == (
        "The equation for 'v' is not linear ('-v**2/tau'), so method='exact' cannot "
        "integrate it. 'exact' only works for linear equations; try method='rk4' (or 'euler')."
    )


def test_exact_refuses_a_conductance_times_the_voltage():
    error = _error("dv/dt = g*(E - v)/tau\ndg/dt = -g/tau_g", "exact")
    assert error.message == (
        "The equation for 'v' is not linear ('g*(E - v)/tau'), so method='exact' cannot "
        "integrate it."
    )


def test_exact_refuses_explicit_time_dependence():
    assert str(_error("dv/dt = (-v + sin(2*pi*f*t))/tau", "exact")) == (
        "The equation for 'v' ('(-v + sin(2*pi*f*t))/tau') depends on the time t, so it is "
        "not constant over a time step and method='exact' cannot integrate it. 'exact' "
        "allows t only as the argument of an input such as a TimedArray I(t); try "
        "method='rk4' (or 'euler')."
    )


@pytest.mark.parametrize(
    "text", ["dv/dt = (-v + I_stim(t + dt))/tau", "dv/dt = (-v + rand())/tau"]
)
def test_exact_refuses_inputs_not_constant_over_the_step(text):
    assert "method='exact' cannot integrate it" in str(_error(text, "exact"))


@pytest.mark.parametrize("method", ["exact", "rk2", "rk4", "exponential_euler"])
def test_deterministic_methods_refuse_noise(method):
    assert str(_error(OU, method)) == (
        f"The equation for 'v' is stochastic (it contains 'xi'), so method='{method}' "
        "cannot integrate it. For noise use method='euler' (additive noise), 'heun' or "
        "'milstein'."
    )


def test_euler_refuses_multiplicative_noise_and_suggests_heun_or_milstein():
    assert str(_error("dv/dt = -v/tau + v*sigma*xi*tau**-0.5", "euler")) == (
        "The noise term of 'v' ('sigma*v/sqrt(tau)' times 'xi') depends on the state or on "
        "time (multiplicative noise), which method='euler' cannot integrate. Use "
        "method='heun' or method='milstein'."
    )


def test_noise_hidden_in_a_subexpression_is_found():
    error = _error("dv/dt = -v/tau + I_noise\nI_noise = v*xi/sqrt(tau)", "euler")
    assert "multiplicative noise" in error.message


def test_noise_must_enter_linearly():
    assert str(_error("dv/dt = -v/tau + xi**2", "euler")) == (
        "The equation for 'v' uses the noise 'xi' in a non-linear way ('-v/tau + xi**2'). "
        "Noise must enter as a term 'g*xi' added to the rest, e.g. "
        "'-v/tau + sigma*sqrt(2/tau)*xi'."
    )


def test_milstein_refuses_noise_shared_between_variables():
    text = "dv/dt = -v/tau + w*xi_s/sqrt(tau)\ndw/dt = -w/tau + v*xi_s/sqrt(tau)"
    assert str(_error(text, "milstein")) == (
        "The noise 'xi_s' appears in the equations of v and w, so method='milstein' cannot "
        "integrate them (it needs a separate noise for each variable). Use method='heun'."
    )


def test_exponential_euler_refuses_an_equation_nonlinear_in_its_own_variable():
    """Brian 2 2.9.0 accepts it, treating exp(v) as a constant, against its own documentation."""
    assert str(_error("dv/dt = (2*exp(v) - v)/tau", "exponential_euler")) == (
        "The equation for 'v' is not linear in 'v' ('(2*exp(v) - v)/tau'), so "
        "method='exponential_euler' cannot integrate it. 'exponential_euler' only works for "
        "equations of the form A + B*v with A and B independent of v; try method='rk4' "
        "(or 'euler')."
    )


def test_cyclic_subexpressions_are_reported():
    error = _error("dv/dt = a/tau\na = 2*b\nb = a + 1", "euler")
    assert str(error) == (
        "The subexpressions a -> b -> a are defined in terms of each other in a cycle. "
        "Define each subexpression from state variables and parameters only."
    )


def test_exact_refuses_an_oscillating_linear_system():
    """Brian 2 refuses it too (its solution has complex exponentials), choosing euler instead."""
    text = "dv/dt = w/tau\ndw/dt = -v/tau"
    assert str(_error(text, "exact")) == (
        "The solution of the linear equations for v, w oscillates (it involves complex "
        "numbers), which method='exact' cannot integrate. Try method='rk4' (or 'euler')."
    )
    diffs, _ = equations(text)
    assert choose_method(diffs) == "euler"


def test_exact_leaves_variables_without_the_refractory_switch_unswitched():
    statements = statements_for("dv/dt = int(not_refractory)*(w - v)/tau\ndw/dt = -w/tau", "exact")
    w_new = next(s for s in statements if s.target == "_w_new")
    assert format_expr(w_new.value) == "w*exp(-dt/tau)"


def test_heun_evaluates_a_time_dependent_noise_amplitude_at_the_end_of_the_step():
    stepper = Stepper(
        statements_for("dv/dt = -v/tau + s*t*xi", "heun"), {"tau": 0.1, "s": 3.0}, 2, 9
    )
    dw = np.sqrt(DT) * np.random.RandomState(9).randn(2)
    t = 0.05
    state = stepper.step({"v": np.ones(2)}, t)
    expected = 1 - DT * 1 / 0.1 + 0.5 * dw * (3.0 * t + 3.0 * (t + DT))
    np.testing.assert_allclose(state["v"], expected, rtol=1e-14)


_Z = -DT / 0.01  # one step of v' = (E - v)/tau multiplies v - E by a polynomial in z = -dt/tau
_GROWTH = {
    "rk2": 1 + _Z + _Z**2 / 2,
    "rk4": 1 + _Z + _Z**2 / 2 + _Z**3 / 6 + _Z**4 / 24,
    "exact": np.exp(_Z),
    "exponential_euler": np.exp(_Z),
}


@pytest.mark.parametrize("method", list(_GROWTH))
def test_subexpressions_are_evaluated_at_the_intermediate_states(method):
    with_subexpression = statements_for("dv/dt = I_leak/tau\nI_leak = E - v", method)
    inlined = statements_for("dv/dt = (E - v)/tau", method)
    namespace = {"tau": 0.01, "E": 0.5}
    after = Stepper(with_subexpression, namespace).step({"v": np.array([2.0])}, 0.0)
    np.testing.assert_allclose(
        after["v"], Stepper(inlined, namespace).step({"v": np.array([2.0])}, 0.0)["v"], rtol=1e-15
    )
    np.testing.assert_allclose(after["v"], 0.5 + 1.5 * _GROWTH[method], rtol=1e-14)


def _expm(m: np.ndarray) -> np.ndarray:
    """Matrix exponential by its Taylor series (fine for the small norms used here)."""
    result, term = np.eye(len(m)), np.eye(len(m))
    for k in range(1, 40):
        term = term @ m / k
        result = result + term
    return result


@pytest.mark.parametrize(
    ("text", "matrix", "drive"),
    [
        (  # synaptic chain, all time constants different: Parlett's recurrence
            "dv/dt = (-v + I1 + I3 + E)/tau\ndI1/dt = (I2 - I1)/tau1\ndI2/dt = -I2/tau2"
            "\ndI3/dt = -I3/tau3",
            [[-100, 100, 0, 100], [0, -200, 200, 0], [0, 0, -300, 0], [0, 0, 0, -20]],
            [100 * 0.5, 0, 0, 0],
        ),
        (  # equal time constants: a Jordan block, solved by sympy's general route
            "dv/dt = (-v + I1 + E)/tau\ndI1/dt = -I1/tau",
            [[-100, 100], [0, -100]],
            [100 * 0.5, 0],
        ),
        (  # coupled, real eigenvalues
            "dv/dt = (-v - w + E)/tau\ndw/dt = (a*v - w)/tau3",
            [[-100, -100], [2, -20]],
            [100 * 0.5, 0],
        ),
    ],
)
def test_exact_step_equals_the_matrix_exponential(text, matrix, drive):
    namespace = {"tau": 0.01, "tau1": 0.005, "tau2": 1 / 300, "tau3": 0.05, "E": 0.5, "a": 0.1}
    diffs, _ = equations(text)
    variables = [var for var, _ in diffs]
    start = np.linspace(0.3, -0.2, len(variables))
    augmented = np.zeros((len(drive) + 1, len(drive) + 1))
    augmented[:-1, :-1], augmented[:-1, -1] = matrix, drive
    expected = (_expm(augmented * DT) @ np.append(start, 1.0))[:-1]
    stepper = Stepper(integrate(diffs, "exact"), namespace)
    after = stepper.step({var: np.array([x]) for var, x in zip(variables, start)}, 0.0)
    np.testing.assert_allclose([after[var][0] for var in variables], expected, rtol=1e-12)


def test_exact_stays_finite_when_two_time_constants_are_equal_at_run_time():
    """Brian 2 divides by tau - tau_s here and gives NaN for tau_s == tau."""
    statements = statements_for("dv/dt = (-v + I)/tau\ndI/dt = -I/tau_s", "exact")
    stepper = Stepper(statements, {"tau": 0.01, "tau_s": 0.01})
    after = stepper.step({"v": np.array([0.2]), "I": np.array([1.0])}, 0.0)
    decay = np.exp(-DT / 0.01)
    np.testing.assert_allclose(after["v"], decay * (0.2 + DT / 0.01), rtol=1e-14)
    np.testing.assert_allclose(after["I"], decay, rtol=1e-15)


def test_exact_constant_drive_has_no_cancellation_for_tiny_steps():
    """v(dt) - v0 for v' = (E - v)/tau is (E - v0)*(1 - exp(-dt/tau)), computed accurately."""
    statements = statements_for("dv/dt = (E - v)/tau", "exact")
    small_dt = 1e-12
    after = Stepper(statements, {"tau": 0.01, "E": 1.0}).step(
        {"v": np.array([0.0])}, 0.0, small_dt
    )
    np.testing.assert_allclose(after["v"], -np.expm1(-small_dt / 0.01), rtol=1e-15)
