"""Every bad input of BAD_INPUTS.md is refused with a message that says what,
where, why and how to fix it — at every door a string can come through.

``test_bad_input_is_refused_with_its_message``
    one case per row of the table (55 rows; some rows have several variants,
    ``31-zero``, ``31-negative``, …).  Each asserts the brianlab class, the
    builtin it also is (``except ValueError`` keeps working), and the full
    printed message (message + hint) against ``expected_messages.json``.
``test_bad_string_is_refused_alike_at_every_entry_point``
    the table's bad *strings* typed into every place a string arrives:
    ``Equations``, NeuronGroup ``model``/``threshold``/``reset``/``refractory``,
    ``G.v = '...'``, Synapses ``model``/``on_pre``/``on_post``,
    ``connect(condition=...)`` and the equation editor's view-model.  Each door
    must raise the same class with the same core sentence (brian2's ``^`` is
    friendly on one path and a raw ``KeyError`` on another); the full text of
    each is in the snapshot file too.

``pytest tests/bad_inputs --update-snapshots`` rewrites the expected texts
from what the code says now (review the diff before committing it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

import brianlab
from brianlab import (
    BrianlabError,
    Equations,
    EquationSyntaxError,
    InvalidParameterError,
    Mohm,
    Network,
    NeuronGroup,
    ResourceLimitError,
    SimulationDiverged,
    StateMonitor,
    Synapses,
    UnitMismatchError,
    UnknownIdentifierError,
    UnsupportedEquationsError,
    amp,
    defaultclock,
    inf,
    ms,
    mV,
    nan,
    second,
)
from brianlab.widgets.models.editor import EditorModel

SNAPSHOT_FILE = Path(__file__).with_name("expected_messages.json")

#: External values the models below read (passed as ``namespace=``).
NAMESPACE = {"E_L": -70 * mV, "tau": 10 * ms, "R": 100 * Mohm, "k": 2.0, "DeltaT": 2 * mV}
LIF = "dv/dt = (E_L - v)/tau : volt"

#: Rows Brian 2 accepts silently (a wrong or no answer); brianlab refuses each.
BRIAN_SILENT_ROWS = {21, 25, 33, 34, 37, 40, 48, 49, 53}


# -- the rows ----------------------------------------------------------------------


def neurons(model: str = LIF, N: int = 1, **kwargs) -> NeuronGroup:
    """A group reading :data:`NAMESPACE` (explicitly: no caller-frame lookup).

    Names that appear in a message are given explicitly, one per row: an
    automatic name would depend on which objects of earlier tests are alive.
    """
    kwargs.setdefault("namespace", NAMESPACE)
    return NeuronGroup(N, model, **kwargs)


def spiking_pair(name: str | None = None) -> tuple[NeuronGroup, Synapses]:
    G = neurons(N=2, threshold="v > -50*mV", reset="v = E_L")
    S = Synapses(G, G, "w : volt", on_pre="v += w", namespace=NAMESPACE, name=name)
    return G, S


def run_for(duration, *objects) -> None:
    Network(*objects).run(duration)


def set_dt(value) -> None:
    defaultclock.dt = value


def row_5():
    neurons("dv/dt = (E_L - v) : volt")


def row_32_connect():
    G = NeuronGroup(100_000, "v : 1")
    Synapses(G, G, "w : 1", name="all_to_all").connect()


def row_32_monitor():
    G = NeuronGroup(100_000, "v : 1")
    run_for(100 * second, G, StateMonitor(G, "v", record=True, name="recorder"))


def row_37_steps():
    G = NeuronGroup(1_000_000, "v : 1")
    run_for(1000 * second, G)


def row_39():
    G = neurons("dv/dt = v**2/(0.1*ms) : 1", method="euler", name="unstable")
    G.v = 1
    run_for(2 * ms, G)


def row_40():
    G = neurons("dv/dt = -v/tau0 : 1", method="euler", namespace={"tau0": 0 * ms})
    run_for(1 * ms, G)


def row_45():
    neurons().v = 5 * amp


def row_46():
    StateMonitor(neurons(name="lif"), "u", record=True)


def row_47():
    StateMonitor(neurons(N=2, name="pair"), "v", record=[5])


def row_48(p):
    def trigger():
        _, S = spiking_pair()
        S.connect(p=p)

    return trigger


def row_49():
    _, S = spiking_pair(name="delayed")
    S.connect()
    S.delay = -1 * ms


@dataclass(frozen=True)
class Row:
    """One bad input: its id (``'14'``, ``'31-float'``), what it does, what it must raise."""

    id: str
    trigger: Callable[[], object]
    error: type
    builtin: type

    @property
    def number(self) -> int:
        return int(self.id.split("-")[0])


SYNTAX, UNITS, NAME = (
    (EquationSyntaxError, SyntaxError),
    (UnitMismatchError, ValueError),
    (UnknownIdentifierError, NameError),
)
PARAM, LIMIT = (InvalidParameterError, ValueError), (ResourceLimitError, MemoryError)
METHOD = (UnsupportedEquationsError, ValueError)
DIVERGED = (SimulationDiverged, FloatingPointError)
# brianlab has no error class that is also a TypeError (see MISSING_TYPE_ERROR)
TYPE = (BrianlabError, TypeError)


def row(id: str, trigger: Callable[[], object], kinds: tuple[type, type]) -> Row:
    return Row(id, trigger, *kinds)


ROWS = [
    row("1", lambda: Equations("dv/dt = (E_L - v)/tau"), SYNTAX),
    row("2", lambda: Equations("dv/dt = (E_L - v)/tau : voltage"), SYNTAX),
    row("3", lambda: Equations("dv/dt = (E_L - v)/tau : mV"), SYNTAX),
    row("4", lambda: Equations("dv/dt = (E_L - v)/tau : 2*volt"), SYNTAX),
    row("5", row_5, UNITS),
    row("6", lambda: neurons("dv/dt = (E_L - v + I)/tau : volt\nI : amp"), UNITS),
    # as in Brian 2, a name not defined yet is looked up again when the run starts
    row("7", lambda: run_for(0 * ms, neurons("dv/dt = (E_rest - v)/tau : volt")), NAME),
    row("8", lambda: neurons("dv/dt = __import__('os').system('echo pwned')/tau : volt"), SYNTAX),
    row("9", lambda: neurons("dv/dt = v.__class__/tau : volt"), SYNTAX),
    row("10", lambda: neurons("d__x/dt = -__x/tau : 1"), SYNTAX),
    row("11-eval", lambda: neurons("dv/dt = eval('1')/tau : 1"), SYNTAX),
    row("11-open", lambda: neurons("dv/dt = open('x')/tau : 1"), SYNTAX),
    row("11-globals", lambda: neurons("dv/dt = globals()/tau : 1"), SYNTAX),
    row("11-builtins", lambda: neurons("dv/dt = __builtins__/tau : 1"), SYNTAX),
    row("12-lambda", lambda: neurons("dv/dt = (lambda x: x)/tau : 1"), SYNTAX),
    row("12-listcomp", lambda: neurons("dv/dt = [x for x in v]/tau : 1"), SYNTAX),
    row("12-fstring", lambda: neurons("dv/dt = f'{v}'/tau : 1"), SYNTAX),
    row("12-walrus", lambda: neurons("dv/dt = (y := v)/tau : 1"), SYNTAX),
    row("12-ifexp", lambda: neurons("dv/dt = (1 if v > 0 else 0)/tau : 1"), SYNTAX),
    row("12-dict", lambda: neurons("dv/dt = {1: v}/tau : 1"), SYNTAX),
    row("13", lambda: neurons("dv/dt = v[0]/tau : 1"), SYNTAX),
    row("14", lambda: neurons("dv/dt = -v^2/tau : 1"), SYNTAX),
    row("15", lambda: neurons(threshold="(v > 1*mV) & (v < 2*mV)"), SYNTAX),
    row("16", lambda: neurons(threshold="0*mV < v < 1*mV"), SYNTAX),
    row("17", lambda: neurons(threshold="v + 1*mV"), SYNTAX),
    row("18", lambda: neurons(threshold=-50 * mV), TYPE),
    row("19", lambda: neurons("dv/dt = -v/tau : 1", threshold="v > -50*mV"), UNITS),
    row("20", lambda: neurons(threshold="v > -50*mV", reset="v = -65"), UNITS),
    row("21", lambda: neurons(threshold="v > -50*mV", reset="u = 0*mV"), SYNTAX),
    row(
        "22",
        lambda: neurons("dv/dt = -v/tau : 1\nw = 2*v : 1", threshold="v > 1", reset="w = 0"),
        SYNTAX,
    ),
    row("23", lambda: neurons("dv/dt = k(v - 1)/tau : 1"), SYNTAX),
    row("24", lambda: neurons("dv/dt = exp(v)/tau : volt"), UNITS),
    row("25", lambda: neurons("dv/dt = v**tau/second : 1"), UNITS),
    row("26", lambda: neurons("dlambda/dt = -lambda/tau : 1"), SYNTAX),
    row("27-t", lambda: neurons("dt/dt = -t/tau : second"), SYNTAX),
    row("27-xi", lambda: neurons("dxi/dt = -xi/tau : 1"), SYNTAX),
    row("27-i", lambda: neurons("i : 1"), SYNTAX),
    row("27-N", lambda: neurons("N : 1"), SYNTAX),
    row("28", lambda: neurons("dτ/dt = -τ/tau : 1"), SYNTAX),
    row("29", lambda: neurons("dv/dt = -v/tau : 1\ndv/dt = -v/tau : 1"), SYNTAX),
    row("30", lambda: neurons("dv/dt = -v/tau : 1 (unles refractory)"), SYNTAX),
    row("31-zero", lambda: neurons(N=0), PARAM),
    row("31-negative", lambda: neurons(N=-5), PARAM),
    row("31-equations-first", lambda: NeuronGroup("dv/dt = -v/tau : 1", 10), TYPE),
    row("31-float", lambda: neurons(N=2.7), PARAM),
    row("32", lambda: NeuronGroup(10**12, "v : 1"), LIMIT),
    row("32-connect", row_32_connect, LIMIT),
    row("32-monitor", row_32_monitor, LIMIT),
    row("33", lambda: set_dt(0 * ms), PARAM),
    row("34", lambda: set_dt(-0.1 * ms), PARAM),
    row("35", lambda: set_dt(0.1), UNITS),
    row("36", lambda: run_for(-5 * ms, neurons()), PARAM),
    row("37-inf", lambda: run_for(inf * ms, neurons()), PARAM),
    row("37-nan", lambda: run_for(nan * ms, neurons()), PARAM),
    row("37-steps", row_37_steps, LIMIT),
    row("38", lambda: run_for(100, neurons()), UNITS),
    row("39", row_39, DIVERGED),
    row("40", row_40, PARAM),
    row("41", lambda: neurons(method="rk45"), PARAM),
    row("42", lambda: neurons("dv/dt = -v**2/tau : 1", method="exact"), METHOD),
    row("43", lambda: neurons("dv/dt = -v/tau + v*xi*tau**-0.5 : 1", method="euler"), METHOD),
    row("44", lambda: neurons("dv/dt = -v/tau + xi : 1"), UNITS),
    row("45", row_45, UNITS),
    row("46", row_46, NAME),
    row("47", row_47, PARAM),
    row("48-above-1", row_48(1.5), PARAM),
    row("48-negative", row_48(-0.5), PARAM),
    row("49", row_49, PARAM),
    row("50", lambda: neurons(refractory=5 * mV), UNITS),
    row("51", lambda: neurons("dv/dt = exp(v, 2)/tau : 1"), SYNTAX),
    row("52", lambda: neurons("dv/dt = -v/tau : 1", threshold="rand > 0.5"), SYNTAX),
    row("53", lambda: neurons("dv/dt = 1e400*v/tau : 1"), SYNTAX),
    row("54-long", lambda: neurons(f"dv/dt = ({'+'.join(['v'] * 5000)})/tau : 1"), SYNTAX),
    row("54-deep", lambda: neurons(f"dv/dt = {'-(' * 300}v{')' * 300}/tau : 1"), SYNTAX),
    row("55", lambda: neurons("dv/dt = -v/tau_s : 1", namespace={"tau_s": "10 ms"}), PARAM),
]


def row_params() -> list:
    return [pytest.param(case, id=case.id) for case in ROWS]


# -- snapshots -----------------------------------------------------------------------


class Snapshots:
    """The expected messages, compared with (or, when updating, replaced by) what is raised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stored = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.changed = False

    def check(self, key: str, actual: str, update: bool) -> None:
        if update:
            self.changed |= self.stored.get(key) != actual
            self.stored[key] = actual
            return
        assert key in self.stored, f"no expected message for {key!r}: run --update-snapshots"
        assert actual == self.stored[key]

    def save(self, keys: set[str]) -> None:
        """Write the file with the known keys only (sorted, readable diffs)."""
        kept = {k: self.stored[k] for k in sorted(self.stored) if k in keys}
        self.path.write_text(json.dumps(kept, indent=1, ensure_ascii=False) + "\n", "utf-8")


