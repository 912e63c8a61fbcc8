"""The equation editor's behaviour: check what a learner types, as they type.

:class:`EditorModel` holds the texts of the four fields (equations,
threshold, reset, refractory) and the integration method.  Each change is
checked after a short pause (:class:`Debouncer`): the equations are parsed,
and a one-neuron :class:`~brianlab.NeuronGroup` is *declared* (never run, so
nothing is compiled) to check units, names, threshold and reset against the
namespace.  The result is a readable ``state``: the rendered maths, the
variables and external parameters found, the warnings, or the error with its
field, line and column and its fix, as escaped HTML with the offending
symbol underlined.  A model that fails the check never replaces the last
valid one, which the explorer keeps simulating.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ...core.namespace import CONSTANTS
from ...equations.equations import DIFFERENTIAL, PARAMETER, SUBEXPRESSION, Equations
from ...errors import BrianlabError
from ...groups.group import SPECIAL_SYMBOLS
from ...parsing.expressions import parse_expression, parse_statements
from ...parsing.ir import Name, walk
from ...units import Quantity, all_units, get_dimensions
from ...units.formatting import format_dimension
from .parameters import format_quantity
from .simulation import ModelSpec, captured_log, widget_object_name

__all__ = ["EditorModel", "Debouncer", "EditorError", "external_names", "error_html"]

FIELDS = ("equations", "threshold", "reset", "refractory")
_KIND_WORDS = {
    DIFFERENTIAL: "state variable",
    SUBEXPRESSION: "subexpression",
    PARAMETER: "parameter",
}
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|-?\d+(\.\d*)?([eE][-+]?\d+)?|\S")


class Debouncer:
    """Call a function once typing pauses for ``delay`` seconds.

    Parameters
    ----------
    delay : float
        Seconds of quiet before the call; 0 calls at once.
    callback : callable
        Called without arguments.
    call_later : callable, optional
        ``call_later(delay, fn)`` returning an object with ``cancel()``; by
        default the running asyncio loop's (as in a Jupyter kernel), else a
        :class:`threading.Timer`.
    """

    def __init__(
        self, delay: float, callback: Callable[[], None], call_later: Callable | None = None
    ) -> None:
        self.delay = delay
        self.callback = callback
        self._call_later = call_later or _default_call_later
        self._pending = None

    @property
    def pending(self) -> bool:
        """Whether a call is scheduled."""
        return self._pending is not None

    def trigger(self) -> None:
        """(Re)start the quiet period; the callback runs when it ends."""
        self.cancel()
        if self.delay <= 0:
            self.callback()
            return
        self._pending = self._call_later(self.delay, self._fire)

    def cancel(self) -> None:
        """Forget a scheduled call."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    def flush(self) -> None:
        """Run a scheduled call now."""
        if self._pending is not None:
            self.cancel()
            self.callback()

    def _fire(self) -> None:
        self._pending = None
        self.callback()


def _default_call_later(delay: float, fn: Callable[[], None]):
    import asyncio

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        timer = threading.Timer(delay, fn)
        timer.daemon = True
        timer.start()
        return timer
    return loop.call_later(delay, fn)


@dataclass(frozen=True)
class EditorError:
    """An error found in the editor's fields, ready to show.

    Attributes
    ----------
    kind : str
        The exception's class name (``'UnitMismatchError'``).
    message, hint : str
        What went wrong (and where); how to fix it.
    field : str or None
        ``'equations'``, ``'threshold'``, ``'reset'``, ``'refractory'`` or
        None when the error is not about one field.
    line : int or None
        1-based line in that field.
    col : int or None
        0-based column in that line.
    """

    kind: str
    message: str
    hint: str
    field: str | None
    line: int | None
    col: int | None

    def marker(self, text: str) -> tuple[str, str] | None:
        """The offending line and a caret line under the symbol, or None."""
        if self.line is None:
            return None
        lines = text.split("\n")
        if not 1 <= self.line <= len(lines):
            return None
        source = lines[self.line - 1]
        if self.col is None or self.col >= len(source):
            start = len(source) - len(source.lstrip())
            return source, " " * start + "^" * max(1, len(source.strip()))
        match = _TOKEN.match(source, self.col)
        width = len(match.group(0)) if match else 1
        pad = "".join(c if c == "\t" else " " for c in source[: self.col])
        return source, pad + "^" * width


