"""The unit after ':' in an equation: parsed with ast, never evaluated."""

import pytest

from brianlab.errors import EquationSyntaxError
from brianlab.units import (
    DIMENSIONLESS,
    amp,
    kilogram,
    metre,
    mM,
    parse_unit_spec,
    second,
    siemens,
    volt,
)
from brianlab.units.unitspec import allowed_units_text

ALLOWED = allowed_units_text()


@pytest.mark.parametrize(
    ("text", "dim"),
    [
        ("volt", volt.dim),
        ("1", DIMENSIONLESS),
        ("siemens/meter**2", siemens.dim / metre.dim**2),
        ("amp/metre**2", amp.dim / metre.dim**2),
        ("Hz", second.dim**-1),
        ("1/second", second.dim**-1),
        ("second**-0.5", second.dim**-0.5),
        ("second ** 0.5", second.dim**0.5),
        ("radian", DIMENSIONLESS),
        ("volt*amp", volt.dim * amp.dim),
        ("kilogram", kilogram.dim),
        ("mM", mM.dim),
        ("  volt  ", volt.dim),
    ],
)
def test_valid_unit_specifications(text, dim):
    assert parse_unit_spec(text) == dim


def error_for(text: str) -> EquationSyntaxError:
    with pytest.raises(EquationSyntaxError) as info:
        parse_unit_spec(text)
    return info.value


def test_an_unknown_name_lists_the_base_units_and_suggests_the_closest():
    error = error_for("voltage")
    assert str(error) == (
        "Unit specification refers to 'voltage', but this is not a base unit. The following "
        f"base units are allowed: {ALLOWED}. Did you mean 'volt'?"
    )
    assert error.col == 0 and error.source == "voltage"
    assert isinstance(error, SyntaxError)


def test_the_allowed_list_names_aliases_in_parentheses():
    assert ALLOWED.startswith("amp (ampere), candle (lumen), coulomb, farad, gray (sievert)")
    assert "metre (meter)" in ALLOWED and ALLOWED.endswith("volt, watt, weber")


def test_a_scaled_unit_is_replaced_by_its_base_unit():
    assert str(error_for("mV")) == (
        "Unit specification refers to 'mV', but this is not a base unit. Use 'volt' instead. "
        "(Units after ':' name the dimension; write values like -70*mV in parameters.)"
    )
    assert "Use 'metre**3' instead." in str(error_for("liter"))
    assert "Use 'mmolar' instead." in str(error_for("molar"))
    assert "Use 'kilogram' instead." in str(error_for("gram"))
    assert "Use 'metre**2' instead." in str(error_for("metre2"))


def test_a_number_times_a_unit_is_a_quantity_not_a_unit():
    for text in ("2*volt", "volt*2", "1*volt", "second**-1/2"):
        assert str(error_for(text)) == (
            f"'{text}' does not evaluate to a unit but to a quantity -- make sure to only use "
            "units, e.g. 'siemens/metre**2' and not '1 * siemens/metre**2'."
        )


def test_the_column_points_at_the_offending_name():
    assert error_for("volt*ohms").col == 5
    assert error_for("  voltage").col == 2
    assert error_for("volt*2").col == 5


def test_exponents_must_be_numbers():
    error = error_for("volt**x")
    assert str(error) == (
        "The exponent in the unit 'volt**x' must be a number, e.g. 'metre**2' or 'second**-0.5'."
    )
    assert error.col == 6


@pytest.mark.parametrize(
    "text", ['__import__("os")', "volt.real", "volt[0]", "volt if 1 else amp", "lambda: 1"]
)
def test_anything_but_names_numbers_and_arithmetic_is_rejected_without_evaluation(text):
    assert str(error_for(text)) == (
        f"Invalid unit specification '{text}': only unit names, '1', '*', '/' and '**' "
        "are allowed, e.g. 'siemens/metre**2'."
    )


def test_invalid_syntax_and_a_missing_unit():
    assert str(error_for("(volt")) == (
        "Invalid unit specification '(volt': this is not valid syntax; "
        "write units like 'siemens/metre**2', or '1'."
    )
    assert str(error_for(" ")) == (
        "Missing unit after ':'; write e.g. 'volt', or '1' for a dimensionless variable."
    )
