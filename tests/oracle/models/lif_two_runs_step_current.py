# A current step made the way Brian's tutorials make it: run, change the
# external constant I, run again.  The second run must continue from the
# state and the time the first one left, and use the new value of I (external
# constants are looked up again at every run()).
from brian2 import *

tau = 20*ms
E_L = -65*mV
R = 80*Mohm
I = 0*nA

G = NeuronGroup(2, '''dv/dt = (E_L - v + R*I*gain)/tau : volt
                      gain : 1''',
                threshold='v > -50*mV', reset='v = E_L', method='exact')
G.v = E_L
G.gain = [1.0, 1.5]
trace = StateMonitor(G, 'v', record=True)
spikes = SpikeMonitor(G)
run(20*ms)
I = 0.3*nA
run(60*ms)
I = 0.1*nA
run(20*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
}
