"""Every oracle model is a plain Brian 2 script whose header the catalogue understands."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .catalog import ModelSpec, discover_models, read_spec

MODELS = discover_models()
LATER_FEATURES = {"TimedArray", "Synapses", "PoissonGroup", "SpikeGeneratorGroup"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "model.py"
    path.write_text(text)
    return path


def test_header_directives_and_description_are_read(tmp_path: Path) -> None:
    spec = read_spec(
        write(
            tmp_path,
            "# requires: SpikeGeneratorGroup, Synapses (issue 3)\n"
            "# compare: statistics\n"
            "# Delta synapses: a description\n"
            "# over two lines.\n"
            "from brian2 import *\n"
            "# requires: NotAHeader\n",
        )
    )
    assert spec == ModelSpec(
        spec.path,
        "Delta synapses: a description over two lines.",
        ("SpikeGeneratorGroup", "Synapses"),
        "issue 3",
        True,
    )


def test_header_without_directives_compares_values_and_requires_nothing(tmp_path: Path) -> None:
    spec = read_spec(write(tmp_path, "# A model.\nfrom brian2 import *\n"))
    assert (spec.requires, spec.requires_note, spec.statistical) == ((), "", False)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# compare: roughly", "model.py: '# compare:' takes 'values' or 'statistics'"),
        ("# requires: (issue 3)", "model.py: '# requires:' needs comma-separated names"),
        ("# requires: Timed Array", "model.py: '# requires:' needs comma-separated names"),
    ],
)
def test_malformed_directive_is_rejected(tmp_path: Path, line: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        read_spec(write(tmp_path, line + "\nfrom brian2 import *\n"))
    assert str(error.value) == message


def test_the_suite_has_the_models_the_brief_asks_for() -> None:
    names = {spec.name for spec in MODELS}
    assert {
        "course2019_first_lif",
        "course2019_fI",
        "course2019_threshold_current",
        "lif_constant_current",
        "lif_two_runs_step_current",
        "lif_timedarray_step",
        "lif_noise_statistics",
        "adex_euler",
        "izhikevich_euler",
        "hh_exprel_exponential_euler",
        "hh_exp_exponential_euler",
        "subexpression_shared",
        "refractory_unless",
        "per_neuron_parameters",
        "integration_methods",
        "monitors",
        "store_restore",
    } <= names


@pytest.mark.parametrize("spec", MODELS, ids=[spec.name for spec in MODELS])
def test_model_is_a_plain_brian2_script(spec: ModelSpec) -> None:
    tree = ast.parse(spec.path.read_text(), filename=str(spec.path))
    first = tree.body[0]
    assert isinstance(first, ast.ImportFrom) and first.module == "brian2", (
        f"{spec.path.name} must start (after its header comment) with `from brian2 import *`"
    )
    assert [alias.name for alias in first.names] == ["*"]
    imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert imports == [first], f"{spec.path.name} must import nothing but `from brian2 import *`"
    assigned = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert "results" in assigned, f"{spec.path.name} must assign `results = {{...}}`"
    assert spec.description, f"{spec.path.name} needs a header comment saying what it tests"


@pytest.mark.parametrize("spec", MODELS, ids=[spec.name for spec in MODELS])
def test_stochastic_models_fix_their_seed(spec: ModelSpec) -> None:
    text = spec.path.read_text()
    uses_randomness = re.search(r"\b(xi|rand|randn|PoissonGroup)\b", text) is not None
    if uses_randomness:
        assert spec.statistical, f"{spec.path.name} is random: add '# compare: statistics'"
        assert "seed(" in text, f"{spec.path.name} is random: call seed(...) for a stable verdict"


def test_models_needing_later_features_say_which_issue() -> None:
    for spec in MODELS:
        if set(spec.requires) & LATER_FEATURES:
            assert spec.requires_note, f"{spec.path.name}: name the issue in '# requires:'"
