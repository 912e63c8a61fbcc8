"""The "Show as Brian 2 code" button: it reveals the model as a Brian 2 script."""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

__all__ = ["Brian2CodeView"]


class Brian2CodeView(w.VBox):
    """A toggle button and the script it shows.

    Parameters
    ----------
    make_script : callable
        Returns the current script (called each time the code is shown, so
        it follows the model and the sliders).

    Attributes
    ----------
    button : ipywidgets.ToggleButton
    code : ipywidgets.HTML
        The script, escaped, in a ``<pre>`` block.
    script : str
        The script last shown.
    """

    def __init__(self, make_script: Callable[[], str]) -> None:
        self.make_script = make_script
        self.script = ""
        self.button = w.ToggleButton(
            description="Show as Brian 2 code", icon="code", layout=w.Layout(width="220px")
        )
        self.code = w.HTML()
        self.button.observe(lambda change: self.refresh(), names="value")
        super().__init__([self.button, self.code])

    def refresh(self) -> None:
        """Show (or hide) the current script."""
        if not self.button.value:
            self.code.value = ""
            return
        self.script = self.make_script()
        self.code.value = (
            "<pre style='background:#f7f7f7;padding:6px;user-select:text'>"
            f"{html.escape(self.script)}</pre>"
        )