@pytest.fixture(scope="module")
def snapshots():
    book = Snapshots(SNAPSHOT_FILE)
    yield book
    if book.changed:
        book.save(all_snapshot_keys())


@pytest.fixture(autouse=True)
def settings_restored():
    """Leave ``defaultclock.dt`` and the limits as they were."""
    dt, limits = defaultclock.dt, brianlab.config.limits
    brianlab.config.limits = type(limits)(**vars(limits))
    yield
    defaultclock.dt = dt
    brianlab.config.limits = limits


def raised_by(trigger: Callable[[], object]) -> BaseException:
    """The exception ``trigger()`` raises (failing the test when it raises none)."""
    with pytest.raises(Exception) as info:
        trigger()
    return info.value


# -- the rows, one by one ------------------------------------------------------------


def test_the_table_has_all_55_rows_and_ids_are_unique():
    assert sorted({case.number for case in ROWS}) == list(range(1, 56))
    assert len({case.id for case in ROWS}) == len(ROWS)
    assert BRIAN_SILENT_ROWS <= {case.number for case in ROWS}


@pytest.mark.parametrize("case", row_params())
def test_bad_input_is_refused_with_its_message(case: Row, snapshots, update_snapshots):
    err = raised_by(case.trigger)

    snapshots.check(case.id, str(err), update_snapshots)
    assert isinstance(err, case.builtin)
    assert isinstance(err, BrianlabError), f"{type(err).__name__} is not a brianlab error"
    assert isinstance(err, case.error)


