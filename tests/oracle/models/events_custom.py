# A custom event with its own action (run_on_event), monitored by an
# EventMonitor and transmitted by Synapses(on_event=...).
from brian2 import *

G = NeuronGroup(3, '''dv/dt = (1.2 - v)/(10*ms) : 1
                      up : 1''',
                threshold='v > 1', reset='v = 0; up = 0',
                events={'rise': 'v > 0.6 and up == 0'}, method='exact')
G.v = 'i*0.3'
G.run_on_event('rise', 'up = 1')
rises = EventMonitor(G, 'rise')
target = NeuronGroup(1, 'n : 1')
S = Synapses(G, target, on_pre='n_post += 1', on_event='rise')
S.connect()
trace = StateMonitor(G, ['v', 'up'], record=True)
run(60*ms)

results = {'event_t': rises.t/ms, 'event_i': rises.i[:], 'n': target.n[:],
           'trace_t': trace.t/ms, 'v': trace.v[:], 'up': trace.up[:]}
