"""brianlab runs every oracle model script and gives Brian 2's numbers.

Each model in ``models/`` is a Brian 2 script; Brian 2's run is the reference
(see ``conftest.py``) and brianlab's run must match it as ``compare.py``
describes.  A model that needs a brianlab name listed in its ``# requires:``
header is an expected failure (not strict) while brianlab lacks that name;
every other failure, including brianlab not being able to run the script at
all, is a plain test failure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from .catalog import ModelSpec, discover_models
from .compare import compare_runs
from .runner import ModelRun

if TYPE_CHECKING:
    from .conftest import Brian2Reference

MODELS = discover_models()


def _mark_missing_requirements(spec: ModelSpec, request: pytest.FixtureRequest) -> None:
    """Make the test an expected failure while brianlab lacks a required name."""
    import brianlab

    missing = [name for name in spec.requires if not hasattr(brianlab, name)]
    if missing:
        note = f" ({spec.requires_note})" if spec.requires_note else ""
        reason = f"needs {', '.join(missing)}{note}"
        request.applymarker(pytest.mark.xfail(strict=False, reason=reason))


@pytest.mark.oracle
@pytest.mark.parametrize("model", MODELS, ids=[spec.name for spec in MODELS])
def test_brianlab_reproduces_brian2_results(
    model: ModelSpec,
    brian2_reference: Brian2Reference,
    candidate: str,
    run_candidate: Callable[[ModelSpec], ModelRun],
    request: pytest.FixtureRequest,
    record_property: Callable[[str, object], None],
) -> None:
    expected = brian2_reference.get(model)
    if candidate.startswith("brianlab"):
        _mark_missing_requirements(model, request)
    try:
        actual = run_candidate(model)
    except Exception as error:
        raise AssertionError(
            f"{candidate} could not run {model.path.name}: {type(error).__name__}: {error}"
        ) from error
    record_property("brian2_wall_s", round(expected.wall_s, 4))
    record_property(f"{candidate}_wall_s", round(actual.wall_s, 4))
    problems = compare_runs(expected, actual, statistical=model.statistical)
    assert not problems, f"{model.path.name}: {candidate} differs from Brian 2:\n" + "\n".join(
        f"  - {problem}" for problem in problems
    )