def test_refused_dt_leaves_the_clock_unchanged():
    defaultclock.dt = 0.05 * ms
    for bad in (0 * ms, -0.1 * ms, 0.1, inf * ms):
        raised_by(lambda bad=bad: set_dt(bad))
    assert defaultclock.dt == 0.05 * ms


def test_refused_delay_keeps_the_previous_delays():
    _, S = spiking_pair()
    S.connect()
    S.delay = 2 * ms

    def assign():
        S.delay = -1 * ms

    raised_by(assign)
    assert np.all(S.delay == 2 * ms)


def test_zero_parameter_in_a_denominator_is_refused_before_any_step():
    G = neurons("dv/dt = -v/tau0 : 1", method="euler", namespace={"tau0": 0 * ms})
    G.v = 1
    net = Network(G)
    raised_by(lambda: net.run(1 * ms))
    assert net.t == 0 * ms
    assert G.v[0] == 1


# -- the same strings at every entry point ---------------------------------------------

#: The base model the strings are put into: a dimensionless ``v``, a ``u`` in volt.
BASE = "dv/dt = -v/tau : 1\nu : volt"


@dataclass(frozen=True)
class BadString:
    """A bad expression, the sentence every entry point must say about it, and whether
    it is wrong already as text (``Equations`` refuses it) or only in a model."""

    id: str
    text: str
    error: type
    says: str
    condition: bool = False
    textual: bool = True
    #: refused when the run starts: a name not defined at construction may
    #: still be defined before the run (Brian 2 looks names up then)
    at_run: bool = False


