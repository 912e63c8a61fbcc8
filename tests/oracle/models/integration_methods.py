# One deterministic model integrated with each of Brian's explicit methods.
# * Linear: a neuron with an exponentially decaying input current that jumps
#   at each spike (two coupled linear equations), for 'exact', 'euler',
#   'rk2', 'rk4' and 'heun'.
# * Nonlinear and time dependent: a quadratic integrate-and-fire neuron with
#   a sinusoidal drive, for 'euler', 'rk2', 'rk4' and 'heun' (the stages of
#   the Runge-Kutta methods see t + dt/2 and t + dt).
# Brian's 'heun' is the stochastic Heun method, which for equations without
# noise gives the same numbers as 'euler'.
# The groups are made in loops, so they are gathered in an explicit Network
# (the magic network only sees objects bound to names).
from brian2 import *

tau_m = 10*ms
tau_s = 5*ms
E_L = -70*mV
R = 100*Mohm
I_0 = 0.25*nA

linear = '''
dv/dt = (E_L - v + R*(I_0 + I_s))/tau_m : volt
dI_s/dt = -I_s/tau_s : amp
'''
quadratic = '''
dv/dt = ((v - E_L)*(v - V_c)/(10*mV) + R*I_0*(1 + sin(2*pi*t/(12*ms))))/tau_m : volt
'''
V_c = -55*mV

net = Network()
monitors = []
for method in ['exact', 'euler', 'rk2', 'rk4', 'heun']:
    group = NeuronGroup(2, linear, threshold='v > -50*mV',
                        reset='v = E_L; I_s += 0.05*nA', method=method)
    group.v = [-70, -60]*mV
    monitors.append(('linear_' + method, StateMonitor(group, ['v', 'I_s'], record=True),
                     SpikeMonitor(group)))
    net.add(group, monitors[-1][1:])
for method in ['euler', 'rk2', 'rk4', 'heun']:
    group = NeuronGroup(1, quadratic, threshold='v > -40*mV', reset='v = E_L',
                        method=method)
    group.v = E_L
    monitors.append(('quadratic_' + method, StateMonitor(group, 'v', record=True),
                     SpikeMonitor(group)))
    net.add(group, monitors[-1][1:])
net.run(80*ms)

results = {}
for name, trace, spikes in monitors:
    results[name + '_v'] = trace.v/mV
    results[name + '_spike_i'] = spikes.i[:]
    results[name + '_spike_t'] = spikes.t/ms
    if name.startswith('linear'):
        results[name + '_I_s'] = trace.I_s/nA
