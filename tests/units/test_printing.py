"""Printed forms of quantities and units, compared with Brian 2's own output."""

import json
from pathlib import Path

import numpy as np
import pytest

import brianlab.units as units
from brianlab.units import Quantity, mV, nA, volt
from brianlab.units.formatting import user_units

DATA = Path(__file__).parent / "data"
PRINTED = json.loads((DATA / "brian2_printing.json").read_text())


@pytest.fixture
def fresh_user_units():
    """Display units made by unit arithmetic are global: start and end empty."""
    user_units.clear()
    yield
    user_units.clear()


def test_repr_and_str_match_brian2_for_the_collected_session(fresh_user_units):
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