STRINGS = [
    BadString("6-units-added", "u + v", UnitMismatchError, "adds quantities", textual=False),
    BadString(
        "7-unknown",
        "E_rest",
        UnknownIdentifierError,
        "'E_rest' is not defined",
        textual=False,
        at_run=True,
    ),
    BadString(
        "8-import",
        "__import__('os').system('echo pwned')",
        EquationSyntaxError,
        "'__import__' is not a function brianlab knows",
    ),
    BadString("9-dunder", "v.__class__", EquationSyntaxError, "'.' (attribute access)"),
    BadString("10-underscore", "__x", EquationSyntaxError, "starts with an underscore"),
    BadString("11-eval", "eval('1')", EquationSyntaxError, "'eval' is not an allowed function"),
    BadString("11-open", "open('x')", EquationSyntaxError, "'open' is not an allowed function"),
    BadString("11-globals", "globals()", EquationSyntaxError, "'globals' is not an allowed"),
    BadString("11-builtins", "__builtins__", EquationSyntaxError, "starts with an underscore"),
    BadString("12-lambda", "(lambda x: x)", EquationSyntaxError, "lambda functions are not"),
    BadString("12-listcomp", "[x for x in v]", EquationSyntaxError, "list comprehensions"),
    BadString("12-fstring", "f'{v}'", EquationSyntaxError, "f-strings are not supported"),
    BadString("12-walrus", "(y := v)", EquationSyntaxError, "assignment expressions (':=')"),
    BadString("12-ifexp", "(1 if v > 0 else 0)", EquationSyntaxError, "conditional expressions"),
    BadString("12-dict", "{1: v}", EquationSyntaxError, "dictionaries are not supported"),
    BadString("13-index", "v[0]", EquationSyntaxError, "indexing with '[...]'"),
    BadString("14-caret", "v^2", EquationSyntaxError, "'^' is not a power operator here"),
    BadString(
        "15-ampersand",
        "(v > 1) & (v < 2)",
        EquationSyntaxError,
        "'&' is a bitwise operator",
        condition=True,
    ),
    BadString(
        "16-chained", "0 < v < 1", EquationSyntaxError, "chained comparisons", condition=True
    ),
    BadString(
        "19-compare-units",
        "u > 1",
        UnitMismatchError,
        "'u' is in volt but '1' is dimensionless",
        condition=True,
        textual=False,
    ),
    BadString(
        "23-call-a-parameter",
        "k(v - 1)",
        EquationSyntaxError,
        "'k' is a parameter, not a function",
        textual=False,
    ),
    BadString(
        "24-exp-units",
        "exp(u)",
        UnitMismatchError,
        "exp() needs a dimensionless argument; 'u' is in volt",
        textual=False,
    ),
    BadString(
        "25-exponent-units",
        "v**tau",
        UnitMismatchError,
        "the exponent in 'v**tau' must be dimensionless",
        textual=False,
    ),
    BadString("26-keyword", "lambda + 1", EquationSyntaxError, "'lambda' is a Python keyword"),
    BadString("28-greek", "τ", EquationSyntaxError, "('τ' is not allowed)"),
    BadString(
        "51-arguments", "exp(v, 2)", EquationSyntaxError, "exp() takes 1 argument", textual=False
    ),
    BadString(
        "52-function-as-value",
        "rand > 0.5",
        EquationSyntaxError,
        "'rand' was used like a variable",
        condition=True,
        textual=False,
    ),
    BadString("53-huge", "1e400*v", EquationSyntaxError, "too large to represent"),
    BadString("54-long", "+".join(["v"] * 1200), EquationSyntaxError, "expression too long"),
    BadString("54-deep", "-(" * 100 + "v" + ")" * 100, EquationSyntaxError, "nested too deeply"),
]


