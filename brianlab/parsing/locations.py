"""Where an error is in the user's text: the ``line N:`` that starts its message."""

from __future__ import annotations

import copy

from ..errors import BrianlabError

__all__ = ["at_line"]


def at_line(err: BrianlabError, line: int | None) -> BrianlabError:
    """``err`` with its message starting ``line N:`` (unchanged if it already names a line).

    Returns a copy, so that the printed text and SyntaxError's own fields agree.
    """
    if line is None or err.message.startswith("line "):
        return err
    located = copy.copy(err)
    located.message = f"line {line}: {err.message}"
    located.args = (located.full_message,)
    if isinstance(located, SyntaxError):
        located.msg = located.full_message
    return located
