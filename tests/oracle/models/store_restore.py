# store() and restore() in the style of Brian's third tutorial: store the
# initial state once, then for several input currents restore it and run
# again; the monitors and the time are restored too.  A named store comes
# back after an unnamed one.
from brian2 import *

tau = 10*ms
E_L = -70*mV
R = 100*Mohm
I = 0*nA
G = NeuronGroup(2, '''dv/dt = (E_L - v + R*I*gain)/tau : volt
                      gain : 1''',
                threshold='v > -50*mV', reset='v = E_L', method='exact')
G.v = E_L
G.gain = [1, 2]
trace = StateMonitor(G, 'v', record=0)
spikes = SpikeMonitor(G)
store()

counts = []
for current in [0.25, 0.35, 0.5]*nA:
    restore()
    I = current
    run(40*ms)
    counts.append(spikes.count[:])
last_t = trace.t/ms
last_v = trace.v[0]/mV
store('after_loop')
run(10*ms)
restore('after_loop')

results = {
    'counts': np.array(counts),
    'last_t': last_t,
    'last_v': last_v,
    'restored_t': np.array([defaultclock.t/ms]),
    'restored_v': G.v/mV,
    'restored_spike_count': spikes.count[:],
}
