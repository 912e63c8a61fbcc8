# The adaptive exponential integrate-and-fire model (Brette & Gerstner 2005)
# with forward Euler, one neuron per firing pattern: tonic, adapting,
# initial burst and regular bursting (per-neuron a, b, tau_w and V_r).
from brian2 import *

C = 200*pF
g_L = 10*nS
E_L = -70*mV
V_T = -50*mV
Delta_T = 2*mV
V_cut = V_T + 5*Delta_T

eqs = '''
dv/dt = (g_L*(E_L - v) + g_L*Delta_T*exp((v - V_T)/Delta_T) - w + I)/C : volt
dw/dt = (a*(v - E_L) - w)/tau_w : amp
a : siemens
b : amp
tau_w : second
V_r : volt
I : amp
'''
neurons = NeuronGroup(4, eqs, threshold='v > V_cut', reset='v = V_r; w += b',
                      method='euler')
neurons.a = [0, 0, 0.5, -0.5]*nS
neurons.b = [0, 60, 7, 7]*pA
neurons.tau_w = [30, 300, 300, 100]*ms
neurons.V_r = [-58, -58, -51, -46]*mV
neurons.I = [500, 500, 500, 650]*pA
neurons.v = E_L
trace = StateMonitor(neurons, ['v', 'w'], record=True)
spikes = SpikeMonitor(neurons)
run(200*ms)

results = {
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'trace_t': trace.t/ms,
    'v': trace.v/mV,
    'w': trace.w/pA,
}
