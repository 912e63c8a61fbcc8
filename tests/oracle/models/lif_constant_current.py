# A leaky integrate-and-fire neuron driven by a constant current, integrated
# with the 'exact' method: the textbook first model.
from brian2 import *

tau = 10*ms
E_L = -70*mV
V_th = -50*mV
V_r = -65*mV
R = 100*Mohm
I = 0.25*nA

G = NeuronGroup(1, 'dv/dt = (E_L - v + R*I)/tau : volt',
                threshold='v > V_th', reset='v = V_r', method='exact')
G.v = E_L
trace = StateMonitor(G, 'v', record=0)
spikes = SpikeMonitor(G)
run(100*ms)

results = {
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v[0]/mV,
    'v_end': G.v/mV,
}
