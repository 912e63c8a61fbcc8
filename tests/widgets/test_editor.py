"""The equation editor: checks as the learner types, shows maths, variables and errors.

Bad inputs are the rows of ``BAD_INPUTS.md`` that concern model strings.
For each, the editor must show exactly the error brianlab's core raises
(message, fix, line and column), underline the symbol it is about, and
keep the previous valid model.
"""

from __future__ import annotations

import pytest

from brianlab import BrianlabError, Network, NeuronGroup, ms, nA
from brianlab.widgets import EquationEditor
from brianlab.widgets.models.editor import Debouncer, EditorModel, error_html

LIF = "dv/dt = (E_L - v + R*I)/tau : volt"
GOOD = {"equations": LIF, "threshold": "v > -50*mV", "reset": "v = E_L"}

#: (BAD_INPUTS row, field, text typed, equations to use instead of LIF, underlined text)
#: ``underlined`` None means the whole line is marked (no column known).
BAD = [
    ("1", "equations", "dv/dt = (E_L - v)/tau", None, None),
    ("2", "equations", "dv/dt = (E_L - v)/tau : voltage", None, "voltage"),
    ("3", "equations", "dv/dt = (E_L - v)/tau : mV", None, "mV"),
    ("4", "equations", "dv/dt = (E_L - v)/tau : 2*volt", None, "2"),
    ("5", "equations", "dv/dt = (E_L - v) : volt", None, "E_L"),
    ("6", "equations", "dv/dt = (E_L - v + I)/tau : volt\nI : amp", None, "E_L"),
    ("7", "equations", "dv/dt = (E_rest - v)/tau : volt", None, "E_rest"),
    (
        "8",
        "equations",
        "dv/dt = __import__('os').system('echo pwned')/tau : volt",
        None,
        "__import__",
    ),
    ("9", "equations", "dv/dt = v.__class__/tau : volt", None, "v"),
    ("10", "equations", "d__x/dt = -__x/tau : 1", None, "__x"),
    ("11", "equations", "dv/dt = eval('1')/tau : 1", None, "eval"),
    ("12-lambda", "equations", "dv/dt = (lambda x: x)/tau : 1", None, "lambda"),
    ("12-ifexp", "equations", "dv/dt = (1 if v > 0 else 0)/tau : 1", None, "1"),
    ("13", "equations", "dv/dt = v[0]/tau : 1", None, "v"),
    ("14", "equations", "dv/dt = -v^2/tau : 1", None, "-"),
    ("23", "equations", "dv/dt = k(v - 1)/tau : 1", None, "k"),
    ("24", "equations", "dv/dt = exp(v)/tau : volt", None, "exp"),
    ("25", "equations", "dv/dt = v**tau/second : 1", None, "tau"),
    ("26", "equations", "dlambda/dt = -lambda/tau : 1", None, "lambda"),
    ("27", "equations", "dt/dt = -t/tau : second", None, "t"),
    ("28", "equations", "dτ/dt = -τ/tau : 1", None, "τ"),
    ("29", "equations", "dv/dt = -v/tau : 1\ndv/dt = -v/tau : 1", None, None),
    ("30", "equations", "dv/dt = -v/tau : 1 (unles refractory)", None, "unles"),
    ("44", "equations", "dv/dt = -v/tau + xi : 1", None, "-"),
    ("51", "equations", "dv/dt = exp(v, 2)/tau : 1", None, "exp"),
    ("53", "equations", "dv/dt = 1e400*v/tau : 1", None, "1e400"),
    ("54", "equations", "dv/dt = (" + "+".join(["v"] * 1000) + ")/tau : 1", None, None),
    ("15", "threshold", "(v > 1*mV) & (v < 2*mV)", None, "("),
    ("16", "threshold", "0*mV < v < 1*mV", None, "0"),
    ("17", "threshold", "v + 1*mV", None, "v"),
    ("19", "threshold", "v > -50*mV", "dv/dt = -v/tau : 1", "v"),
    ("20", "reset", "v = -65", None, "-65"),
    ("21", "reset", "u = 0*mV", None, None),
    ("52", "threshold", "rand > 0.5", None, "rand"),
]


