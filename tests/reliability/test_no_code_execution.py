"""No string a learner (or a shared exercise file) types is ever executed.

Property-based: hypothesis generates hostile and random strings — dunder
access, attribute chains, calls of builtins, lambdas, comprehensions,
f-strings, walrus, huge literals, deep nesting, unicode look-alikes, null
bytes, random printable text, and mutations of valid models — and sends each
through every entry point a string can arrive by.  Each string must either be
refused with a :class:`~brianlab.BrianlabError` or give a valid model: never
another exception type, never a hang (hypothesis' deadline), and never a side
effect — the payloads try to create a canary file, set a canary global and a
canary environment variable, and all three stay absent.

The strings tried per run are ``sum(EXAMPLES.values())`` (3,700, in about 35 s;
``BRIANLAB_HOSTILE_SCALE=10`` tries ten times as many), plus every payload
through every entry point.
"""

from __future__ import annotations

import builtins
import os
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import brianlab
from brianlab import BrianlabError, Equations, NeuronGroup, Synapses, ms, mV
from brianlab.parsing.expressions import parse_expression, parse_statements
from brianlab.widgets.models.editor import EditorModel

CANARY = "BRIANLAB_CANARY"

#: Code that would leave a trace if it ever ran.
PAYLOADS = [
    f"__import__('os').system('touch {CANARY}')",
    f"__import__('os').environ.__setitem__('{CANARY}', '1')",
    f"open('{CANARY}', 'w').write('pwned')",
    f"exec(\"open('{CANARY}', 'w')\")",
    f"eval(\"__import__('os').system('touch {CANARY}')\")",
    f"compile('open(\"{CANARY}\", \"w\")', 'x', 'exec')",
    f"setattr(__builtins__, '{CANARY}', 1)",
    f"globals().__setitem__('{CANARY}', 1)",
    f"(lambda: open('{CANARY}', 'w'))()",
    f"[open('{CANARY}', 'w') for _ in 'a']",
    f"{{open('{CANARY}', 'w') for _ in 'a'}}",
    f'f\'{{open("{CANARY}", "w")}}\'',
    f"(x := open('{CANARY}', 'w'))",
    "().__class__.__base__.__subclasses__()",
    "v.__class__.__mro__[1].__subclasses__()",
    "__builtins__.__dict__['open']",
    "getattr(v, '__class__')",
    "breakpoint()",
    "input()",
    "exit()",
    "__import__('sys').modules",
    "tau.__init__.__globals__",
    "[].append",
    "v if __import__('os') else v",
    "lambda: 0",
    "yield v",
    "await v",
    "import os",
    "del v",
    "raise SystemExit",
    "assert False",
    "while True: pass",
    "v; import os",
    "v\nimport os",
]

#: Where a payload sits inside a larger string.
TEMPLATES = [
    "{}",
    "v + {}",
    "({})*mV",
    "exp({})",
    "{} > 0",
    "dv/dt = {}/tau : 1",
    "dv/dt = -v/tau : 1\nI = {} : 1",
    "v = {}",
    "v += {}; w = 1",
    "w : 1\nx = {} : 1 (constant over dt)",
]

VALID = [
    "dv/dt = (E_L - v)/tau : volt",
    "dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)\nI : amp",
    "dv/dt = -v/tau + sigma*sqrt(2/tau)*xi : volt",
    "v > -50*mV",
    "v = E_L",
    "v = E_L; w += 0.1*mV",
    "i != j and rand() < 0.5",
    "exp(-abs(i - j)/2.0) > 0.1",
    "clip(v + 1*mV, -80*mV, 0*mV)",
    "dw/dt = -w/tau : 1 (clock-driven)",
]

TOKENS = [
    *"v w tau E_L i j t dt N xi x".split(),
    *"exp sqrt abs clip rand int eval open exec globals locals vars dir".split(),
    "__class__",
    "__import__",
    "__builtins__",
    "__dict__",
    "__globals__",
    "_secret",
    *"0 1 -1 2.5 1e400 9999999999999999999999 1e-400 0x1F 1_000 1j .5 5.".split(),
    *"+ - * / ** // % ^ & | ~ << >> @ < <= > >= == != = += -= := and or not".split(),
    *"( ) [ ] { } , . : ; # ' \" \\ \n \t".split(" "),
    *"lambda for in if else is yield await import from def class return".split(),
    "mV",
    "ms",
    "volt",
    "second",
    "amp",
    "(unless refractory)",
    "(constant)",
    "\u2212",
    "\u00d7",
    "\u03c4",
    "\u00b5",
    "\x00",
    "\u200b",
    "\uff56",
]

