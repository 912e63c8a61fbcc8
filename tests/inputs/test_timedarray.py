"""TimedArray: values at the steps Brian 2 picks, the last value held, 2-D
arrays, use in exact and euler integration, and its values as kernel
arguments (never compiled into the code)."""

import numpy as np
import pytest

from brianlab import (
    EquationSyntaxError,
    InvalidParameterError,
    Network,
    NeuronGroup,
    StateMonitor,
    TimedArray,
    UnitMismatchError,
    defaultclock,
    ms,
    mV,
    nA,
    run,
    start_scope,
)
from brianlab.codegen.compiler import compilation_count
from brianlab.errors import ElementIndexError
from brianlab.inputs.timedarray import upsampling

DT = 1e-4


def _record(group, var, duration):
    mon = StateMonitor(group, var, record=True)
    Network(group, mon).run(duration)
    return getattr(mon, var)


def test_values_at_each_step_follow_brians_rounding():
    # the array's dt (0.25 ms) is not a multiple of the simulation's (0.1 ms);
    # Brian 2.9 gives exactly these values at t = 0, 0.1, ..., 1.4 ms
    stimulus = TimedArray([1, 2, 3, 4] * mV, dt=0.25 * ms)  # noqa: F841 - used in the model strings
    G = NeuronGroup(1, "x = stimulus(t) : volt")
    x = _record(G, "x", 1.5 * ms)
    expected = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4]
    np.testing.assert_allclose(x[0] / mV, expected, rtol=1e-12)


def test_the_last_value_is_held_and_the_first_used_before_the_start():
    stimulus = TimedArray([1.0, 2.0, 3.0] * nA, dt=1 * ms)
    assert stimulus(-1 * ms) == 1 * nA
    assert stimulus(2.5 * ms) == 3 * nA
    assert stimulus(100 * ms) == 3 * nA
    # 0.2499999 ms rounds to the step of 0.25 ms on Brian's finer grid
    quarter = TimedArray([1, 2, 3, 4] * mV, dt=0.25 * ms)
    assert quarter(0.2499999 * ms) == 2 * mV
    np.testing.assert_allclose(quarter([0, 0.3, 0.5, 2] * ms) / mV, [1, 2, 3, 4])


def test_a_2d_array_gives_each_neuron_its_column():
    table = TimedArray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dt=1 * ms)
    G = NeuronGroup(2, "y = table(t, i) : 1")
    y = _record(G, "y", 4 * ms)
    np.testing.assert_array_equal(y[0], np.repeat([1.0, 3.0, 5.0, 5.0], 10))
    np.testing.assert_array_equal(y[1], np.repeat([2.0, 4.0, 6.0, 6.0], 10))
    np.testing.assert_array_equal(table([1.5, 0, 2, 5] * ms, [1, 1, 0, 1]), [4, 2, 5, 6])