def as_value(bad: BadString) -> str:
    """The string where a number is expected."""
    return f"int({bad.text})" if bad.condition else f"({bad.text})"


def as_condition(bad: BadString) -> str:
    """The string where a condition is expected."""
    return bad.text if bad.condition else f"{as_value(bad)} > 0"


def base_group(**kwargs) -> NeuronGroup:
    return neurons(BASE, N=2, method="euler", **kwargs)


def target_group() -> NeuronGroup:
    return base_group(threshold="v > 1", reset="v = 0")


def editor_error(**texts) -> BrianlabError:
    """The error the equation editor shows, as the exception it stands for."""
    editor = EditorModel(**texts, method="euler", namespace=NAMESPACE, delay=0)
    error = editor.state["error"]
    assert error is not None, "the editor accepted the model"
    kind = getattr(brianlab.errors, error["kind"])
    return kind(error["message"], error["hint"] or None)


def assign_v(bad: BadString) -> None:
    base_group().v = as_value(bad)


def run_built(built) -> None:
    """Start a run of the group or synapses an entry point built."""
    if isinstance(built, Synapses):
        run_for(0 * ms, built.source, built)
    elif built is not None:
        run_for(0 * ms, built)


def connect_where(bad: BadString) -> None:
    G = target_group()
    Synapses(G, G, "w : 1", namespace=NAMESPACE).connect(condition=as_condition(bad))


