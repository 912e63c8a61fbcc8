# TimedArray inputs with every kind of use: in a differential equation
# integrated with euler and with rk4 (which evaluates it at t + dt/2), in a
# threshold, in a subexpression recorded by a StateMonitor, and a 2-D array
# indexed with (t, i) whose time step (0.25 ms) is not a multiple of the
# simulation's (Brian's rounding to a finer grid decides the step).
from brian2 import *

tau = 5*ms
drive = TimedArray([0.0, 2.0, 0.5, 1.5, 3.0]*mV, dt=2*ms)
gate = TimedArray([0, 1, 1, 0, 1], dt=1.5*ms)
per_neuron = TimedArray([[1.0, 2.0, 3.0], [0.5, 0.0, 4.0], [2.5, 1.0, 0.0],
                         [3.0, 3.5, 1.0]], dt=0.25*ms)
eqs = '''
dv/dt = (drive(t)*per_neuron(t, i) - v)/tau : volt
shown = per_neuron(t, i)*drive(t) : volt
'''
with_euler = NeuronGroup(3, eqs, threshold='v > 2*mV and gate(t) > 0.5',
                         reset='v = 0*mV', method='euler')
with_rk4 = NeuronGroup(3, eqs, threshold='v > 2*mV and gate(t) > 0.5',
                       reset='v = 0*mV', method='rk4')
euler_trace = StateMonitor(with_euler, ['v', 'shown'], record=True)
rk4_trace = StateMonitor(with_rk4, 'v', record=True)
euler_spikes = SpikeMonitor(with_euler)
rk4_spikes = SpikeMonitor(with_rk4)
run(12*ms)

results = {
    'trace_t': euler_trace.t/ms,
    'euler_v': euler_trace.v/mV,
    'euler_shown': euler_trace.shown/mV,
    'rk4_v': rk4_trace.v/mV,
    'euler_spike_t': euler_spikes.t/ms,
    'euler_spike_i': euler_spikes.i[:],
    'rk4_spike_t': rk4_spikes.t/ms,
    'rk4_spike_i': rk4_spikes.i[:],
}
