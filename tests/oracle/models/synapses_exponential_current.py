# Exponentially decaying synaptic current driven by input spikes (course part
# 2): on_pre adds the weight to I_syn of the postsynaptic neuron.
from brian2 import *

tau_m = 20*ms
tau_syn = 5*ms
E_L = -70*mV
R = 100*Mohm
inputs = SpikeGeneratorGroup(3, [0, 1, 2, 0, 1], [1, 3, 3, 20, 21.5]*ms)
eqs = '''
dv/dt = (E_L - v + R*I_syn)/tau_m : volt
dI_syn/dt = -I_syn/tau_syn : amp
'''
neurons = NeuronGroup(2, eqs, threshold='v > -60*mV', reset='v = E_L', method='exact')
neurons.v = E_L
S = Synapses(inputs, neurons, 'w : amp', on_pre='I_syn += w')
S.connect()
S.w = '(0.2 + 0.15*i + 0.1*j)*nA'
trace = StateMonitor(neurons, ['v', 'I_syn'], record=True)
spikes = SpikeMonitor(neurons)
run(40*ms)

results = {
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'I_syn': trace.I_syn/nA,
    'spike_t': spikes.t/ms,
    'spike_i': spikes.i[:],
}
