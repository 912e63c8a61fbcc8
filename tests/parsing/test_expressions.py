"""The string -> IR parser: what it accepts, what it refuses, and where."""

import pytest

from brianlab.errors import EquationSyntaxError
from brianlab.parsing.expressions import parse_expression, parse_statements
from brianlab.parsing.ir import Assign, BinOp, Call, Name, Num
from brianlab.parsing.printing import format_expr


@pytest.mark.parametrize(
    "text",
    [
        "(E_L - v)/tau",
        "-v**2/tau + I*R",
        "v > -50*mV and not_refractory",
        "clip(w + A, 0, w_max)",
        "exp((v - V_T)/Delta_T)",
        "rand() < rates*dt",
        "i % 2 == 0 or not (j >= 3)",
        "tau**-0.5*xi",
        "a // b",
    ],
)
def test_round_trip_through_printing(text):
    expr = parse_expression(text)
    assert parse_expression(format_expr(expr)) == expr


def test_ir_structure_of_simple_expression():
    assert parse_expression("2*x + f(y)") == BinOp(
        "+", BinOp("*", Num(2), Name("x")), Call("f", (Name("y"),))
    )


@pytest.mark.parametrize(
    "text,fragment,col",
    [
        ("v^2", "'^' is not a power operator", 0),
        ("(v > 1) & (v < 2)", "'&' is a bitwise operator", 0),
        ("0 < v < 1", "write '0 < v and v < 1'", 0),
        ("__import__('os').system('x')", "attribute access", 0),
        ("v.__class__", "attribute access", 0),
        ("eval('1')", "'eval' is not an allowed function", 0),
        ("open('x')", "'open' is not an allowed function", 0),
        ("lambda x: x", "lambda functions are not supported", 0),
        ("[k for k in v]", "list comprehensions are not supported", 0),
        ("f'{v}'", "f-strings are not supported", 0),
        ("(y := 3)", "assignment expressions", 1),
        ("a if c else b", "conditional expressions", 0),
        ("v[0]", "indexing with '[...]'", 0),
        ("1e400*v", "too large to represent", 0),
        ("2tau", "explicit '*'", None),
        ("x + τ", "'τ' is not allowed", 4),
        ("_secret + 1", "reserved", 0),
        ("lambda + 1", "'lambda' is a Python keyword", None),
        ("'10 ms'", "text in quotes", 0),
        ("exp(x, base=2)", "keyword arguments", 0),
    ],
)
def test_refused_constructs_say_what_and_where(text, fragment, col):
    with pytest.raises(EquationSyntaxError) as info:
        parse_expression(text)
    err = info.value
    assert fragment in str(err)
    if col is not None:
        assert err.col == col
    assert err.source == text


def test_expression_too_long_is_refused():
    text = "+".join(["v"] * 1500)
    with pytest.raises(EquationSyntaxError, match="expression too long"):
        parse_expression(text)


def test_deep_nesting_is_refused_not_crashing():
    text = "-" * 500 + "v"
    with pytest.raises(EquationSyntaxError, match="nested too deeply"):
        parse_expression(text)


def test_statements_split_on_newlines_and_semicolons():
    code = "v = v_r; w += b\n# a comment\nx *= 2  # trailing"
    assert parse_statements(code) == [
        Assign("v", "=", Name("v_r")),
        Assign("w", "+=", Name("b")),
        Assign("x", "*=", Num(2)),
    ]
    assert [s.line for s in parse_statements(code)] == [1, 1, 3]


@pytest.mark.parametrize(
    "code,fragment",
    [
        ("v == 3", "is a comparison, not an assignment"),
        ("v.x = 3", "must assign to one plain variable"),
        ("a, b = 1, 2", "must assign to one plain variable"),
        ("import os", "is not an assignment"),
        ("v //= 2", "not a supported assignment"),
    ],
)
def test_statements_refuse_non_assignments(code, fragment):
    with pytest.raises(EquationSyntaxError, match=fragment):
        parse_statements(code)
