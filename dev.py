#!/usr/bin/env python3
"""brianlab's single entry point: open the course, or run every check.

Usage::

    python3 dev.py course             install into .venv, warm the kernel cache,
                                      open JupyterLab on tutorials/
    python3 dev.py test [ARGS...]     install into .venv (and Brian 2 into
                                      .venv-brian2), run ruff, then pytest

With ARGS, ``test`` passes them to pytest in place of its default targets
(``tests/`` and, when notebooks exist, ``--nbval-lax tutorials/``), e.g.
``python3 dev.py test tests/test_package.py -x``.

Environments are reinstalled only when needed: each one holds a stamp file
with a hash of what was installed into it (pyproject.toml and the extra for
``.venv``, the requirement list for ``.venv-brian2``).  Only the standard
library is used, so this runs on a fresh machine with Python 3.11 or newer.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BRIAN2_VENV = ROOT / ".venv-brian2"
BRIAN2_REQUIREMENTS = ("brian2==2.9.0", "numpy<2.4")
TUTORIALS = ROOT / "tutorials"
MIN_PYTHON = (3, 11)


def venv_python(venv: Path) -> Path:
    """Return the path of the Python interpreter inside the virtual environment ``venv``."""
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def worker_environment(**values: str) -> dict[str, str]:
    """The environment of a benchmark's worker process: this one's plus ``values``.

    Python's bytecode cache is left on: a learner's machine keeps the
    compiled ``.pyc`` files of brianlab, numba and Brian 2, and a "warm"
    process must not recompile every module because ``PYTHONDONTWRITEBYTECODE``
    happens to be set where the benchmark runs (about 0.1 s of brianlab's
    import).  Every contender gets the same environment.
    """
    env = dict(os.environ, **values)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(cmd: Sequence[str | Path]) -> int:
    """Print ``cmd``, run it from the repository root, and return its exit code.

    On Ctrl+C the command (which receives the same signal) is waited for, so
    pytest can print its summary and JupyterLab can stop its kernels.
    """
    shown = [os.path.relpath(w, ROOT) if isinstance(w, Path) else w for w in cmd]
    print(f"$ {shlex.join(shown)}", flush=True)
    child = subprocess.Popen([str(w) for w in cmd], cwd=ROOT)
    try:
        return child.wait()
    except KeyboardInterrupt:
        child.wait()  # it got the same Ctrl+C: let it shut down in its own way
        raise


@dataclass
class Stage:
    """One step of a command: its title, outcome and duration."""

    title: str
    status: str = "ok"
    seconds: float = 0.0

    def fail(self, why: str) -> None:
        """Mark the stage as failed and say why."""
        self.status = "FAILED"
        print(f"!! {self.title}: {why}", flush=True)

    def warn(self, why: str) -> None:
        """Mark the stage as passed with a warning and say why."""
        self.status = "warning"
        print(f"!! {self.title}: {why}", flush=True)


@dataclass
class Stages:
    """The stages run so far, printed with headers, timings and a summary."""

    done: list[Stage] = field(default_factory=list)

    @contextmanager
    def stage(self, title: str) -> Iterator[Stage]:
        """Print a header, time the enclosed block, and record its outcome."""
        print(f"\n==> {title}", flush=True)
        current = Stage(title)
        start = time.perf_counter()
        try:
            yield current
        finally:
            current.seconds = time.perf_counter() - start
            self.done.append(current)
            print(f"<== {title}: {current.status} ({current.seconds:.1f} s)", flush=True)

    @property
    def failed(self) -> list[Stage]:
        """The stages that failed."""
        return [s for s in self.done if s.status == "FAILED"]

    def summary(self, command: str) -> int:
        """Print one line per stage and the overall outcome; return the exit code."""
        print("\nSummary")
        for s in self.done:
            print(f"  {s.status:<8} {s.seconds:7.1f} s  {s.title}")
        total = sum(s.seconds for s in self.done)
        if self.failed:
            names = ", ".join(s.title for s in self.failed)
            print(f"dev.py {command}: FAILED in {names} (total {total:.0f} s)")
            return 1
        warned = ", ".join(s.title for s in self.done if s.status == "warning")
        note = f", with warnings in {warned}" if warned else ""
        print(f"dev.py {command}: passed{note} (total {total:.0f} s)")
        return 0


def interpreter_is_usable(python: Path) -> bool:
    """Tell whether ``python`` exists, starts, and is at least :data:`MIN_PYTHON`."""
    if not python.exists():
        return False
    probe = f"import sys; sys.exit(sys.version_info < {MIN_PYTHON!r})"
    return subprocess.run([str(python), "-c", probe], cwd=ROOT).returncode == 0


def fingerprint(*parts: str | bytes) -> str:
    """Return a hash of everything that decides what an environment should contain."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def ensure_venv(stage: Stage, venv: Path, name: str, install: Sequence[str], key: str) -> bool:
    """Create ``venv`` if missing or broken, and pip-install ``install`` into it if stale.

    Parameters
    ----------
    stage : Stage
        Where a failure is reported.
    venv : Path
        The environment's folder.
    name : str
        Names the stamp file, so one environment can hold several installs.
    install : sequence of str
        Arguments for ``pip install -q``.
    key : str
        The fingerprint of what ``install`` means now; the install is skipped
        when the stamp already holds it.

    Returns
    -------
    bool
        Whether the environment is ready.
    """
    python = venv_python(venv)
    if not interpreter_is_usable(python):
        print(f"{venv.name} is missing or unusable: creating it with {sys.executable}")
        if run([sys.executable, "-m", "venv", "--clear", venv]) != 0:
            stage.fail(f"could not create {venv.name}")
            return False
    stamp = venv / f".dev-py-{name}.stamp"
    if stamp.exists() and stamp.read_text() == key:
        print(f"{venv.name} is up to date ({name})")
        return True
    if run([python, "-m", "pip", "install", "-q", *install]) != 0:
        stage.fail(f"pip could not install {' '.join(install)} into {venv.name}")
        return False
    stamp.write_text(key)
    return True


