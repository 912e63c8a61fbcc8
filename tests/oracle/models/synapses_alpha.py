# Alpha/biexponential synapse: the spike kicks an auxiliary variable x that
# feeds the conductance g (a linear system integrated exactly).
from brian2 import *

tau_m = 10*ms
tau_r = 1*ms
tau_d = 5*ms
eqs = '''
dv/dt = (-v + g*(1*volt))/tau_m : volt
dg/dt = (x - g)/tau_d : 1
dx/dt = -x/tau_r : 1
'''
neurons = NeuronGroup(1, eqs, method='exact')
inputs = SpikeGeneratorGroup(1, [0, 0], [1, 10]*ms)
S = Synapses(inputs, neurons, on_pre='x_post += 0.01')
S.connect()
trace = StateMonitor(neurons, ['v', 'g', 'x'], record=True)
run(30*ms)

results = {'trace_t': trace.t/ms, 'v': trace.v/mV, 'g': trace.g[:], 'x': trace.x[:]}
