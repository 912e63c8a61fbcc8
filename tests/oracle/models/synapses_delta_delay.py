# Delta synapses with delays from a SpikeGeneratorGroup (spike times rounded
# to the dt grid) onto LIF neurons: on_pre changes v_post by a weight set
# with a string expression, and the delay is set per synapse.
from brian2 import *

tau = 10*ms
E_L = -70*mV
inputs = SpikeGeneratorGroup(2, [0, 1, 0, 1, 0], [2, 5, 10.04, 12, 30]*ms)
neurons = NeuronGroup(3, 'dv/dt = (E_L - v)/tau : volt',
                      threshold='v > -60*mV', reset='v = E_L', method='exact')
neurons.v = E_L
S = Synapses(inputs, neurons, 'w : volt', on_pre='v_post += w')
S.connect()
S.w = '(i + 1)*(j + 2)*1.5*mV'
S.delay = 'j*2*ms + i*0.5*ms'
trace = StateMonitor(neurons, 'v', record=True)
in_spikes = SpikeMonitor(inputs)
out_spikes = SpikeMonitor(neurons)
run(40*ms)

results = {
    'input_spike_t': in_spikes.t/ms,
    'input_spike_i': in_spikes.i[:],
    'spike_t': out_spikes.t/ms,
    'spike_i': out_spikes.i[:],
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'syn_i': S.i[:],
    'syn_j': S.j[:],
    'w': S.w/mV,
}