def synapses(bad: BadString, **kwargs) -> Synapses:
    G = target_group()
    kwargs.setdefault("model", "w : 1")
    return Synapses(G, G, namespace=NAMESPACE, method="euler", **kwargs)


#: entry point -> what it does with a bad string (raising, or returning the editor's error)
ENTRY_POINTS: dict[str, Callable[[BadString], object]] = {
    "Equations": lambda bad: Equations(f"dx/dt = {as_value(bad)}/tau : 1"),
    "NeuronGroup.model": lambda bad: neurons(
        f"{BASE}\ndx/dt = {as_value(bad)}/tau : 1", method="euler"
    ),
    "threshold": lambda bad: base_group(threshold=as_condition(bad), reset=""),
    "reset": lambda bad: base_group(threshold="v > 1", reset=f"v = {as_value(bad)}"),
    "refractory": lambda bad: base_group(
        threshold="v > 1", reset="", refractory=as_condition(bad)
    ),
    "G.v = '...'": assign_v,
    "Synapses.model": lambda bad: synapses(
        bad, model=f"dw/dt = {as_value(bad)}/tau : 1 (clock-driven)"
    ),
    "on_pre": lambda bad: synapses(bad, on_pre=f"w += {as_value(bad)}"),
    "on_post": lambda bad: synapses(bad, on_post=f"w += {as_value(bad)}"),
    "connect(condition=)": connect_where,
    "editor equations": lambda bad: editor_error(
        equations=f"{BASE}\ndx/dt = {as_value(bad)}/tau : 1"
    ),
    "editor threshold": lambda bad: editor_error(equations=BASE, threshold=as_condition(bad)),
}


def entry_params() -> list:
    # Equations alone cannot know names and units (they belong to a model), as in Brian 2
    return [
        pytest.param(bad, entry, id=entry_key(bad, entry))
        for bad in STRINGS
        for entry in ENTRY_POINTS
        if entry != "Equations" or bad.textual
    ]


def entry_key(bad: BadString, entry: str) -> str:
    return f"{bad.id}@{entry}"


@pytest.mark.parametrize(("bad", "entry"), entry_params())
def test_bad_string_is_refused_alike_at_every_entry_point(
    bad: BadString, entry: str, snapshots, update_snapshots
):
    act = ENTRY_POINTS[entry]
    if entry.startswith("editor"):
        err = act(bad)
    elif bad.at_run:
        err = raised_by(lambda: run_built(act(bad)))
    else:
        err = raised_by(lambda: act(bad))

    snapshots.check(entry_key(bad, entry), str(err), update_snapshots)
    assert type(err) is bad.error, f"{type(err).__name__}: {err}"
    assert bad.says in err.message


def test_a_harmless_string_passes_every_entry_point():
    """The doors themselves work: the same templates with a good string raise nothing."""
    good = BadString("good", "v*0.5", BrianlabError, "")
    for entry, act in ENTRY_POINTS.items():
        if entry.startswith("editor"):
            editor = EditorModel(
                equations=f"{BASE}\ndx/dt = {as_value(good)}/tau : 1",
                threshold="v > 1" if entry == "editor equations" else as_condition(good),
                method="euler",
                namespace=NAMESPACE,
                delay=0,
            )
            assert editor.state["ok"], (entry, editor.state["error"])
        else:
            act(good)
        brianlab.start_scope()


def all_snapshot_keys() -> set[str]:
    keys = {case.id for case in ROWS}
    for param in entry_params():
        keys.add(entry_key(*param.values))
    return keys


def test_snapshot_file_has_an_entry_for_every_case_and_no_other(update_snapshots):
    if update_snapshots:
        pytest.skip("the file is being rewritten")
    stored = json.loads(SNAPSHOT_FILE.read_text(encoding="utf-8"))
    assert set(stored) == all_snapshot_keys()
