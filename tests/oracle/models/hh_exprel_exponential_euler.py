# The Hodgkin-Huxley squid axon (resting near -65 mV) on a patch of membrane,
# rate functions written with exprel, integrated with 'exponential_euler'.
# Spikes are counted when v crosses -20 mV, and the neuron stays refractory
# while v > -20 mV (a boolean refractory condition), as in Brian's HH
# examples.  Five neurons with currents from 0 to 8 nA.
from brian2 import *

defaultclock.dt = 0.05*ms
area = 20000*umetre**2
C_m = 1*ufarad*cm**-2*area
g_Na = 120*msiemens*cm**-2*area
g_K = 36*msiemens*cm**-2*area
g_L = 0.3*msiemens*cm**-2*area
E_Na = 50*mV
E_K = -77*mV
E_L = -54.4*mV

eqs = '''
dv/dt = (g_Na*m**3*h*(E_Na - v) + g_K*n**4*(E_K - v) + g_L*(E_L - v) + I)/C_m : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
alpha_m = 1/exprel(-(v + 40*mV)/(10*mV))/ms : Hz
beta_m = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz
alpha_h = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : Hz
beta_h = 1/(1 + exp(-(v + 35*mV)/(10*mV)))/ms : Hz
alpha_n = 0.1/exprel(-(v + 55*mV)/(10*mV))/ms : Hz
beta_n = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : Hz
I : amp
'''
neurons = NeuronGroup(5, eqs, threshold='v > -20*mV', refractory='v > -20*mV',
                      method='exponential_euler')
neurons.v = -65*mV
neurons.m = 0.05
neurons.h = 0.6
neurons.n = 0.32
neurons.I = 'i*2*nA'
trace = StateMonitor(neurons, ['v', 'm', 'h', 'n'], record=True)
spikes = SpikeMonitor(neurons)
run(50*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'm': trace.m,
    'h': trace.h,
    'n': trace.n,
}
