# Gap junctions through a summed variable: each neuron receives the sum of
# w*(v_pre - v_post) over its synapses.
from brian2 import *

tau = 10*ms
eqs = '''
dv/dt = (v0 - v + I_gap)/tau : 1
I_gap : 1
v0 : 1
'''
neurons = NeuronGroup(4, eqs, threshold='v > 1', reset='v = 0', method='euler')
neurons.v0 = [1.5, 1.2, 0.8, 0.5]
neurons.v = 'i*0.2'
S = Synapses(neurons, neurons, '''w : 1
                                 I_gap_post = w*(v_pre - v_post) : 1 (summed)''')
S.connect(condition='i != j')
S.w = 0.05
trace = StateMonitor(neurons, ['v', 'I_gap'], record=True)
spikes = SpikeMonitor(neurons)
run(60*ms)

results = {'trace_t': trace.t/ms, 'v': trace.v[:], 'I_gap': trace.I_gap[:],
           'spike_t': spikes.t/ms, 'spike_i': spikes.i[:]}