CHARS = string.printable + "\x00\u2212\u00d7\u03c4\u00b5\u200b\uff56\u0430"


def mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (kind, position, character) edits: insert, delete or replace one character."""
    for kind, position, char in edits:
        k = position % (len(text) + 1)
        if kind == 0:
            text = text[:k] + char + text[k:]
        elif kind == 1:
            text = text[:k] + text[k + 1 :]
        else:
            text = text[:k] + char + text[k + 1 :]
    return text


hostile = st.builds(str.format, st.sampled_from(TEMPLATES), st.sampled_from(PAYLOADS))
random_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)
printable_text = st.text(alphabet=CHARS, max_size=80)
token_soup = st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join)
mutated = st.builds(
    mutate,
    st.sampled_from(VALID),
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 200), st.sampled_from(CHARS)),
        min_size=1,
        max_size=4,
    ),
)
deep = st.builds(
    lambda n, opening, closing, core: opening * n + core + closing * n,
    st.integers(1, 400),
    st.sampled_from(["(", "-", "exp(", "-(", "not ", "[", "{", "f'{"]),
    st.sampled_from([")", "", ")", ")", "", "]", "}", "}'"]),
    st.sampled_from(["v", "1", "9" * 400, "v**v", ""]),
)
huge = st.one_of(
    st.integers(min_value=2**53, max_value=2**4000).map(str),
    st.builds("{}**{}**{}".format, st.integers(2, 99), st.integers(2, 99), st.integers(2, 99)),
    st.builds("1e{}".format, st.integers(300, 100_000)),
    st.integers(2000, 20_000).map(lambda n: "+".join("v" * (n // 2))),
)
#: Well-formed expressions over the model's names: they get past the parser into unit
#: checking, integration and generated code (where ``G.v = '1/i'`` once raised
#: ZeroDivisionError).
atoms = st.one_of(
    st.sampled_from("v u w tau E_L i j N t dt xi I_0 sigma pi e inf mV ms volt".split()),
    st.sampled_from(["0", "1", "2", "0.5", "1e-300", "1e300", "-1", "1e308", "3"]),
    st.just("rand()"),
)
well_formed = st.recursive(
    atoms,
    lambda inner: st.one_of(
        st.builds("({} {} {})".format, inner, st.sampled_from("+ - * / ** % //".split()), inner),
        st.builds("({} {} {})".format, inner, st.sampled_from("< <= > >= == !=".split()), inner),
        st.builds("({} {} {})".format, inner, st.sampled_from(["and", "or"]), inner),
        st.builds(
            "{}({})".format,
            st.sampled_from("exp log sqrt abs sin int floor sign exprel tan".split()),
            inner,
        ),
        st.builds("clip({}, {}, {})".format, inner, inner, inner),
        st.builds("timestep({}, {})".format, inner, inner),
        st.builds("-{}".format, inner),
        st.builds("not {}".format, inner),
    ),
    max_leaves=8,
)
grammar = st.one_of(well_formed, st.builds(str.format, st.sampled_from(TEMPLATES), well_formed))

STRINGS = st.one_of(
    hostile, random_text, printable_text, token_soup, mutated, deep, huge, grammar, grammar
)

NAMESPACE = {
    "tau": 10 * ms,
    "E_L": -70 * mV,
    "R": 50 * brianlab.Mohm,
    "I_0": 0.1 * brianlab.nA,
    "sigma": 1 * mV,
}


def group(model: str = "dv/dt = -v/tau : 1\nu : volt", **kwargs) -> NeuronGroup:
    kwargs.setdefault("method", "euler")
    return NeuronGroup(2, model, namespace=NAMESPACE, **kwargs)


def synapses(**kwargs) -> Synapses:
    G = group(threshold="v > 1", reset="v = 0")
    kwargs.setdefault("model", "w : 1")
    return Synapses(G, G, namespace=NAMESPACE, method="euler", **kwargs)


def editor(text: str) -> None:
    """The editor never raises; what it shows must be one of brianlab's errors."""
    state = EditorModel(equations=text, namespace=NAMESPACE, method="euler", delay=0).state
    if state["error"] is not None:
        kind = getattr(brianlab.errors, state["error"]["kind"], None)
        assert isinstance(kind, type) and issubclass(kind, BrianlabError), state["error"]


