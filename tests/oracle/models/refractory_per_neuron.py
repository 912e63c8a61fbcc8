# A refractory period given as the name of a per-neuron parameter
# (refractory='t_ref'), with '(unless refractory)' and a multi-statement
# reset that also counts the spikes in a model variable.
from brian2 import *

tau = 10*ms
E_L = -70*mV
R = 100*Mohm

eqs = '''
dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)
t_ref : second
I : amp
n_spikes : 1
'''
G = NeuronGroup(4, eqs, threshold='v > -50*mV',
                reset='''v = E_L
                         n_spikes += 1''',
                refractory='t_ref', method='exact')
G.v = E_L
G.I = 0.4*nA
G.t_ref = [0, 1, 2.5, 10]*ms
spikes = SpikeMonitor(G)
run(80*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'n_spikes': G.n_spikes[:],
    'v_end': G.v/mV,
}
