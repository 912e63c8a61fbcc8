"""Common-subexpression elimination: each repeated computation done once, same numbers.

Statements are run by a small interpreter of brianlab's IR defined here, so
that a test sees how many times each function is called; whole models are
run through NeuronGroup and Network, with the elimination switched off for
the comparison.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

import brianlab.groups.state_update as state_update
from brianlab import (
    Network,
    NeuronGroup,
    StateMonitor,
    cm,
    config,
    defaultclock,
    ms,
    msiemens,
    mV,
    nS,
    siemens,
    ufarad,
    umetre,
)
from brianlab.codegen.cse import eliminate_common_subexpressions
from brianlab.codegen.integrators import integrate
from brianlab.parsing.expressions import parse_expression, parse_statements
from brianlab.parsing.ir import Assign, BinOp, BoolOp, Call, Compare, Name, Num, UnaryOp, walk
from brianlab.parsing.printing import format_expr

# --------------------------------------------------------------------------- an IR interpreter

_BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
}
_COMPARE = {"<": lambda a, b: a < b, ">": lambda a, b: a > b, "!=": lambda a, b: a != b}


class Interpreter:
    """Runs IR statements on Python floats, counting the calls of each function."""

    def __init__(self):
        self.calls = Counter()
        self.draws = iter(range(1, 1000))
        self.functions = {
            "exp": math.exp,
            "exprel": lambda x: 1.0 if x == 0 else math.expm1(x) / x,
            "int": int,
            "rand": lambda: next(self.draws) / 1000,
        }

    def value(self, node, env):
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Name):
            return env[node.id]
        if isinstance(node, UnaryOp):
            operand = self.value(node.operand, env)
            return not operand if node.op == "not" else -operand if node.op == "-" else operand
        if isinstance(node, BinOp):
            return _BINARY[node.op](self.value(node.left, env), self.value(node.right, env))
        if isinstance(node, Compare):
            return _COMPARE[node.op](self.value(node.left, env), self.value(node.right, env))
        if isinstance(node, BoolOp):
            result = node.op == "and"
            for operand in node.values:  # short-circuit, as Python
                result = self.value(operand, env)
                if bool(result) != (node.op == "and"):
                    break
            return result
        self.calls[node.func] += 1
        return self.functions[node.func](*(self.value(a, env) for a in node.args))

    def run(self, statements, env):
        env = dict(env)
        for st in statements:
            if st.only_if is not None and not self.value(st.only_if, env):
                continue
            value = self.value(st.value, env)
            env[st.target] = value if st.op == "=" else _BINARY[st.op[0]](env[st.target], value)
        return env


def lines(statements):
    return [f"{st.target} = {format_expr(st.value)}" for st in statements]


# --------------------------------------------------------------------------- the elimination


def test_a_repeated_call_is_computed_once_into_a_temporary():
    code = parse_statements("a = exp(-v/tau)*w\nb = 1 - exp(-v/tau)")
    assert lines(eliminate_common_subexpressions(code)) == [
        "_cse_1 = exp(-v/tau)",
        "a = _cse_1*w",
        "b = 1 - _cse_1",
    ]


def test_the_largest_repeat_is_shared_and_its_parts_only_where_they_recur():
    code = parse_statements(
        "a = 1/(exprel(x) + exp(y))\nb = 2*(exprel(x) + exp(y))\nc = exprel(x)*3"
    )
    assert lines(eliminate_common_subexpressions(code)) == [
        "_cse_1 = exprel(x)",
        "_cse_2 = _cse_1 + exp(y)",
        "a = 1/_cse_2",
        "b = 2*_cse_2",
        "c = _cse_1*3",
    ]


def test_a_computation_is_not_shared_across_a_write_to_a_name_it_reads():
    code = parse_statements("a = exp(x)\nx = 2*x\nb = exp(x)\nc = exp(x) + 1")
    assert lines(eliminate_common_subexpressions(code)) == [
        "a = exp(x)",
        "x = 2*x",
        "_cse_1 = exp(x)",
        "b = _cse_1",
        "c = _cse_1 + 1",
    ]


def test_random_draws_are_never_merged():
    code = parse_statements("a = 2*rand()\nb = 2*rand()")
    assert eliminate_common_subexpressions(code) == code
    before, after = Interpreter(), Interpreter()
    assert before.run(code, {}) == after.run(eliminate_common_subexpressions(code), {})


def test_literals_of_different_types_are_different_computations():
    code = parse_statements("a = k*2\nb = k*2.0\nc = k*True")
    assert eliminate_common_subexpressions(code) == code


def test_nothing_python_would_skip_is_computed_in_advance():
    # 1/x only where x != 0 was checked first, or under an only_if
    code = parse_statements("a = x != 0 and 1/x > 2\nb = x != 0 and 1/x < 3")
    code.append(Assign("c", "=", parse_expression("1/x + 1"), only_if=parse_expression("x > 0")))
    code.append(Assign("d", "=", parse_expression("1/x + 2"), only_if=parse_expression("x > 0")))
    result = eliminate_common_subexpressions(code)
    assert "_cse_1 = x != 0" in lines(result)
    assert not any(st.value == parse_expression("1/x") for st in result)
    env = Interpreter().run(result, {"x": 0.0})  # no ZeroDivisionError
    assert env["a"] is False and env["b"] is False and "c" not in env and "d" not in env


def test_a_temporary_computed_before_is_reused_where_python_might_skip():
    code = parse_statements("a = 1/x\nb = x != 0 and 1/x > 2")
    assert lines(eliminate_common_subexpressions(code)) == [
        "_cse_1 = 1/x",
        "a = _cse_1",
        "b = x != 0 and _cse_1 > 2",
    ]


def test_numbering_continues_after_existing_temporaries():
    code = [
        Assign("_cse_3", "=", parse_expression("2*y")),
        Assign("a", "=", BinOp("*", *[Call("exp", (Name("_cse_3"),))] * 2)),
    ]
    assert lines(eliminate_common_subexpressions(code))[:2] == [
        "_cse_3 = 2*y",
        "_cse_4 = exp(_cse_3)",
    ]


HH = """
dv/dt = (gl*(El-v) + ge*(Ee-v) - g_na*m**3*h*(v-ENa) - g_kd*n**4*(v-EK))/Cm
dm/dt = alpha_m*(1 - m) - beta_m*m
dn/dt = alpha_n*(1 - n) - beta_n*n
dh/dt = alpha_h*(1 - h) - beta_h*h
dge/dt = -ge/taue
alpha_m = 1.28/exprel((13*mV - v + VT)/(4*mV))/ms
beta_m = 1.4/exprel((v - VT - 40*mV)/(5*mV))/ms
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms
beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms
alpha_n = 0.16/exprel((15*mV - v + VT)/(5*mV))/ms
beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms
"""

HH_VALUES = {
    "Cm": 2e-10,
    "gl": 1e-8,
    "g_na": 2e-5,
    "g_kd": 6e-6,
    "El": -0.06,
    "EK": -0.09,
    "ENa": 0.05,
    "Ee": 0.0,
    "VT": -0.063,
    "taue": 5e-3,
    "mV": 1e-3,
    "ms": 1e-3,
    "dt": 1e-4,
}


def hh_statements():
    diffs, subexpressions = [], {}
    for line in filter(None, (raw.strip() for raw in HH.splitlines())):
        left, right = (part.strip() for part in line.split("=", 1))
        if left.startswith("d") and left.endswith("/dt"):
            diffs.append((left[1:-3], parse_expression(right)))
        else:
            subexpressions[left] = parse_expression(right)
    return integrate(diffs, "exponential_euler", subexpressions=subexpressions)


def test_exponential_euler_of_hodgkin_huxley_calls_each_rate_function_once():
    plain = hh_statements()
    shared = eliminate_common_subexpressions(plain)
    state = {"v": -0.0612, "m": 0.05, "n": 0.3, "h": 0.6, "ge": 3e-8}
    before, after = Interpreter(), Interpreter()
    expected = before.run(plain, {**HH_VALUES, **state})
    got = after.run(shared, {**HH_VALUES, **state})
    # three exprel() and three exp() of v, one exp(B*dt) for each of v, m, n, h
    # and ge: without sharing, every rate is computed again in A/B and in B
    assert after.calls == {"exprel": 3, "exp": 3 + 5}
    assert before.calls["exprel"] > 3 and before.calls["exp"] > 8
    for var in state:
        assert got[var] == expected[var]  # bit for bit


def test_every_distinct_call_appears_once_in_the_statements():
    shared = eliminate_common_subexpressions(hh_statements())
    calls = [node for st in shared for node in walk(st.value) if isinstance(node, Call)]
    assert len(calls) == len(set(calls))


def test_exponential_euler_writes_a_pure_decay_as_one_multiplication():
    statements = integrate([("ge", parse_expression("-ge/taue"))], "exponential_euler")
    assert lines(statements) == ["_ge_new = ge*exp(-dt/taue)", "ge = _ge_new"]


# --------------------------------------------------------------------------- whole models


COBAHH_NEURON = """
dv/dt = (gl*(El-v) + ge*(Ee-v) - g_na*m**3*h*(v-ENa) - g_kd*n**4*(v-EK))/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dge/dt = -ge/taue : siemens
alpha_m = 1.28/exprel((13*mV - v + VT)/(4*mV))/ms : Hz
beta_m = 1.4/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz
alpha_n = 0.16/exprel((15*mV - v + VT)/(5*mV))/ms : Hz
beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz
"""


def run_cobahh_neurons(monkeypatch, share: bool):
    """Five COBAHH neurons (benchmarks/_brian2_networks.py) for 20 ms: traces and network."""
    if not share:
        monkeypatch.setattr(state_update, "eliminate_common_subexpressions", lambda s: s)
    area = 20000 * umetre**2
    namespace = {
        "Cm": 1 * ufarad * cm**-2 * area,
        "gl": 5e-5 * siemens * cm**-2 * area,
        "g_na": 100 * msiemens * cm**-2 * area,
        "g_kd": 30 * msiemens * cm**-2 * area,
        "El": -60 * mV,
        "EK": -90 * mV,
        "ENa": 50 * mV,
        "VT": -63 * mV,
        "Ee": 0 * mV,
        "taue": 5 * ms,
    }
    defaultclock.dt = 0.1 * ms
    group = NeuronGroup(5, COBAHH_NEURON, method="exponential_euler", namespace=namespace)
    group.v = np.linspace(-70, -50, 5) * mV
    group.ge = np.linspace(0, 40, 5) * nS
    monitor = StateMonitor(group, ["v", "m", "n", "h", "ge"], record=True)
    network = Network(group, monitor)
    # two runs: with numba on, the second runs compiled even if the first ran as Python
    network.run(1 * ms)
    network.run(19 * ms)
    return {var: np.asarray(getattr(monitor, var)) for var in ("v", "m", "n", "h", "ge")}, network


@pytest.mark.parametrize("jit", [False, True], ids=["python", "numba"])
def test_a_network_gives_the_same_numbers_with_and_without_sharing(monkeypatch, jit):
    monkeypatch.setattr(config, "jit", jit)
    shared, network = run_cobahh_neurons(monkeypatch, share=True)
    assert network.source.count("_exprel(") == 3
    plain, _ = run_cobahh_neurons(monkeypatch, share=False)
    assert np.ptp(plain["v"]) > 0.05  # the neurons spiked
    for var in shared:
        np.testing.assert_array_equal(shared[var], plain[var])
