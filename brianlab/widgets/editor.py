"""The equation editor widget: text fields over an :class:`EditorModel`.

Typing in any field hands the text to the model, which checks it after a
short pause; the widget then shows the rendered maths, the variables and
parameters found, and the error (escaped, with the symbol underlined and the
fix) or the warnings.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from .models.editor import EditorModel

__all__ = ["EquationEditor", "METHODS"]

#: Integration methods offered in the editor ('' = chosen automatically).
METHODS = ("", "exact", "euler", "rk2", "rk4", "heun", "exponential_euler", "milstein")


class EquationEditor(w.VBox):
    """Type equations, see them checked and rendered.

    Parameters
    ----------
    equations : str
        The initial model.
    threshold, reset, refractory : str
        The initial texts of the other fields.
    method : str, optional
        Integration method (None: automatic).
    namespace : dict, optional
        Values of the external names (e.g. ``{'tau': 10*ms}``).
    delay : float
        Seconds of quiet typing before a check.
    call_later : callable, optional
        Scheduler for the delay (see :class:`~.models.editor.Debouncer`).
    model : EditorModel, optional
        An existing view-model to show (the other arguments are then ignored).

    Attributes
    ----------
    equations, threshold, reset, refractory : ipywidgets.Textarea / Text
        The fields.
    method : ipywidgets.Dropdown
    math, error, summary : ipywidgets.HTMLMath / HTML
        What the check found.
    """

    def __init__(
        self,
        equations: str = "",
        threshold: str = "",
        reset: str = "",
        refractory: str = "",
        method: str | None = None,
        namespace: dict | None = None,
        *,
        delay: float = 0.3,
        call_later: Callable | None = None,
        model: EditorModel | None = None,
    ) -> None:
        self.model = model or EditorModel(
            equations,
            threshold,
            reset,
            refractory,
            method,
            namespace,
            delay=delay,
            call_later=call_later,
        )
        texts = self.model.texts
        wide = w.Layout(width="100%")
        self.equations = w.Textarea(
            value=texts["equations"],
            description="equations",
            rows=4,
            layout=wide,
            continuous_update=True,
        )
        self.threshold = w.Text(
            value=texts["threshold"], description="threshold", layout=wide, continuous_update=True
        )
        self.reset = w.Text(
            value=texts["reset"], description="reset", layout=wide, continuous_update=True
        )
        self.refractory = w.Text(
            value=texts["refractory"],
            description="refractory",
            layout=wide,
            continuous_update=True,
            placeholder="e.g. 5*ms",
        )
        self.method = w.Dropdown(
            options=[(m or "automatic", m) for m in METHODS],
            value=self.model.method or "",
            description="method",
        )
        for field in ("equations", "threshold", "reset", "refractory"):
            getattr(self, field).observe(self._typed(field), names="value")
        self.method.observe(lambda change: self.model.set_method(change["new"]), names="value")
        self.math = w.HTMLMath()
        self.error = w.HTML()
        self.summary = w.HTML()
        self.model.on_check(lambda model: self.refresh())
        super().__init__(
            [
                self.equations,
                self.threshold,
                self.reset,
                self.refractory,
                self.method,
                self.error,
                self.math,
                self.summary,
            ]
        )
        self.refresh()

    def _typed(self, field: str):
        return lambda change: self.model.set_text(field, change["new"])

    def refresh(self) -> None:
        """Show the model's current check result."""
        model = self.model
        self.error.value = model.error_html()
        # the maths may contain '<' (comparisons): escaped, MathJax reads the text
        self.math.value = html.escape(model.latex(), quote=False)
        self.refresh_summary()

    def refresh_summary(self) -> None:
        """Show the variables and the parameters' current values (after a slider moved)."""
        self.summary.value = self.model.summary_html()

    @property
    def state(self) -> dict:
        """The view-model's state (see :attr:`EditorModel.state`)."""
        return self.model.state
