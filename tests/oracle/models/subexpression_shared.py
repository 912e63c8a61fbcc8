# A subexpression (re-evaluated whenever it is used, recorded by a
# StateMonitor) that depends on time, on a per-neuron parameter and on two
# (shared) parameters; the shared values change between two runs.
from brian2 import *

tau = 10*ms
E_L = -70*mV
R = 50*Mohm

eqs = '''
dv/dt = (E_L - v + R*I_total)/tau : volt
I_total = I_bias + I_amp*sin(2*pi*f*t + phase) : amp
phase : 1
I_bias : amp (shared)
I_amp : amp (shared)
f : Hz (shared)
'''
G = NeuronGroup(3, eqs, threshold='v > -55*mV', reset='v = E_L', method='euler')
G.v = E_L
G.phase = [0, pi/2, pi]
G.I_bias = 0.2*nA
G.I_amp = 0.1*nA
G.f = 20*Hz
trace = StateMonitor(G, ['v', 'I_total'], record=True)
spikes = SpikeMonitor(G)
run(50*ms)
G.I_bias = 0.35*nA
G.f = 50*Hz
run(50*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'I_total': trace.I_total/nA,
    'I_bias': G.I_bias/nA,
}
