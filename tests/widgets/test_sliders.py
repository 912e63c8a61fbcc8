"""Slider widgets made from units, writing into a model's namespace."""

from __future__ import annotations

import math

import numpy as np
import pytest

from brianlab import Network, NeuronGroup, StateMonitor, ms, mV
from brianlab.widgets import parameter_sliders


def test_parameter_sliders_label_in_units_and_write_quantities():
    namespace = {"tau": 10 * ms}
    sliders = parameter_sliders(namespace, tau=(1 * ms, 100 * ms), E_L=(-80 * mV, -60 * mV))
    tau, e_l = sliders.sliders["tau"], sliders.sliders["E_L"]
    assert (type(tau).__name__, tau.description) == ("FloatLogSlider", "tau (ms)")
    assert (tau.min, tau.max, tau.value) == (0.0, 2.0, pytest.approx(10.0))
    assert (type(e_l).__name__, e_l.description, e_l.value) == ("FloatSlider", "E_L (mV)", -70.0)
    tau.value = 20.0
    e_l.value = -65.0
    assert float(namespace["tau"] / ms) == pytest.approx(20.0)
    assert float(namespace["E_L"] / mV) == pytest.approx(-65.0)
    assert sliders.state["tau"]["text"] == "20 ms"


def test_stepped_slider_snaps_onto_its_grid():
    namespace = {}
    sliders = parameter_sliders(namespace, tau=(1 * ms, 100 * ms, 10 * ms))
    slider = sliders.sliders["tau"]
    assert slider.step == 10.0
    slider.value = 24.0
    assert float(namespace["tau"] / ms) == pytest.approx(21.0)
    assert slider.value == pytest.approx(21.0)


def test_without_specs_every_number_in_the_namespace_gets_a_slider():
    sliders = parameter_sliders({"tau": 10 * ms, "E_L": -70 * mV, "label": "x"})
    assert list(sliders.sliders) == ["tau", "E_L"]
    assert math.isclose(sliders.sliders["tau"].max, 2.0)  # log10(100 ms)


def test_sliders_change_a_learners_own_model_without_recompiling(compilations):
    namespace = {"tau": 10 * ms}
    group = NeuronGroup(
        1,
        "dv/dt = (10*mV - v)/tau : volt",
        method="exact",
        namespace=namespace,
        name="slider_test_group",
    )
    monitor = StateMonitor(group, "v", record=0, name="slider_test_monitor")
    net = Network(group, monitor)
    net.store()
    net.run(10 * ms)
    sliders = parameter_sliders(namespace, tau=(1 * ms, 100 * ms))
    compilations.reset()
    sliders.sliders["tau"].value = 5.0
    net.restore()
    net.run(10 * ms)
    t = monitor.t_
    np.testing.assert_allclose(monitor.v_[0], 0.01 * (1 - np.exp(-t / 0.005)), rtol=1e-9)
    assert compilations.new == 0
