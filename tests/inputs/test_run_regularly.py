"""run_regularly: statements run for every neuron at their own interval, in
their slot of the schedule, as part of the group."""

import numpy as np
import pytest

from brianlab import (
    EquationSyntaxError,
    Network,
    NeuronGroup,
    StateMonitor,
    UnitMismatchError,
    ms,
    mV,
    run,
    start_scope,
)


def test_the_code_runs_every_dt_before_the_monitor_records():
    G = NeuronGroup(2, "ticks : 1\nlast : second")
    op = G.run_regularly("ticks += 1\nlast = t", dt=0.5 * ms)
    mon = StateMonitor(G, "ticks", record=0)
    Network(G, mon).run(2 * ms)
    # runs at 0, 0.5, 1.0 and 1.5 ms, in the 'start' slot, before the monitor (by name)
    np.testing.assert_array_equal(mon.ticks[0], np.repeat([1, 2, 3, 4], 5))
    np.testing.assert_allclose(G.last / ms, [1.5, 1.5])
    assert (op.when, op.order, op.name) == ("start", 0, f"{G.name}_run_regularly")
    assert op.clock.dt == 0.5 * ms


def test_it_runs_with_the_group_in_the_implicit_network():
    start_scope()
    G = NeuronGroup(3, "x : 1")
    G.run_regularly("x += i + 1")
    second = G.run_regularly("x *= 2", when="end")
    run(0.3 * ms)
    # each step: x = 2*(x + i + 1)
    np.testing.assert_allclose(G.x, [14, 28, 42])
    assert second.name == f"{G.name}_run_regularly_1"


def test_when_and_order_place_it_in_the_schedule():
    G = NeuronGroup(1, "dv/dt = 1/ms : 1", method="euler")
    G.run_regularly("v = 0", when="end")
    mon = StateMonitor(G, "v", record=0)
    Network(G, mon).run(0.5 * ms)
    # reset after the update of every step: the monitor always sees 0
    np.testing.assert_array_equal(mon.v[0], np.zeros(5))
    H = NeuronGroup(1, "dv/dt = 1/ms : 1", method="euler")
    H.run_regularly("v = 0", when="groups", order=-1)
    mon = StateMonitor(H, "v", record=0)
    Network(H, mon).run(0.5 * ms)
    # reset before the update: the monitor sees one step's growth
    np.testing.assert_allclose(mon.v[0], [0, 0.1, 0.1, 0.1, 0.1])


def test_the_code_is_checked_like_a_reset():
    G = NeuronGroup(1, "v : volt")
    with pytest.raises(UnitMismatchError) as err:
        G.run_regularly("v = 5")
    assert str(err.value) == (
        "run_regularly: 'v' is in volt, but '5' has no unit. Did you mean '5*mV'?"
    )
    with pytest.raises(EquationSyntaxError, match="run_regularly assigns to 'u'"):
        G.run_regularly("u = 1*mV")
    G.run_regularly("v = 1*mV")


def test_an_interval_that_is_not_a_multiple_of_the_step_is_refused():
    G = NeuronGroup(1, "v : volt")
    G.run_regularly("v += 1*mV", dt=0.35 * ms)
    with pytest.raises(ValueError, match="whole multiple"):
        Network(G).run(1 * ms)
    assert G.v[0] == 0 * mV