@pytest.fixture
def namespace(lif_namespace) -> dict:
    """The LIF parameters and a constant input current."""
    return {**lif_namespace, "I": 0.5 * nA}


@pytest.fixture
def editor(namespace) -> EditorModel:
    return EditorModel(**GOOD, namespace=namespace, delay=0)


def core_error(texts: dict, namespace: dict) -> BrianlabError:
    """The error brianlab's core raises for these texts (what the editor must show),
    by the time a run starts (a name not defined is looked up again then)."""
    with pytest.raises(BrianlabError) as info:
        group = NeuronGroup(
            1,
            texts["equations"],
            threshold=texts["threshold"],
            reset=texts["reset"],
            namespace=namespace,
        )
        Network(group).run(0 * ms)
    return info.value


@pytest.mark.parametrize(
    "field, text, equations, underlined", [case[1:] for case in BAD], ids=[c[0] for c in BAD]
)
def test_bad_input_shows_the_core_message_at_its_position_and_keeps_the_model(
    editor, namespace, field, text, equations, underlined
):
    before = editor.valid
    if equations is not None:
        editor.set_text("equations", equations)
    editor.set_text(field, text)
    expected = core_error(editor.texts, namespace)

    state = editor.state
    assert not state["ok"]
    error = state["error"]
    assert error["kind"] == type(expected).__name__
    assert (error["message"], error["hint"]) == (expected.message, expected.hint or "")
    assert (error["field"], error["line"], error["col"]) == (field, expected.line, expected.col)
    if equations is None:
        assert state["valid"] == before  # the previous model is still the one used

    source, carets = editor.error.marker(editor.texts[field])
    marked = source[len(carets) - len(carets.lstrip()) : len(carets)]
    if underlined is None:
        assert marked == source.strip()
    else:
        assert marked == underlined
    shown = editor.error_html()
    assert "Fix:" in shown or not expected.hint
    assert "<script" not in shown


def test_valid_model_shows_maths_variables_and_parameters(editor):
    state = editor.state
    assert state["ok"] and state["error"] is None
    assert r"\frac{\mathrm{d}v}{\mathrm{d}t}" in state["latex"]
    assert state["variables"] == [{"name": "v", "kind": "state variable", "unit": "volt"}]
    assert [(p["name"], p["value"], p["unit"]) for p in state["externals"]] == [
        ("E_L", "-70. mV", "volt"),
        ("R", "100. Mohm", "ohm"),
        ("I", "0.5 nA", "amp"),
        ("tau", "10. ms", "second"),
    ]


def test_undefined_input_is_reported_until_it_gets_a_value(editor, namespace):
    editor.set_text("equations", LIF.replace("R*I", "R*I_ext"))
    assert editor.state["error"]["message"] == "line 1: 'I_ext' is not defined."
    namespace["I_ext"] = 0.2 * nA
    editor.check()
    assert editor.state["ok"]


def test_fixing_the_error_makes_the_new_model_the_valid_one(editor):
    seen = []
    editor.on_valid(seen.append)
    editor.set_text("equations", "dv/dt = (E_L - v)/taux : volt")
    assert not editor.state["ok"] and seen == []
    editor.set_text("equations", "dv/dt = (E_L - v)/tau : volt")
    assert editor.state["ok"]
    assert [s.equations for s in seen] == ["dv/dt = (E_L - v)/tau : volt"]


def test_users_text_is_escaped_in_the_error_html(editor):
    editor.set_text("equations", "dv/dt = <script>alert(1)</script> : volt")
    shown = editor.error_html()
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown


def test_error_html_underlines_the_symbol_and_gives_the_fix():
    from brianlab.widgets.models.editor import EditorError

    error = EditorError(
        "UnknownIdentifierError", "'taux' is not defined.", "Use 'tau'.", "equations", 1, 18
    )
    shown = error_html(error, "dv/dt = (E_L - v)/taux : volt")
    assert "in equations, line 1, column 19" in shown
    assert 'text-decoration:underline wavy #c62828;color:#c62828">taux</span>' in shown
    assert '\n<span style="color:#c62828">' + " " * 18 + "^^^^</span>" in shown
    assert "<i>Fix:</i> Use &#x27;tau&#x27;." in shown