def test_exact_integration_follows_the_piecewise_analytic_solution():
    tau = 10 * ms  # noqa: F841 - used in the model strings
    drive = TimedArray([0.0, 20.0, 5.0, 12.0] * mV, dt=5 * ms)  # noqa: F841 - used in the model strings
    G = NeuronGroup(1, "dv/dt = (drive(t) - v)/tau : volt", method="exact")
    v = _record(G, "v", 25 * ms)[0] / mV
    # within each 5 ms block v relaxes exponentially towards the block's value
    levels = [0.0, 20.0, 5.0, 12.0, 12.0]
    expected, current = [], 0.0
    for k in range(250):
        expected.append(current)
        level = levels[k // 50]
        current = level + (current - level) * np.exp(-DT / 10e-3)
    np.testing.assert_allclose(v, expected, rtol=1e-12, atol=1e-12)


def test_euler_uses_the_value_at_the_start_of_each_step():
    tau = 2 * ms  # noqa: F841 - used in the model strings
    drive = TimedArray([1.0, -1.0, 3.0], dt=0.35 * ms)
    G = NeuronGroup(1, "dv/dt = (drive(t) - v)/tau : 1", method="euler")
    v = _record(G, "v", 1.5 * ms)[0]
    expected, current = [], 0.0
    for k in range(15):
        expected.append(current)
        current += DT * (drive(k * DT * 1e3 * ms) - current) / 2e-3
    np.testing.assert_allclose(v, expected, rtol=1e-12)


def test_a_threshold_and_a_reset_can_call_it():
    gate = TimedArray([0, 1, 0, 1], dt=1 * ms)  # noqa: F841 - used in the model strings
    level = TimedArray([5.0, 7.0] * mV, dt=2 * ms)  # noqa: F841 - used in the model strings
    G = NeuronGroup(1, "v : volt", threshold="gate(t) > 0.5", reset="v = level(t)")
    v = _record(G, "v", 4 * ms)[0] / mV
    # the reset of the step at 1.0 ms sets 5 mV, seen from 1.1 ms; at 3.0 ms 7 mV
    np.testing.assert_allclose(v[[10, 11, 30, 31]], [0.0, 5.0, 5.0, 7.0])


def test_values_are_arguments_so_a_new_timedarray_runs_without_recompiling():
    start_scope()
    drive = TimedArray([1.0, 2.0] * mV, dt=1 * ms)
    G = NeuronGroup(1, "x = drive(t) : volt")
    mon = StateMonitor(G, "x", record=0)
    run(2 * ms)
    before = compilation_count()
    drive = TimedArray([7.0, 8.0, 9.0] * mV, dt=0.5 * ms)  # noqa: F841 - read by run()
    run(1 * ms)
    assert compilation_count() == before
    np.testing.assert_allclose(mon.x[0][20:] / mV, [9.0] * 10)


def test_a_timedarray_replaced_by_one_in_other_units_is_refused():
    start_scope()
    drive = TimedArray([1.0, 2.0] * mV, dt=1 * ms)
    G = NeuronGroup(1, "x = drive(t) : volt", name="driven")
    run(1 * ms)
    drive = TimedArray([1.0, 2.0] * nA, dt=1 * ms)  # noqa: F841 - read by run()
    with pytest.raises(InvalidParameterError) as err:
        run(1 * ms)
    assert str(err.value) == (
        "'drive' has changed since driven was created: it is no longer a function with the "
        "same arguments and units. Create the group again after redefining it."
    )
    assert G.t == 1 * ms


def test_calls_with_wrong_arguments_are_refused():
    stimulus = TimedArray([1.0, 2.0] * nA, dt=1 * ms)
    table = TimedArray(np.ones((3, 2)), dt=1 * ms)
    with pytest.raises(UnitMismatchError) as err:
        NeuronGroup(1, "v : volt\nx = stimulus(v) : amp")
    assert str(err.value) == (
        "line 2: the first argument of stimulus() must be a time; 'v' is in volt. Call it as "
        "stimulus(t)."
    )
    with pytest.raises(UnitMismatchError, match="the second argument of table"):
        NeuronGroup(1, "x = table(t, t) : 1")
    with pytest.raises(EquationSyntaxError) as err:
        NeuronGroup(1, "x = stimulus(t, i) : amp")
    assert str(err.value) == "line 1: stimulus() takes 1 argument, got 2."
    assert stimulus.values.tolist() == [1e-9, 2e-9]
    assert table.dt == pytest.approx(1e-3)


def test_an_element_index_outside_the_columns_stops_the_run_and_names_the_array():
    table = TimedArray(np.ones((3, 2)), dt=1 * ms)  # noqa: F841 - used in the model strings
    G = NeuronGroup(3, "y = table(t, i) : 1\ndv/dt = table(t, i)/ms : 1", method="euler")
    mon = StateMonitor(G, "y", record=True)
    net = Network(G, mon)
    with pytest.raises(ElementIndexError) as info:
        net.run(1 * ms)
    assert isinstance(info.value, IndexError)
    assert str(info.value).startswith(
        "at t = 0 ms (step 0), a TimedArray was read at an element index outside its "
        f"columns: 'table' has 2 columns, used by {G.name} (3 elements)."
    )
    assert "values of shape (time steps, N)" in str(info.value)
    # nothing of the failed step was kept
    assert net.t == 0 * ms and len(mon.t) == 0
    np.testing.assert_array_equal(G.v[:], [0, 0, 0])


def test_bad_values_and_dt_are_refused():
    with pytest.raises(InvalidParameterError, match="non-empty 1-D array"):
        TimedArray(np.ones((2, 2, 2)), dt=1 * ms)
    with pytest.raises(InvalidParameterError, match="non-empty"):
        TimedArray([], dt=1 * ms)
    with pytest.raises(UnitMismatchError, match="TimedArray dt needs a time unit"):
        TimedArray([1, 2], dt=1)
    with pytest.raises(InvalidParameterError, match="TimedArray dt must be a positive"):
        TimedArray([1, 2], dt=0 * ms)


def test_upsampling_is_the_power_of_two_above_eight_steps_per_array_step():
    assert upsampling(0.25e-3, 0.1e-3) == 32
    assert upsampling(1e-3, 1e-4) == 128
    assert upsampling(1e-4, 1e-4) == 8
    assert upsampling(1e-6, defaultclock.dt_) == 1
