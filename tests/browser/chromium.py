"""Headless Chromium through Playwright: launched once, with a fresh profile, closed cleanly.

The browser is Debian's Chromium (Playwright never downloads one here),
started headless with everything that would talk to the network switched
off, and with its profile, home and temporary folders in one temporary
folder.  :meth:`BrowserSession.close` returns whatever it had to kill or
could not remove, so callers can assert that nothing was left behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from labserver import TEMP_PREFIX, Leftovers, kill_all, processes_mentioning
from playwright.sync_api import BrowserContext, Playwright, sync_playwright

#: Chromium's options: headless, no GPU, and nothing that talks to the network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1200}


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for a block (a Playwright driver started in it inherits them)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class BrowserSession:
    """Playwright and Chromium with everything they write inside one temporary folder.

    The folder holds the browser profile, a home folder (Chromium's crash
    database goes to ``$HOME/.config``) and the temporary folder of the
    Playwright driver and of Chromium (``TMPDIR``), so that after
    :meth:`close` nothing of the session remains anywhere.
    """

    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix=TEMP_PREFIX)))
    playwright: Playwright | None = None
    context: BrowserContext | None = None
    processes: list[psutil.Process] = field(default_factory=list)

    def browser(self, executable: Path) -> BrowserContext:
        """The browser context, launching Chromium on first use."""
        if self.context is None:
            folders = {name: self.root / name for name in ("profile", "home", "tmp")}
            for folder in folders.values():
                folder.mkdir(exist_ok=True)
            earlier = {p.pid for p in psutil.Process().children(recursive=True)}
            with environment(HOME=str(folders["home"]), TMPDIR=str(folders["tmp"])):
                self.playwright = sync_playwright().start()
                self.context = self.playwright.chromium.launch_persistent_context(
                    str(folders["profile"]),
                    executable_path=str(executable),
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport=VIEWPORT,
                    env=dict(os.environ),
                )
            self.processes = [
                p for p in psutil.Process().children(recursive=True) if p.pid not in earlier
            ]
        return self.context

    def close(self) -> Leftovers:
        """Close Chromium and Playwright; return what had to be killed or left behind."""
        if self.context is not None:
            self.context.close()
        if self.playwright is not None:
            self.playwright.stop()
        left = Leftovers(processes=kill_all(self.processes, 10.0))
        left.processes += kill_all(processes_mentioning(self.root), 10.0)
        shutil.rmtree(self.root, ignore_errors=True)
        if self.root.exists():
            left.folders.append(str(self.root))
        return left
