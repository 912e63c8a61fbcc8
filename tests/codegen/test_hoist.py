"""Loop-invariant work moved out of the element loop (``hoist_invariants``)."""

from __future__ import annotations

from brianlab.codegen.cse import eliminate_common_subexpressions
from brianlab.codegen.network_kernel import hoist_invariants
from brianlab.parsing.expressions import parse_expression, parse_statements
from brianlab.parsing.ir import Assign
from brianlab.parsing.printing import format_expr


def lines(statements):
    return [f"{st.target} = {format_expr(st.value)}" for st in statements]


def hoisted(code: str, invariant: tuple[str, ...]):
    return hoist_invariants(parse_statements(code), lambda name: name in invariant)


def test_a_division_by_a_parameter_becomes_a_multiplication_by_its_reciprocal():
    prelude, body = hoisted("a = x/tau + y", ("tau",))
    assert lines(prelude) == ["_lio_1 = 1/tau"]
    assert lines(body) == ["a = x*_lio_1 + y"]


def test_subtracting_a_parameter_stays_in_the_loop():
    prelude, body = hoisted("a = v - El", ("El",))
    assert prelude == []
    assert lines(body) == ["a = v - El"]


def test_invariant_factors_are_multiplied_together_once():
    prelude, body = hoisted("a = dt*(El - v)/tau", ("dt", "El", "tau"))
    assert lines(prelude) == ["_lio_1 = dt/tau"]
    assert lines(body) == ["a = (El - v)*_lio_1"]


def test_an_invariant_temporary_is_hoisted_with_the_work_that_reads_it():
    code = eliminate_common_subexpressions(
        parse_statements("a = (v - El)/(5*mV)\nb = (w - El)/(5*mV)")
    )
    assert lines(code)[0] == "_cse_1 = 5*mV"
    prelude, body = hoist_invariants(code, lambda name: name in ("El", "mV"))
    # the same work as without the temporary: one reciprocal, computed before the loop
    assert lines(prelude) == ["_lio_1 = 1/5/mV"]
    assert lines(body) == ["a = (v - El)*_lio_1", "b = (w - El)*_lio_1"]


def test_a_temporary_read_by_no_later_statement_stays_in_the_loop():
    code = [Assign("_cond", "=", parse_expression("t > 5*ms"))]
    _, body = hoist_invariants(code, lambda name: name in ("t", "ms"))
    assert [st.target for st in body] == ["_cond"]


def test_random_draws_stay_in_the_loop():
    prelude, body = hoisted("a = rand()*sigma/tau", ("sigma", "tau"))
    assert lines(prelude) == ["_lio_1 = sigma/tau"]
    assert lines(body) == ["a = rand()*_lio_1"]
