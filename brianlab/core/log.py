"""Log messages a learner sees, formatted as Brian 2 prints them.

``INFO`` and ``WARNING`` lines go to stderr (shown under the cell in a
notebook), e.g. ``INFO       No numerical integration method specified …``.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["setup_logging"]


class _BrianStyle(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname:<10} {record.getMessage()} [{record.name}]"


class _StderrHandler(logging.StreamHandler):
    """Writes to the *current* sys.stderr (notebooks replace it per cell)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def setup_logging(level: int = logging.INFO) -> None:
    """Attach brianlab's console handler (once)."""
    logger = logging.getLogger("brianlab")
    if any(isinstance(h, _StderrHandler) for h in logger.handlers):
        return
    handler = _StderrHandler()
    handler.setFormatter(_BrianStyle())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
