# Current steps from a 1-D TimedArray (values held after the end) and
# per-neuron currents from a 2-D TimedArray indexed with (t, i).
from brian2 import *

tau = 10*ms
E_L = -70*mV
R = 100*Mohm
I_step = TimedArray([0, 0.3, 0.1, 0.25]*nA, dt=20*ms)
I_each = TimedArray([[0.0, 0.1], [0.3, 0.15], [0.2, 0.4]]*nA, dt=25*ms)

eqs = '''dv/dt = (E_L - v + R*(I_step(t) + I_each(t, i)))/tau : volt'''
G = NeuronGroup(2, eqs, threshold='v > -50*mV', reset='v = E_L', method='exact')
G.v = E_L
trace = StateMonitor(G, 'v', record=True)
spikes = SpikeMonitor(G)
run(120*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
}
