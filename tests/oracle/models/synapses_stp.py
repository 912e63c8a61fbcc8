# Tsodyks-Markram short-term plasticity: event-driven resources x and
# utilisation u, the effective weight u*x delivered at each presynaptic spike.
from brian2 import *

tau_d = 200*ms
tau_f = 50*ms
U = 0.2
inputs = SpikeGeneratorGroup(1, [0]*8, (arange(8)*10 + 5)*ms)
neurons = NeuronGroup(1, 'dv/dt = -v/(10*ms) : volt', method='exact')
S = Synapses(inputs, neurons,
             '''w : volt
                dx/dt = (1 - x)/tau_d : 1 (event-driven)
                du/dt = (U - u)/tau_f : 1 (event-driven)''',
             on_pre='''u += U*(1 - u)
                       v_post += w*u*x
                       x -= u*x''')
S.connect()
S.x = 1
S.u = U
S.w = 5*mV
trace = StateMonitor(neurons, 'v', record=True)
syn = StateMonitor(S, ['x', 'u'], record=True)
run(100*ms)

results = {'trace_t': trace.t/ms, 'v': trace.v/mV, 'x': syn.x[:], 'u': syn.u[:]}
