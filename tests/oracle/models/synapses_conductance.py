# Exponential conductance-based excitatory and inhibitory synapses (driving
# force E - v), integrated with euler as the course does.
from brian2 import *

C = 200*pF
g_L = 10*nS
E_L = -70*mV
E_e = 0*mV
E_i = -80*mV
tau_e = 5*ms
tau_i = 10*ms
eqs = '''
dv/dt = (g_L*(E_L - v) + g_e*(E_e - v) + g_i*(E_i - v))/C : volt
dg_e/dt = -g_e/tau_e : siemens
dg_i/dt = -g_i/tau_i : siemens
'''
neurons = NeuronGroup(2, eqs, threshold='v > -50*mV', reset='v = E_L', method='euler')
neurons.v = [-70, -60]*mV
exc = SpikeGeneratorGroup(1, [0]*6, [2, 4, 6, 8, 10, 12]*ms)
inh = SpikeGeneratorGroup(1, [0, 0], [15, 25]*ms)
S_e = Synapses(exc, neurons, on_pre='g_e += 8*nS')
S_e.connect()
S_i = Synapses(inh, neurons, on_pre='g_i_post += 20*nS', delay=1*ms)
S_i.connect()
trace = StateMonitor(neurons, ['v', 'g_e', 'g_i'], record=True)
spikes = SpikeMonitor(neurons)
run(40*ms)

results = {
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'g_e': trace.g_e/nS,
    'g_i': trace.g_i/nS,
    'spike_t': spikes.t/ms,
    'spike_i': spikes.i[:],
}