def error_html(error: EditorError, text: str) -> str:
    """The error as HTML: the line with the symbol underlined, the message, the fix.

    Every piece of the learner's text is escaped.
    """
    where = error.field or "model"
    if error.line is not None:
        where += f", line {error.line}"
        if error.col is not None:
            where += f", column {error.col + 1}"
    parts = [
        '<div class="brianlab-error" style="border-left:4px solid #c62828;'
        'padding:4px 8px;background:#fff5f5">',
        f"<b>{html.escape(error.kind)}</b> in {html.escape(where)}",
    ]
    marked = error.marker(text)
    if marked is not None:
        source, carets = marked
        start = len(carets) - len(carets.lstrip("\t "))
        end = len(carets)
        underlined = (
            html.escape(source[:start])
            + '<span style="text-decoration:underline wavy #c62828;color:#c62828">'
            + html.escape(source[start:end])
            + "</span>"
            + html.escape(source[end:])
        )
        parts.append(
            f'<pre style="margin:4px 0">{underlined}\n'
            f'<span style="color:#c62828">{html.escape(carets)}</span></pre>'
        )
    parts.append(f"<div>{html.escape(error.message)}</div>")
    if error.hint:
        parts.append(f"<div><i>Fix:</i> {html.escape(error.hint)}</div>")
    parts.append("</div>")
    return "".join(parts)


def external_names(spec: ModelSpec) -> list[str]:
    """The names a model takes from outside (parameters like ``tau``), in order of use.

    Units, constants, functions, the model's own variables and built-in
    symbols (``t``, ``dt``, ``i``, ``N``, ``xi``) are not included.
    """
    equations = Equations(spec.equations)
    exprs = [eq.expr for eq in equations.values() if eq.expr is not None]
    for text in (spec.threshold, spec.refractory):
        if isinstance(text, str) and text.strip():
            exprs.append(parse_expression(text))
    if isinstance(spec.reset, str) and spec.reset.strip():
        exprs += [st.value for st in parse_statements(spec.reset)]
    own = set(equations) | {"not_refractory", "lastspike"}
    found: list[str] = []
    for expr in exprs:
        for name in (node.id for node in walk(expr) if isinstance(node, Name)):
            if (
                name in own
                or name in SPECIAL_SYMBOLS
                or name.startswith("xi_")
                or name in all_units
                or name in CONSTANTS
                or name in found
            ):
                continue
            found.append(name)
    return found


def _value_text(value) -> str:
    if isinstance(value, Quantity):
        return str(value)
    return repr(value)


