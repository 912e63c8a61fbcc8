# The monitors and their attributes as the courses use them: a StateMonitor
# on two variables recording neurons 0 and 2 every 1 ms, one recording a
# single neuron (record=1) at every step, a SpikeMonitor (t, i, count,
# num_spikes) and a PopulationRateMonitor (rate in Hz, t).
from brian2 import *

tau = 10*ms
E_L = -70*mV
R = 100*Mohm
eqs = '''dv/dt = (E_L - v + R*I_ext)/tau : volt
         I_ext : amp'''
G = NeuronGroup(4, eqs, threshold='v > -50*mV', reset='v = E_L', method='exact')
G.v = E_L
G.I_ext = [0.22, 0.3, 0.4, 0.55]*nA
coarse = StateMonitor(G, ['v', 'I_ext'], record=[0, 2], dt=1*ms)
fine = StateMonitor(G, 'v', record=1)
spikes = SpikeMonitor(G)
rate = PopulationRateMonitor(G)
run(50*ms)

results = {
    'coarse_t': coarse.t/ms,
    'coarse_v': coarse.v/mV,
    'coarse_I_ext': coarse.I_ext/nA,
    'coarse_v0': coarse[0].v/mV,
    'fine_t': fine.t/ms,
    'fine_v': fine.v/mV,
    'spike_t': spikes.t/ms,
    'spike_i': spikes.i[:],
    'spike_count': spikes.count[:],
    'num_spikes': spikes.num_spikes,
    'rate_t': rate.t/ms,
    'rate': rate.rate/Hz,
}