def assign(text: str) -> None:
    group().v = text


ENTRY_POINTS: dict[str, Callable[[str], object]] = {
    "parse_expression": parse_expression,
    "parse_statements": parse_statements,
    "Equations": Equations,
    "NeuronGroup(model=)": lambda text: group(text),
    "NeuronGroup(model=) with automatic method": lambda text: group(text, method=None),
    "threshold": lambda text: group(threshold=text, reset=""),
    "reset": lambda text: group(threshold="v > 1", reset=text),
    "refractory": lambda text: group(threshold="v > 1", reset="", refractory=text),
    "G.v = '...'": assign,
    "Synapses(model=)": lambda text: synapses(model=text),
    "on_pre": lambda text: synapses(on_pre=text),
    "on_post": lambda text: synapses(on_post=text),
    "connect(condition=)": lambda text: synapses().connect(condition=text),
    "editor": editor,
}

#: examples per entry point: the parsers are cheap, building groups is not;
#: BRIANLAB_HOSTILE_SCALE=10 tries ten times as many (for a longer hunt)
SCALE = float(os.environ.get("BRIANLAB_HOSTILE_SCALE", "1"))
EXAMPLES = {
    "parse_expression": 600,
    "parse_statements": 400,
    "Equations": 400,
    "NeuronGroup(model=)": 300,
    "NeuronGroup(model=) with automatic method": 100,
    "threshold": 250,
    "reset": 250,
    "refractory": 200,
    "G.v = '...'": 250,
    "Synapses(model=)": 150,
    "on_pre": 200,
    "on_post": 150,
    "connect(condition=)": 200,
    "editor": 300,
}
TRIED = {"strings": 0}


@pytest.fixture(scope="module", autouse=True)
def sandbox(tmp_path_factory):
    """Run in an empty directory with the kernels as plain Python in a private cache
    (compiling thousands of random kernels with numba would take hours)."""
    where = tmp_path_factory.mktemp("hostile")
    old_cwd, old_jit, old_cache = Path.cwd(), brianlab.config.jit, brianlab.config.cache_dir
    os.chdir(where)
    brianlab.config.jit = False
    brianlab.config.cache_dir = where / "cache"
    try:
        yield where
    finally:
        os.chdir(old_cwd)
        brianlab.config.jit, brianlab.config.cache_dir = old_jit, old_cache
    print(f"\nhostile strings tried: {TRIED['strings']}")


def assert_no_side_effect(where: Path) -> None:
    assert not (where / CANARY).exists(), "a payload created the canary file"
    assert not hasattr(builtins, CANARY), "a payload set a builtin"
    assert CANARY not in globals(), "a payload set a global"
    assert CANARY not in os.environ, "a payload set an environment variable"


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_any_string_is_refused_with_a_brianlab_error_or_accepted(entry, sandbox):
    act = ENTRY_POINTS[entry]

    @settings(
        max_examples=max(1, int(EXAMPLES[entry] * SCALE)),
        deadline=30_000,  # catches a hang (e.g. 9**9**9), not a busy machine
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=STRINGS)
    def property_holds(text: str) -> None:
        TRIED["strings"] += 1
        brianlab.start_scope()
        try:
            act(text)
        except BrianlabError:
            pass
        except Exception as err:  # anything else is a bug: show the string that caused it
            raise AssertionError(f"{entry}({text!r}) raised {type(err).__name__}: {err}") from err
        assert_no_side_effect(sandbox)

    property_holds()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_refused_everywhere_without_side_effect(payload, sandbox):
    for entry, act in ENTRY_POINTS.items():
        try:
            act(payload)
        except BrianlabError:
            pass
        else:
            assert entry == "editor", f"{entry} accepted {payload!r}"
        assert_no_side_effect(sandbox)
