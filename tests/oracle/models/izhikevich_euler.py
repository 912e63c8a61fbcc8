# Izhikevich's simple model (2003) with forward Euler, in Brian's units:
# regular spiking, intrinsically bursting, chattering and low-threshold
# spiking neurons with per-neuron a, b, c, d.  (A fast-spiking neuron,
# a = 0.1/ms, is left out: with this drive its trajectory doubles any
# rounding difference every ~9 ms, so after 100 ms its trace measures the
# floating-point rounding, not the simulator.)
from brian2 import *

eqs = '''
dv/dt = (0.04/mV*v**2 + 5*v + 140*mV - u + I)/ms : volt
du/dt = a*(b*v - u) : volt
a : Hz
b : 1
c : volt
d : volt
I : volt
'''
neurons = NeuronGroup(4, eqs, threshold='v >= 30*mV', reset='v = c; u += d',
                      method='euler')
neurons.a = 0.02/ms
neurons.b = [0.2, 0.2, 0.2, 0.25]
neurons.c = [-65, -55, -50, -65]*mV
neurons.d = [8, 4, 2, 2]*mV
neurons.I = 10*mV
neurons.v = -65*mV
neurons.u = 'b*v'
trace = StateMonitor(neurons, ['v', 'u'], record=True)
spikes = SpikeMonitor(neurons)
run(150*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'u': trace.u/mV,
}
