"""Headless Chromium through Playwright: launched once, with a fresh profile, closed cleanly.

The browser is Debian's Chromium (Playwright never downloads one here),
started headless with everything that would talk to the network switched
off.  :meth:`BrowserSession.close` returns whatever it had to kill or could
not remove, so callers can assert that nothing was left behind.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from labserver import TEMP_PREFIX, Leftovers, kill_all
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
VIEWPORT = {"width": 1400, "height": 1000}


@dataclass
class BrowserSession:
    """Playwright with one persistent Chromium profile in a temporary folder."""

    profile: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix=TEMP_PREFIX)))
    playwright: Playwright | None = None
    context: BrowserContext | None = None
    processes: list[psutil.Process] = field(default_factory=list)

    def browser(self, executable: Path) -> BrowserContext:
        """The browser context, launching Chromium on first use."""
        if self.context is None:
            earlier = {p.pid for p in psutil.Process().children(recursive=True)}
            self.playwright = sync_playwright().start()
            self.context = self.playwright.chromium.launch_persistent_context(
                str(self.profile),
                executable_path=str(executable),
                headless=True,
                args=CHROMIUM_ARGS,
                viewport=VIEWPORT,
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
        shutil.rmtree(self.profile, ignore_errors=True)
        if self.profile.exists():
            left.folders.append(str(self.profile))
        return left
