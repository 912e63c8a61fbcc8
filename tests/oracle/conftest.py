"""Fixtures of the oracle tests: Brian 2's reference results and the run under test.

Brian 2 lives in its own virtual environment; its interpreter is
``BRIANLAB_BRIAN2_PYTHON`` if set, else ``<repo>/.venv-brian2/bin/python``.
Without a working one the oracle tests are skipped -- except under
``CI=true``, where a missing Brian 2 is a failure.

Brian 2's results are cached in ``tests/oracle/_cache/`` (gitignored), keyed by
a hash of the model file, of ``runner.py`` and of the Brian 2 version.  The
first test that needs a missing entry computes every missing entry of the
selected tests in one Brian 2 process (one import of Brian 2 instead of one
per model); later sessions read the cache.

The run under test is chosen with ``BRIANLAB_ORACLE_CANDIDATE``:

``brianlab`` (default)
    in this process, with a fresh scope per model;
``brianlab-subprocess``
    in a fresh interpreter per model (to rule out leaks between models);
``brian2``, ``brian2-cython``
    Brian 2 itself, in a fresh Brian 2 interpreter per model: a self-check of
    the machinery (``brian2``) and of the tolerances (``brian2-cython``, whose
    compiled code rounds differently from numpy).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from .catalog import ModelSpec
from .runner import ModelRun, load_run, run_model

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE_DIR = HERE / "_cache"
RUNNER = HERE / "runner.py"
CANDIDATES = ("brianlab", "brianlab-subprocess", "brian2", "brian2-cython")
SUBPROCESS_TIMEOUT_S = 900


def _running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _skip_or_fail(reason: str) -> None:
    """Skip the test, or fail it under ``CI=true``."""
    if _running_in_ci():
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def run_in_subprocess(
    python: Path | str, simulator: str, scripts: list[Path], workdir: Path | None = None
) -> list[Path]:
    """Run model scripts with ``runner.py`` in one fresh interpreter.

    Parameters
    ----------
    python : pathlib.Path or str
        The interpreter (Brian 2's, or this one for brianlab).
    simulator : str
        The runner's simulator argument.
    scripts : list of pathlib.Path
        The model files.
    workdir : pathlib.Path, optional
        Where to make the temporary output directory (default: the system's).

    Returns
    -------
    list of pathlib.Path
        One ``.npz`` per script, in a temporary directory the caller removes.
    """
    outdir = Path(tempfile.mkdtemp(prefix="oracle-", dir=workdir))
    outs = [outdir / f"{script.stem}.npz" for script in scripts]
    args = [str(a) for pair in zip(scripts, outs) for a in pair]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [str(python), str(RUNNER), simulator, *args],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT_S,
        env=env,
    )
    if not all(out.exists() for out in outs):
        shutil.rmtree(outdir, ignore_errors=True)
        raise RuntimeError(
            f"{python} {RUNNER.name} {simulator} crashed (exit {done.returncode}):\n"
            f"{done.stderr[-4000:]}"
        )
    return outs


class Brian2Reference:
    """Brian 2's results for the models, from the cache or computed on demand.

    Parameters
    ----------
    python : pathlib.Path
        Brian 2's interpreter.
    version : str
        Brian 2's version (part of the cache key).
    wanted : list of ModelSpec
        The models of the selected tests, computed together on the first miss.
    """

    def __init__(self, python: Path, version: str, wanted: list[ModelSpec]) -> None:
        self.python = python
        self.version = version
        self.wanted = wanted

    def cache_path(self, spec: ModelSpec) -> Path:
        """Where Brian 2's result for ``spec`` is cached."""
        digest = hashlib.sha256()
        for part in (spec.path.read_bytes(), RUNNER.read_bytes(), self.version.encode()):
            digest.update(hashlib.sha256(part).digest())
        return CACHE_DIR / f"{spec.name}-{digest.hexdigest()[:16]}.npz"

    def get(self, spec: ModelSpec) -> ModelRun:
        """Brian 2's run of ``spec``; computes all missing wanted models if needed."""
        path = self.cache_path(spec)
        if not path.exists():
            missing = [s for s in self.wanted if not self.cache_path(s).exists()]
            if spec not in missing:
                missing.append(spec)
            self._compute(missing)
        try:
            return load_run(path)
        except RuntimeError:
            path.unlink()
            raise

    def _compute(self, specs: list[ModelSpec]) -> None:
        CACHE_DIR.mkdir(exist_ok=True)
        # Computed inside the cache directory, so that moving a result into
        # place is an atomic rename even if another session reads the cache.
        outs = run_in_subprocess(self.python, "brian2", [s.path for s in specs], CACHE_DIR)
        for spec, out in zip(specs, outs):
            target = self.cache_path(spec)
            for stale in CACHE_DIR.glob(f"{spec.name}-*.npz"):
                if stale != target:
                    stale.unlink(missing_ok=True)
            os.replace(out, target)
        outs[0].parent.rmdir()


def _brian2_python() -> Path:
    configured = os.environ.get("BRIANLAB_BRIAN2_PYTHON")
    return Path(configured) if configured else REPO / ".venv-brian2" / "bin" / "python"


def _brian2_version(python: Path) -> str:
    """Brian 2's version in ``python`` (skip or fail when it has none)."""
    configured = "BRIANLAB_BRIAN2_PYTHON" in os.environ
    where = f"BRIANLAB_BRIAN2_PYTHON={python}" if configured else str(python)
    if not python.exists():
        _skip_or_fail(
            f"the oracle needs Brian 2, but {where} does not exist; "
            "create it with 'python dev.py test' or set BRIANLAB_BRIAN2_PYTHON"
        )
    probe = "from importlib.metadata import version; print(version('brian2'))"
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        _skip_or_fail(f"the oracle needs Brian 2, but {where} has no brian2 package")
    return done.stdout.strip()


def _selected_models(session: pytest.Session) -> list[ModelSpec]:
    specs = []
    for item in session.items:
        spec = getattr(item, "callspec", None) and item.callspec.params.get("model")
        if isinstance(spec, ModelSpec) and spec not in specs:
            specs.append(spec)
    return specs


@pytest.fixture(scope="session")
def brian2_reference(request: pytest.FixtureRequest) -> Brian2Reference:
    """Brian 2's reference results (skips, or fails under CI=true, without Brian 2)."""
    python = _brian2_python()
    version = _brian2_version(python)
    return Brian2Reference(python, version, _selected_models(request.session))


@pytest.fixture(scope="session")
def candidate() -> str:
    """The simulator under test, from ``BRIANLAB_ORACLE_CANDIDATE``."""
    name = os.environ.get("BRIANLAB_ORACLE_CANDIDATE", "brianlab")
    if name not in CANDIDATES:
        pytest.fail(f"BRIANLAB_ORACLE_CANDIDATE={name!r}; choose one of {CANDIDATES}")
    return name


@pytest.fixture(scope="session")
def run_candidate(candidate: str) -> Callable[[ModelSpec], ModelRun]:
    """A function running one model with the simulator under test."""

    def run(spec: ModelSpec) -> ModelRun:
        if candidate == "brianlab":
            return run_model(spec.path, "brianlab")
        if candidate == "brianlab-subprocess":
            python, simulator = Path(sys.executable), "brianlab"
        else:
            python, simulator = _brian2_python(), candidate
        (out,) = run_in_subprocess(python, simulator, [spec.path])
        try:
            return load_run(out)
        finally:
            shutil.rmtree(out.parent)

    return run