class EditorModel:
    """Parse and check a model as it is typed.

    Parameters
    ----------
    equations : str
        The initial equations.
    threshold, reset, refractory : str, optional
        The initial texts of the other fields (refractory like ``'5*ms'``; a
        quantity such as ``5*ms`` is shown as that text).
    method : str, optional
        Integration method (None: automatic).
    namespace : dict, optional
        Values of the external names; the check resolves names against it.
    delay : float
        Debounce delay in seconds (0: check at once).
    call_later : callable, optional
        Scheduler for the debounce (see :class:`Debouncer`).
    """

    def __init__(
        self,
        equations: str = "",
        threshold: str = "",
        reset: str = "",
        refractory: str | Quantity = "",
        method: str | None = None,
        namespace: dict | None = None,
        *,
        delay: float = 0.3,
        call_later: Callable | None = None,
    ) -> None:
        self.texts = {
            "equations": equations,
            "threshold": threshold or "",
            "reset": reset or "",
            "refractory": (
                format_quantity(refractory)
                if isinstance(refractory, Quantity)
                else refractory or ""
            ),
        }
        self.method = method
        self.namespace = {} if namespace is None else namespace
        self.valid: ModelSpec | None = None
        self.error: EditorError | None = None
        self.warnings: list[str] = []
        self.checks = 0
        self._listeners: list[Callable[[ModelSpec], None]] = []
        self._check_listeners: list[Callable[[EditorModel], None]] = []
        self.debouncer = Debouncer(delay, self.check, call_later)
        self.check()

    # events ------------------------------------------------------------------
    def on_valid(self, callback: Callable[[ModelSpec], None]) -> None:
        """Call ``callback(spec)`` whenever a changed model passes the check."""
        self._listeners.append(callback)

    def on_check(self, callback: Callable[[EditorModel], None]) -> None:
        """Call ``callback(editor)`` after every check (valid or not)."""
        self._check_listeners.append(callback)

    def set_text(self, field: str, text: str) -> None:
        """Change one field; the check runs after the debounce delay."""
        if field not in FIELDS:
            raise ValueError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}")
        self.texts[field] = text
        self.debouncer.trigger()

    def set_method(self, method: str | None) -> None:
        """Change the integration method (checked at once)."""
        self.method = method or None
        self.debouncer.cancel()
        self.check()

    # checking ------------------------------------------------------------------
    def spec(self) -> ModelSpec:
        """The model as currently typed (not necessarily valid)."""
        texts = self.texts
        return ModelSpec(
            equations=texts["equations"],
            threshold=texts["threshold"] if texts["threshold"].strip() else None,
            reset=texts["reset"] if texts["reset"].strip() else None,
            refractory=texts["refractory"] if texts["refractory"].strip() else False,
            method=self.method,
        )

    def check(self) -> bool:
        """Check the current texts now; returns whether the model is valid."""
        self.checks += 1
        spec = self.spec()
        warnings: list[str] = []
        try:
            with captured_log(warnings):
                group = spec.neuron_group(1, self.namespace, name=widget_object_name("check"))
                # a name not defined yet would wait for a run: the editor asks now
                group.complete_setup(None)
        except BrianlabError as err:
            self.error = self._locate(err)
        except Exception as err:  # the editor shows every failure, never a traceback
            self.error = EditorError(type(err).__name__, str(err), "", None, None, None)
        else:
            self.error = None
            self.warnings = [w for w in warnings if "integration method" not in w]
            changed = spec != self.valid
            self.valid = spec
            if changed:
                for callback in list(self._listeners):
                    callback(spec)
        for callback in list(self._check_listeners):
            callback(self)
        return self.error is None

    def _locate(self, err: BrianlabError) -> EditorError:
        field = next(
            (name for name in FIELDS if self.texts[name] and err.source == self.texts[name]),
            None,
        )
        line, col = (err.line, err.col) if field is not None else (None, None)
        if field is None:
            # no source attached: the field whose text the message quotes
            field = next(
                (
                    name
                    for name in FIELDS
                    if self.texts[name].strip() and f"'{self.texts[name].strip()}'" in err.message
                ),
                None,
            )
        return EditorError(type(err).__name__, err.message, err.hint or "", field, line, col)

    # what the widget shows -------------------------------------------------------
    def latex(self) -> str:
        """The last valid equations as display maths (``$$…$$``)."""
        if self.valid is None or not self.valid.equations.strip():
            return ""
        return Equations(self.valid.equations)._repr_latex_()

    def variables(self) -> list[dict]:
        """The last valid model's variables: name, kind, unit."""
        if self.valid is None:
            return []
        return [
            {"name": eq.name, "kind": _KIND_WORDS[eq.kind], "unit": eq.unit_text}
            for eq in Equations(self.valid.equations).values()
        ]

    def externals(self) -> list[dict]:
        """The last valid model's external names: name, value text, units."""
        if self.valid is None:
            return []
        out = []
        for name in external_names(self.valid):
            value = self.namespace.get(name)
            if value is None:
                continue  # a function or a name defined elsewhere
            try:
                dim = get_dimensions(value)
            except TypeError:
                continue
            out.append(
                {
                    "name": name,
                    "value": _value_text(value),
                    "unit": "1" if dim.is_dimensionless else format_dimension(dim),
                }
            )
        return out

    def error_html(self) -> str:
        """The current error as HTML ('' when the model is valid)."""
        if self.error is None:
            return ""
        text = self.texts.get(self.error.field or "", "")
        return error_html(self.error, text)

    def summary_html(self) -> str:
        """Variables, parameters and warnings of the last valid model, as HTML."""
        rows = [
            f"<tr><td><code>{html.escape(v['name'])}</code></td><td>{html.escape(v['kind'])}"
            f"</td><td>{html.escape(v['unit'])}</td></tr>"
            for v in self.variables()
        ]
        rows += [
            f"<tr><td><code>{html.escape(p['name'])}</code></td><td>external parameter = "
            f"{html.escape(p['value'])}</td><td>{html.escape(p['unit'])}</td></tr>"
            for p in self.externals()
        ]
        table = "<table>" + "".join(rows) + "</table>" if rows else ""
        notes = "".join(
            f'<div style="color:#8a6d00">{html.escape(w)}</div>' for w in self.warnings
        )
        return table + notes

    @property
    def state(self) -> dict:
        """``ok``, ``error`` (dict or None), ``valid`` (the model used), ``latex``,
        ``variables``, ``externals``, ``warnings``, ``pending`` (a check is due)."""
        error = None
        if self.error is not None:
            e = self.error
            error = {
                "kind": e.kind,
                "message": e.message,
                "hint": e.hint,
                "field": e.field,
                "line": e.line,
                "col": e.col,
            }
        return {
            "ok": self.error is None,
            "error": error,
            "valid": self.valid,
            "latex": self.latex(),
            "variables": self.variables(),
            "externals": self.externals(),
            "warnings": list(self.warnings),
            "pending": self.debouncer.pending,
        }
