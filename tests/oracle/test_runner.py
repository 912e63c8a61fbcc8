"""The runner hands over plain arrays, rejects results with units, and saves runs faithfully.

These tests need neither Brian 2 nor brianlab.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from .runner import (
    ModelRun,
    ModelScriptError,
    collect_results,
    load_run,
    main,
    save_error,
    save_run,
)

SCRIPT = Path("model.py")


class FakeDimension:
    def __init__(self, dimensionless: bool) -> None:
        self.is_dimensionless = dimensionless

    def __str__(self) -> str:
        return "m^2 kg s^-3 A^-1"


class FakeQuantity(np.ndarray):
    """An array carrying a dimension, like Brian's and brianlab's quantities."""

    def __new__(cls, values: list[float], dimensionless: bool) -> FakeQuantity:
        array = np.asarray(values, dtype=float).view(cls)
        array.dim = FakeDimension(dimensionless)
        return array


def test_values_become_independent_numpy_arrays() -> None:
    source = np.array([1.0, 2.0])
    results = collect_results(
        {"results": {"v": source, "count": [3, 4], "n": 7, "ratio": FakeQuantity([0.5], True)}},
        SCRIPT,
    )
    source[0] = 99
    assert type(results["v"]) is np.ndarray and results["v"].tolist() == [1.0, 2.0]
    assert results["count"].dtype.kind == "i" and results["n"].shape == ()
    assert type(results["ratio"]) is np.ndarray


def test_result_with_units_is_rejected_with_the_fix() -> None:
    with pytest.raises(ModelScriptError) as error:
        collect_results({"results": {"v": FakeQuantity([0.01], False)}}, SCRIPT)
    assert str(error.value) == (
        "model.py: results['v'] still has units (m^2 kg s^-3 A^-1); "
        "divide it by a unit, e.g. `mon.v/mV`"
    )


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ({}, "model.py must end by assigning `results = {...}` (a dict of arrays); got NoneType"),
        ({"results": {"__dt__": 1}}, "model.py: result key '__dt__' must be a plain name"),
        ({"results": {"a b": 1}}, "model.py: result key 'a b' must be a plain name"),
        ({"results": {"s": "text"}}, "model.py: results['s'] must be numeric, got dtype <U4"),
    ],
)
def test_broken_results_are_rejected(namespace: dict, message: str) -> None:
    with pytest.raises(ModelScriptError) as error:
        collect_results(namespace, SCRIPT)
    assert str(error.value) == message


def test_saved_run_loads_back_identically(tmp_path: Path) -> None:
    run = ModelRun(
        "brian2", {"spike_i": np.array([0, 2], dtype=np.int32), "v": np.eye(2)}, 0.05, 1.25
    )
    save_run(run, tmp_path / "run.npz")
    loaded = load_run(tmp_path / "run.npz")
    assert (loaded.simulator, loaded.dt_ms, loaded.wall_s) == ("brian2", 0.05, 1.25)
    assert loaded.results.keys() == run.results.keys()
    assert loaded.results["spike_i"].dtype == np.int32
    assert np.array_equal(loaded.results["v"], run.results["v"])
    assert [p.name for p in tmp_path.iterdir()] == ["run.npz"]


def test_saved_error_raises_with_the_traceback_when_loaded(tmp_path: Path) -> None:
    save_error("brian2", "Traceback ...\nNameError: name 'pF' is not defined", tmp_path / "e.npz")
    with pytest.raises(RuntimeError) as error:
        load_run(tmp_path / "e.npz")
    assert str(error.value) == (
        "brian2 could not run the model:\nTraceback ...\nNameError: name 'pF' is not defined"
    )


def test_command_line_without_output_path_prints_usage(capsys: pytest.CaptureFixture) -> None:
    assert main(["brian2", "model.py"]) == 2
    assert "runner.py <simulator> <model.py> <out.npz>" in capsys.readouterr().err


def test_unknown_simulator_is_saved_as_a_failed_run(tmp_path: Path) -> None:
    assert main(["nest", str(SCRIPT), str(tmp_path / "out.npz")]) == 1
    with pytest.raises(RuntimeError) as error:
        load_run(tmp_path / "out.npz")
    assert "ValueError: unknown simulator 'nest'" in str(error.value)
