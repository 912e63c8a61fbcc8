"""f–I curve: one run of N neurons with different inputs, against the LIF closed form.

For a LIF neuron starting at E_L, the time to threshold under input I is
T = tau*ln(R*I/(R*I - (v_th - E_L))) when R*I exceeds v_th - E_L, and the
neuron never fires otherwise.  With a refractory period t_ref during which v
is clamped, the period is t_ref + T; on a grid of step dt each period is
rounded up by at most two steps.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from brianlab import Mohm, UnsupportedEquationsError, ms, mV, nA
from brianlab.widgets import FICurve
from brianlab.widgets.models.ficurve import FICurveModel

LIF = "dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)"
DT = 1e-4


def lif_spike_count_bounds(I: float, tau: float, duration: float, t_ref: float = 2e-3):
    """Smallest and largest possible spike counts for input I (SI units)."""
    drive, gap = 100e6 * I, 0.020  # R*I and v_th - E_L
    if drive <= gap:
        return 0, 0
    period = t_ref + tau * math.log(drive / (drive - gap))
    return math.floor(duration / (period + 2 * DT)), math.ceil(duration / period)


@pytest.fixture
def fi(lif_namespace) -> FICurveModel:
    # 25 currents: none falls on the rheobase (0.2 nA), where the closed form's
    # threshold crossing at t -> infinity is decided by rounding
    return FICurveModel(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory=2 * ms,
        method="exact",
        namespace=lif_namespace,
        currents=(0 * nA, 0.5 * nA),
        n=25,
        duration=500 * ms,
        initial={"v": "E_L"},
    )


def assert_counts_match_lif(model: FICurveModel, tau: float) -> None:
    counts = np.asarray(model.rates) * 0.5
    for current, count in zip(model.currents * 1e-9, counts):
        low, high = lif_spike_count_bounds(current, tau, 0.5)
        assert low <= count <= high, (current, count, low, high)


def test_rates_match_the_lif_closed_form_in_one_run(fi):
    assert fi.sim.runs == 1
    assert len(fi.state["rates"]) == 25
    assert_counts_match_lif(fi, 0.010)
    assert fi.state["rheobase"] == pytest.approx(0.5 * 10 / 24)  # first current above 0.2 nA
    assert fi.state["unit"] == "nA"


def test_parameter_slider_recomputes_the_curve_without_compiling(fi, compilations):
    compilations.reset()
    fi.params.set_value("tau", 20.0)
    assert_counts_match_lif(fi, 0.020)
    assert compilations.new == 0
    assert fi.state["status"].startswith("25 neurons, 500 ms, ")


def test_input_declared_as_a_parameter_is_used_as_it_is(lif_namespace):
    model = FICurveModel(
        LIF + "\nI : amp",
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory=2 * ms,
        method="exact",
        namespace=lif_namespace,
        currents=(0.3 * nA, 0.4 * nA),
        n=2,
        duration=100 * ms,
        initial={"v": -70 * mV},
    )
    assert all(rate > 0 for rate in model.state["rates"])


def test_model_without_threshold_or_with_a_computed_input_is_refused(lif_namespace):
    with pytest.raises(UnsupportedEquationsError) as info:
        FICurveModel(LIF, namespace=lif_namespace)
    assert str(info.value) == (
        "an f-I curve counts spikes, but the model has no threshold. "
        "Give a threshold, e.g. threshold='v > -50*mV'."
    )
    with pytest.raises(UnsupportedEquationsError):
        FICurveModel(LIF + "\nI = 1*nA : amp", threshold="v > -50*mV", namespace=lif_namespace)


def test_fi_widget_draws_the_curve_and_follows_the_slider(lif_namespace, compilations):
    widget = FICurve(
        LIF,
        threshold="v > -50*mV",
        reset="v = E_L",
        refractory=2 * ms,
        method="exact",
        namespace=lif_namespace,
        currents=(0 * nA, 0.5 * nA),
        n=26,
        duration=500 * ms,
        initial={"v": "E_L"},
        tau=(1 * ms, 100 * ms),
        R=(50 * Mohm, 200 * Mohm),
    )
    np.testing.assert_allclose(widget.panel.line.get_xdata(), np.linspace(0, 0.5, 26))
    before = widget.panel.line.get_ydata().copy()
    compilations.reset()
    widget.sliders.sliders["tau"].value = 20.0
    after = widget.panel.line.get_ydata()
    assert after.sum() < before.sum()  # slower membrane, fewer spikes
    assert compilations.new == 0
    assert widget.panel.ax.get_xlabel() == "I (nA)"


def test_input_range_in_mixed_units_is_refused(lif_namespace):
    from brianlab import UnitMismatchError

    with pytest.raises(UnitMismatchError):
        FICurveModel(
            LIF, threshold="v > -50*mV", namespace=lif_namespace, currents=(0 * nA, 1 * mV)
        )