def test_method_errors_are_shown_without_a_field(namespace):
    editor = EditorModel("dv/dt = -v**2/(tau*mV) : volt", namespace=namespace, delay=0)
    editor.set_method("exact")
    state = editor.state
    assert not state["ok"]
    assert state["error"]["field"] is None
    assert "'exact'" in state["error"]["message"] + state["error"]["hint"]


def test_warnings_are_shown_in_the_editor_not_printed(namespace, capsys):
    editor = EditorModel(LIF, threshold="v > -50*mV", namespace=namespace, delay=0)
    assert any("neither a reset nor a refractory period" in w for w in editor.state["warnings"])
    assert capsys.readouterr().err == ""


class FakeClock:
    """A scheduler for the debounce that runs only when told to."""

    def __init__(self) -> None:
        self.scheduled = []

    def call_later(self, delay, fn):
        entry = {"fn": fn, "cancelled": False}

        class Handle:
            def cancel(self_inner):
                entry["cancelled"] = True

        self.scheduled.append(entry)
        return Handle()

    def fire(self) -> None:
        for entry in self.scheduled:
            if not entry["cancelled"]:
                entry["fn"]()
        self.scheduled = []


def test_typing_is_checked_once_after_the_pause(namespace):
    clock = FakeClock()
    editor = EditorModel(**GOOD, namespace=namespace, delay=0.3, call_later=clock.call_later)
    checks = editor.checks
    for text in ("dv/dt = (E_L - v)/t", "dv/dt = (E_L - v)/ta", "dv/dt = (E_L - v)/tau : volt"):
        editor.set_text("equations", text)
    assert editor.state["pending"]
    assert editor.checks == checks
    clock.fire()
    assert editor.checks == checks + 1
    assert editor.state["ok"] and not editor.state["pending"]


def test_debouncer_flush_runs_the_pending_call_now():
    calls = []
    clock = FakeClock()
    debouncer = Debouncer(1.0, lambda: calls.append(1), clock.call_later)
    debouncer.trigger()
    debouncer.trigger()
    debouncer.flush()
    assert calls == [1]
    clock.fire()  # the cancelled timers do nothing
    assert calls == [1]


def test_editor_widget_shows_errors_under_the_fields_and_keeps_the_maths(namespace):
    widget = EquationEditor(**GOOD, namespace=namespace, delay=0)
    maths = widget.math.value
    assert "\\frac" in maths and widget.error.value == ""
    widget.equations.value = "dv/dt = (E_L - v)/taux : volt"
    assert "UnknownIdentifierError" in widget.error.value
    assert "Did you mean &#x27;tau&#x27;?" in widget.error.value
    assert widget.math.value == maths  # the last valid model's maths stays
    widget.equations.value = "dv/dt = (E_L - v)/tau : volt"
    assert widget.error.value == ""
    widget.threshold.value = "v > -50*mV)"
    assert widget.state["error"]["field"] == "threshold"
    widget.threshold.value = "v > -55*mV"
    assert widget.state["valid"].threshold == "v > -55*mV"


def test_editor_widget_method_dropdown_changes_the_method(namespace):
    widget = EquationEditor(**GOOD, namespace=namespace, delay=0)
    widget.method.value = "rk4"
    assert widget.state["valid"].method == "rk4"
    widget.method.value = ""
    assert widget.state["valid"].method is None


def test_refractory_field_accepts_a_time(namespace):
    editor = EditorModel(**GOOD, refractory="5*ms", namespace=namespace, delay=0)
    assert editor.state["ok"] and editor.valid.refractory == "5*ms"
    editor.set_text("refractory", "5*mV")
    error = editor.state["error"]
    assert error["field"] == "refractory"
    assert error["message"].startswith("refractory '5*mV' must be a time or a condition")


def test_refractory_given_as_a_quantity_is_shown_as_text(namespace):
    from brianlab import ms

    editor = EditorModel(**GOOD, refractory=5 * ms, namespace=namespace, delay=0)
    assert editor.texts["refractory"] == "5*ms"
    assert editor.state["ok"]
