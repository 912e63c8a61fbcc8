# A Traub-Miles type Hodgkin-Huxley neuron (threshold parameter V_T) with the
# rate functions written with plain exp() as subexpressions, integrated with
# 'exponential_euler' at the default time step, driven by a current ramp
# (I = t*slope, which makes the equations explicitly time dependent).
from brian2 import *

area = 20000*umetre**2
C_m = 1*ufarad*cm**-2*area
g_L = 5e-5*siemens*cm**-2*area
E_L = -65*mV
E_K = -90*mV
E_Na = 50*mV
g_Na = 100*msiemens*cm**-2*area
g_K = 30*msiemens*cm**-2*area
V_T = -63*mV
slope = 0.02*nA/ms

eqs = '''
dv/dt = (g_L*(E_L - v) - g_Na*m**3*h*(v - E_Na) - g_K*n**4*(v - E_K) + I)/C_m : volt
I = t*slope*scale : amp
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
alpha_m = 0.32/mV*(13*mV - v + V_T)/(exp((13*mV - v + V_T)/(4*mV)) - 1)/ms : Hz
beta_m = 0.28/mV*(v - V_T - 40*mV)/(exp((v - V_T - 40*mV)/(5*mV)) - 1)/ms : Hz
alpha_h = 0.128*exp((17*mV - v + V_T)/(18*mV))/ms : Hz
beta_h = 4/(1 + exp((40*mV - v + V_T)/(5*mV)))/ms : Hz
alpha_n = 0.032/mV*(15*mV - v + V_T)/(exp((15*mV - v + V_T)/(5*mV)) - 1)/ms : Hz
beta_n = 0.5*exp((10*mV - v + V_T)/(40*mV))/ms : Hz
scale : 1
'''
neurons = NeuronGroup(3, eqs, threshold='v > -40*mV', refractory='v > -40*mV',
                      method='exponential_euler')
neurons.v = E_L
neurons.scale = [0.5, 1, 2]
trace = StateMonitor(neurons, ['v', 'I', 'm'], record=[0, 2])
spikes = SpikeMonitor(neurons)
run(60*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'I': trace.I/nA,
    'm': trace.m,
}
