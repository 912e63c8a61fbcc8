"""Printed forms of quantities and units, compared with Brian 2's own output."""

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import brianlab.units as units
from brianlab.units import (
    DIMENSIONLESS,
    Dimension,
    Hz,
    Quantity,
    all_units,
    cm,
    format_dimension,
    kilogram,
    mM,
    ms,
    mV,
    nA,
    nS,
    ohm,
    parse_unit_spec,
    pF,
    uF,
    volt,
)

DATA = Path(__file__).parent / "data"
PRINTED = json.loads((DATA / "brian2_printing.json").read_text())


def test_repr_and_str_match_brian2_for_the_collected_session():
    # one session, in order: unit arithmetic earlier in the list changes how
    # later quantities print, exactly as in Brian 2
    namespace = {"np": np, "Quantity": Quantity, **units.all_units}
    mismatches = []
    for row in PRINTED:
        value = eval(row["expr"], namespace)
        got = (repr(value), str(value))
        if got != (row["repr"], row["str"]):
            mismatches.append((row["expr"], got, (row["repr"], row["str"])))
    assert mismatches == []


def test_a_long_array_is_printed_in_the_unit_that_suits_the_elements_numpy_shows():
    # Brian 2 chooses the unit from the printed (summarised) elements only
    values = np.full(1001, 1e-9)
    values[:3] = values[-3:] = 1.0
    assert repr(values * volt).endswith("* volt")
    assert str(values[3:-3] * volt).endswith(" nV")


@pytest.mark.parametrize(
    ("quantity", "unit", "precision", "expected"),
    [
        (3 * mV, mV, None, "3. mV"),
        (3.14159 * mV, mV, 2, "3.14 mV"),
        ([3.14159, 2] * mV, mV, 2, "[3.14 2.  ] mV"),
        (0.3157 * nA, nA, None, "0.3157 nA"),
    ],
)
def test_in_unit_writes_the_values_in_the_given_unit(quantity, unit, precision, expected):
    assert quantity.in_unit(unit, precision) == expected


def test_in_best_unit_and_get_best_unit_use_the_printed_unit():
    assert (0.3157 * nA).in_best_unit() == "315.7 pA"
    assert (3.14159 * mV).in_best_unit(3) == "3.142 mV"
    assert (0.3157 * nA).get_best_unit() is all_units["pamp"]


def test_a_dimensionless_quantity_prints_as_a_plain_number():
    assert repr(Quantity(3)) == "Quantity(3.)"
    assert str(Quantity([1, 2])) == "[1. 2.]"


def test_format_without_spec_shows_the_unit_and_with_a_spec_formats_the_si_value():
    # as in Brian 2: f"{v:.2f}" formats the value in volt
    assert f"{50 * mV}" == "50. mV"
    assert f"{50 * mV:.3f}" == "0.050"


@pytest.mark.parametrize(
    ("dim", "expected"),
    [
        (volt.dim, "volt"),
        (nA.dim, "amp"),
        (ms.dim, "second"),
        (Hz.dim, "hertz"),
        ((mV / ms).dim, "volt/second"),
        ((nS / cm**2).dim, "siemens/metre**2"),
        ((nA / cm**2).dim, "amp/metre**2"),
        ((uF / cm**2).dim, "farad/metre**2"),
        ((ms**-0.5).dim, "1/second**0.5"),
        ((ms**0.5).dim, "second**0.5"),
        ((mV**2).dim, "volt**2"),
        ((1 / mV).dim, "1/volt"),
        ((nA * ms).dim, "coulomb"),
        ((mV * nA).dim, "watt"),
        ((mV * ms).dim, "volt*second"),
        ((Hz / nA).dim, "hertz/amp"),
        ((ohm * cm).dim, "ohm*metre"),
        ((mM).dim, "mole/metre**3"),
        ((kilogram).dim, "kilogram"),
        ((mV / ms**2).dim, "volt/second**2"),
        ((nA / pF).dim, "volt/second"),
        ((1 / (mV * ms)).dim, "hertz/volt"),
        ((nS * mV).dim, "amp"),
        (DIMENSIONLESS, "1"),
    ],
)
def test_format_dimension_words_dimensions_in_the_learners_vocabulary(dim, expected):
    assert format_dimension(dim) == expected


def test_format_dimension_falls_back_to_base_units():
    dim = Dimension((1, 1, 0, 0, 1, 1, 0))
    assert format_dimension(dim) == "metre*kilogram*kelvin*mole"
    assert format_dimension(Dimension((0, 0, 0, 0, -1, -2, 0))) == "1/(kelvin*mole**2)"


@given(st.lists(st.integers(-3, 3), min_size=7, max_size=7), st.booleans())
@settings(max_examples=100, deadline=None)
def test_format_dimension_output_parses_back_to_the_same_dimension(exponents, halve):
    dim = Dimension(tuple(e / 2 if halve else e for e in exponents))
    assert parse_unit_spec(format_dimension(dim)) == dim


def test_latex_of_a_scalar_array_and_unit():
    assert (50 * mV)._repr_latex_() == r"$50\,\mathrm{mV}$"
    assert (3.5e-5 * mV)._repr_latex_() == r"$35\,\mathrm{nV}$"
    assert ([1, 2] * mV)._repr_latex_() == (
        r"$\left[\begin{matrix}1 & 2\end{matrix}\right]\,\mathrm{mV}$"
    )
    assert (1.5e-20 * volt)._repr_latex_() == r"$15\,\mathrm{zV}$"
    assert (uF)._repr_latex_() == r"$\mathrm{\muF}$"


def test_latex_of_long_arrays_is_shortened():
    latex = (np.arange(10_000) * mV)._repr_latex_()
    assert latex.count("&") == 6 and r"\dots" in latex
    latex = (np.ones((50, 50)) * mV)._repr_latex_()
    assert latex.count(r"\\") == 6 and r"\vdots" in latex and len(latex) < 600


def test_latex_writes_exponents_as_powers_of_ten():
    assert (Quantity(1.5e-30))._repr_latex_() == r"$1.5 \times 10^{-30}$"