def ensure_project_venv(stages: Stages, extra: str) -> bool:
    """Install brianlab in editable mode with ``extra`` into :data:`VENV`."""
    with stages.stage(f".venv: brianlab[{extra}]") as stage:
        key = fingerprint((ROOT / "pyproject.toml").read_bytes(), extra)
        return ensure_venv(stage, VENV, extra, ["-e", f".[{extra}]"], key)


def course() -> int:
    """Install the course environment, warm the kernel cache, and open JupyterLab."""
    stages = Stages()
    if not ensure_project_venv(stages, "course"):
        return stages.summary("course")
    python = venv_python(VENV)
    with stages.stage("warm the kernel cache") as stage:
        if not module_exists(python, "brianlab.warmup"):
            print("skipped: brianlab.warmup does not exist yet")
        elif run([python, "-m", "brianlab.warmup"]) != 0:
            stage.warn("warming failed; the first run of each model will compile")
    stages.summary("course")
    lab = [python, "-m", "jupyterlab", *(["tutorials/"] if TUTORIALS.is_dir() else [])]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab.append("--allow-root")
    print("\nOpening JupyterLab (stop it with Ctrl+C)")
    try:
        return run(lab)
    except KeyboardInterrupt:
        return 0


def module_exists(python: Path, module: str) -> bool:
    """Tell whether ``module`` can be imported by the interpreter ``python``."""
    probe = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
    return subprocess.run([str(python), "-c", probe], cwd=ROOT).returncode == 0


def default_pytest_targets() -> list[str]:
    """Return pytest's arguments when the user gives none: the tests, then the notebooks."""
    targets = ["tests"] if (ROOT / "tests").is_dir() else []
    notebooks = [p for p in TUTORIALS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    if notebooks:
        targets += ["tutorials", "--nbval-lax", "--nbval-current-env"]
        sanitize = TUTORIALS / "sanitize.cfg"
        if sanitize.exists():
            targets += ["--nbval-sanitize-with", str(sanitize.relative_to(ROOT))]
    return targets


def test(pytest_args: Sequence[str]) -> int:
    """Install both environments, lint, check formatting, and run pytest."""
    stages = Stages()
    if not ensure_project_venv(stages, "test"):
        return stages.summary("test")
    python = venv_python(VENV)

    with stages.stage(".venv-brian2: the Brian 2 oracle") as stage:
        key = fingerprint(*BRIAN2_REQUIREMENTS)
        if not ensure_venv(stage, BRIAN2_VENV, "brian2", BRIAN2_REQUIREMENTS, key):
            stage.warn("continuing without it; the oracle tests decide whether to skip or fail")

    for title, cmd in [
        ("ruff check", ["check", "."]),
        ("ruff format --check", ["format", "--check", "."]),
    ]:
        with stages.stage(title) as stage:
            if run([python, "-m", "ruff", *cmd]) != 0:
                stage.fail("see the report above")

    with stages.stage("pytest") as stage:
        code = run([python, "-m", "pytest", *(pytest_args or default_pytest_targets())])
        if code == 5:
            stage.fail("pytest collected no tests, so nothing was checked")
        elif code != 0:
            stage.fail(f"pytest exited with code {code}")
    return stages.summary("test")


def main(argv: Sequence[str]) -> int:
    """Dispatch ``course`` or ``test``; return the process exit code."""
    if sys.version_info < MIN_PYTHON:
        needed = ".".join(map(str, MIN_PYTHON))
        print(f"dev.py needs Python {needed} or newer; this is {sys.version.split()[0]}")
        return 2
    command, rest = (argv[0], list(argv[1:])) if argv else ("", [])
    if command == "course" and not rest:
        return course()
    if command == "test":
        return test(rest)
    print(__doc__)
    return 0 if command in ("-h", "--help", "help") else 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        print("\ninterrupted")
        sys.exit(130)
