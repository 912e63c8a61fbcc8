# run_regularly: statements run for every neuron every 0.5 ms (here, a
# current read from a TimedArray and a counter), in the 'start' slot before
# the StateMonitor records, and a second operation in the 'end' slot that
# resets v of a subgroup of neurons every 2 ms; continued over two runs.
from brian2 import *

tau = 10*ms
R = 50*Mohm
levels = TimedArray([0.1, 0.4, 0.2, 0.3]*nA, dt=1.5*ms)
G = NeuronGroup(3, '''dv/dt = (R*I - v)/tau : volt
                      I : amp
                      ticks : 1''', method='exact')
G.run_regularly('I = levels(t)*(i + 1)\nticks += 1', dt=0.5*ms)
G.run_regularly('v = 0*mV', dt=2*ms, when='end')
trace = StateMonitor(G, ['v', 'I', 'ticks'], record=True)
run(4*ms)
run(3.5*ms)

results = {
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'I': trace.I/nA,
    'ticks': trace.ticks[:],
    'ticks_end': G.ticks[:],
}
