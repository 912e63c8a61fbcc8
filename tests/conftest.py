"""Test-suite wide setup: a fresh brianlab scope per test, Agg plots, snapshots, browser gating.

* ``--update-snapshots`` rewrites the stored expected messages instead of
  comparing with them; tests read it through the ``update_snapshots`` fixture.
* Before every test, ``brianlab.start_scope()`` forgets the objects earlier
  tests created (when brianlab is loaded and has it), and matplotlib, if
  loaded, draws with the non-interactive Agg backend.
* Tests marked ``browser`` need Chromium (``BRIANLAB_CHROMIUM`` or
  ``/usr/bin/chromium``; install it with ``apt-get install chromium``).
  Without it they are skipped, except under ``CI=true``, where a missing
  browser is an error.  The ``chromium_executable`` fixture gives its path.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI, property tests draw the same examples every run: a red CI then means a
# change broke something, not that this run happened upon a new example.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI", "").lower() == "true":
    settings.load_profile("ci")

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--update-snapshots``."""
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite stored message snapshots with what the code produces now",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    """Whether snapshot tests should rewrite their expected text (``--update-snapshots``)."""
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(autouse=True)
def fresh_scope_and_agg_backend() -> None:
    """Start each test from an empty brianlab scope, with matplotlib drawing off-screen."""
    brianlab = sys.modules.get("brianlab")
    start_scope = getattr(brianlab, "start_scope", None)
    if start_scope is not None:
        start_scope()
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        matplotlib.use("Agg")


def find_chromium() -> Path | None:
    """Return the Chromium the browser tests use, or None if there is none.

    ``BRIANLAB_CHROMIUM`` wins when set; otherwise ``/usr/bin/chromium``.
    """
    found = shutil.which(os.environ.get("BRIANLAB_CHROMIUM") or str(DEFAULT_CHROMIUM))
    return Path(found) if found else None


def running_in_ci() -> bool:
    """Tell whether the ``CI`` environment variable says this is a CI run."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_chromium() -> Path:
    """Return Chromium's path; skip the current test without it (fail it under ``CI=true``)."""
    path = find_chromium()
    if path is not None:
        return path
    configured = os.environ.get("BRIANLAB_CHROMIUM")
    where = f"BRIANLAB_CHROMIUM={configured}" if configured else str(DEFAULT_CHROMIUM)
    reason = (
        f"browser test needs Chromium, but {where} is not an executable; "
        "install it with 'apt-get install chromium' or set BRIANLAB_CHROMIUM"
    )
    if running_in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Gate the tests marked ``browser`` on Chromium being installed."""
    if item.get_closest_marker("browser") is not None:
        require_chromium()


@pytest.fixture
def chromium_executable() -> Path:
    """The path of the Chromium executable, for Playwright's ``executable_path``."""
    return require_chromium()
