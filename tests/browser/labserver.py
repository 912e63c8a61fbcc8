"""A private JupyterLab server for the browser tests: isolated, on a free port, stopped cleanly.

:class:`LabServer` copies the notebooks it serves into a new temporary
folder, starts ``python -m jupyterlab`` there on 127.0.0.1 with a random
token, and gives it its own configuration, data, runtime, settings,
workspace and IPython folders (so nothing the developer configured, and no
state left by an earlier run, changes what the tests see).  The news feed
and the update check are off, notebooks open without windowing (every cell
stays in the page) and JupyterLab exposes its application object
(``window.jupyterapp``), which the tests only read.

:meth:`LabServer.stop` asks the server to shut down (which stops its
kernels), kills whatever is still running after a grace period (its former children,
and any process whose command line names the temporary folder), removes the
temporary folder, and returns what it had to clean up by force, so a test
can assert that nothing was left behind.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

#: The prefix of every temporary folder the browser tests create.
TEMP_PREFIX = "brianlab-browser-"
#: Seconds JupyterLab gets to answer its first request.
START_TIMEOUT = 60.0
#: Seconds the server and its kernels get to exit after a shutdown request.
STOP_TIMEOUT = 20.0

#: User settings: no news, no update check, no windowing, no autosave dialogs.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": False,
    },
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Leftovers:
    """What :meth:`LabServer.stop` found still there after the server's own shutdown.

    Attributes
    ----------
    processes : list of str
        The processes (server or kernels) that had to be killed, as ``pid name``.
    folders : list of str
        Temporary folders that could not be removed.
    """

    processes: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.processes or self.folders)


class LabServer:
    """JupyterLab serving copies of some notebooks from a fresh temporary folder.

    Parameters
    ----------
    files : iterable of Path
        Notebooks and helper modules copied (flat) into the served folder.
    python : Path, optional
        The interpreter that runs JupyterLab and its kernels (default: this one).

    Attributes
    ----------
    root : Path
        The temporary folder holding everything of this server.
    notebooks : Path
        The served folder (JupyterLab's root), inside ``root``.
    url : str
        ``http://127.0.0.1:<port>``.
    token : str
        The random token; :meth:`page_url` adds it.
    """

    def __init__(self, files: Iterable[Path], python: Path | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX))
        self.notebooks = self.root / "notebooks"
        self.notebooks.mkdir()
        for path in files:
            shutil.copy(path, self.notebooks / path.name)
        self.python = python or Path(sys.executable)
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.root / "jupyterlab.log"
        self.process: subprocess.Popen | None = None
        self._descendants: dict[int, psutil.Process] = {}

    # start -----------------------------------------------------------------------
    def environment(self) -> dict[str, str]:
        """The server's environment: every Jupyter and IPython folder inside ``root``."""
        env = dict(os.environ)
        folders = {
            "JUPYTER_CONFIG_DIR": "config",
            "JUPYTER_DATA_DIR": "data",
            "JUPYTER_RUNTIME_DIR": "runtime",
            "JUPYTERLAB_SETTINGS_DIR": "settings",
            "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
            "IPYTHONDIR": "ipython",
            "TMPDIR": "tmp",
        }
        for variable, name in folders.items():
            (self.root / name).mkdir()
            env[variable] = str(self.root / name)
        for name, values in SETTINGS.items():
            path = self.root / "settings" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_TOKEN", None)
        env["PYTHONUNBUFFERED"] = "1"
        return env

    def command(self) -> list[str]:
        """The command line starting JupyterLab."""
        cmd = [
            str(self.python),
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.notebooks}",
            "--ServerApp.open_browser=False",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.terminals_enabled=False",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    def start(self) -> LabServer:
        """Start JupyterLab and wait until it answers; raise RuntimeError if it does not."""
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.notebooks,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {self.process.returncode} while starting:\n"
                    f"{self.log()}"
                )
            try:
                self.api("GET", "status")
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise RuntimeError(f"JupyterLab did not answer within {START_TIMEOUT:g} s:\n{self.log()}")

    # use ---------------------------------------------------------------------------
    def api(self, method: str, path: str) -> object:
        """Call the REST API (``api/<path>``) with the token; return the decoded JSON (or None)."""
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - local server
            body = response.read()
        return json.loads(body) if body else None

    def page_url(self, notebook: str) -> str:
        """The address opening ``notebook`` alone in JupyterLab, logged in with the token.

        ``reset`` starts from an empty workspace: without it JupyterLab
        would reopen (and start kernels for) the notebooks of earlier pages.
        """
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"

    def log(self) -> str:
        """What the server printed so far (its last 4000 characters)."""
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except FileNotFoundError:
            return ""

    def kernel_processes(self) -> list[psutil.Process]:
        """The processes the server started (its kernels), remembered for :meth:`stop`."""
        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            self._descendants.setdefault(child.pid, child)
        return children

    # stop ----------------------------------------------------------------------------
    def stop(self) -> Leftovers:
        """Shut the server and its kernels down, remove ``root``; return what needed force."""
        left = Leftovers()
        if self.process is not None:
            self.kernel_processes()
            if self.process.poll() is None:
                try:
                    self.api("POST", "shutdown")
                except (urllib.error.URLError, ConnectionError):
                    pass
            try:
                self.process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                left.processes.append(f"{self.process.pid} jupyterlab")
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            left.processes += kill_all(self._descendants.values(), STOP_TIMEOUT)
            left.processes += kill_all(processes_mentioning(self.root), STOP_TIMEOUT)
        shutil.rmtree(self.root, ignore_errors=True)
        if self.root.exists():
            left.folders.append(str(self.root))
        return left


def processes_mentioning(folder: Path) -> list[psutil.Process]:
    """The running processes whose command line names ``folder`` or a path inside it.

    A kernel's command line names its connection file (in the runtime
    folder), Chromium's its profile: this finds them even after their parent
    has gone.
    """
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(str(folder) in part for part in process.info["cmdline"] or ()):
            found.append(process)
    return found


def kill_all(processes: Iterable[psutil.Process], grace: float) -> list[str]:
    """Wait up to ``grace`` seconds for ``processes`` to end, kill the rest; return those."""
    processes = list(processes)
    _, alive = psutil.wait_procs(processes, timeout=grace)
    killed = []
    for process in alive:
        try:
            killed.append(f"{process.pid} {process.name()}")
            process.kill()
        except psutil.NoSuchProcess:
            continue
    psutil.wait_procs(alive, timeout=5)
    return killed
