"""Fixtures of the widget tests: Agg plots, compilation counting, models, Brian 2.

The widgets are driven from Python as a learner would drive them in the
browser (``slider.value = ...``, ``button.click()``, typing into a field),
and the tests look at the view-models' ``state``, at the plotted data and at
how many kernels were compiled.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from brianlab.codegen.compiler import compilation_count  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


class CompilationCounter:
    """Counts kernel builds since it was made (or since ``reset()``)."""

    def __init__(self) -> None:
        self.start = compilation_count()

    @property
    def new(self) -> int:
        """Kernels built since the start."""
        return compilation_count() - self.start

    def reset(self) -> None:
        self.start = compilation_count()


@pytest.fixture
def compilations() -> CompilationCounter:
    """Count compilations: ``compilations.reset()`` then ``assert compilations.new == 0``."""
    return CompilationCounter()


@pytest.fixture
def lif_namespace():
    """Parameters of the tutorial LIF neuron (fresh dict per test)."""
    from brianlab import Mohm, ms, mV

    return {"E_L": -70 * mV, "R": 100 * Mohm, "tau": 10 * ms}


def brian2_python() -> Path | None:
    """Brian 2's interpreter (``BRIANLAB_BRIAN2_PYTHON`` or ``.venv-brian2``), if it works."""
    python = Path(os.environ.get("BRIANLAB_BRIAN2_PYTHON") or REPO / ".venv-brian2/bin/python")
    if not python.exists():
        return None
    probe = subprocess.run(
        [str(python), "-c", "import brian2"], capture_output=True, text=True, timeout=300
    )
    return python if probe.returncode == 0 else None


@pytest.fixture(scope="session")
def brian2() -> Path:
    """Brian 2's interpreter; the test is skipped without one (failed under ``CI=true``)."""
    python = brian2_python()
    if python is None:
        reason = "Brian 2 is not installed in .venv-brian2"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"{reason} (CI=true)", pytrace=False)
        pytest.skip(reason)
    return python
