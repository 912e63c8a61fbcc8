"""Setup for the units tests: no simulation objects, so no scope to reset.

The suite-wide ``fresh_scope_and_agg_backend`` fixture calls
``brianlab.start_scope()`` before every test (a garbage collection, a
quarter of a second each in a full session); unit tests create no
simulation objects, so they replace it with one that does nothing.
"""

import pytest

from brianlab.units.formatting import user_units


@pytest.fixture(autouse=True)
def fresh_scope_and_agg_backend() -> None:
    """Nothing to reset for unit tests (overrides the suite-wide fixture)."""


@pytest.fixture(autouse=True)
def fresh_user_units():
    """Display units made by unit arithmetic are global: start and end each test empty."""
    user_units.clear()
    yield
    user_units.clear()
