# Several neurons with per-neuron parameters set in the ways the courses do:
# a scalar with units, a list times a unit, a numpy array, and string
# expressions using i, N and other model variables.
from brian2 import *

E_L = -70*mV
R = 100*Mohm
v0_max = 10*mV
tau_min = 5*ms

eqs = '''
dv/dt = (E_L - v + R*I_ext)/tau_m : volt
I_ext : amp
tau_m : second
v_th : volt
'''
G = NeuronGroup(6, eqs, threshold='v > v_th', reset='v = E_L', method='exact')
G.I_ext = 'i*0.1*nA'
G.tau_m = [8, 10, 12, 14, 16, 18]*ms
G.v_th = np.linspace(-52, -48, 6)*mV
G.v = 'E_L + i*v0_max/(N - 1)'
spikes = SpikeMonitor(G)
trace = StateMonitor(G, 'v', record=True)

H = NeuronGroup(4, eqs, threshold='v > v_th', reset='v = E_L', method='exact')
H.I_ext = [0.15, 0.3, 0.45, 0.6]*nA
H.tau_m = 'tau_min + i*2*ms'
H.v_th = -50*mV
H.v = E_L
h_spikes = SpikeMonitor(H)
run(60*ms)

results = {
    'I_ext': G.I_ext/nA,
    'v_start': trace.v[:, 0]/mV,
    'spike_i': spikes.i[:],
    'spike_t': spikes.t/ms,
    'v': trace.v/mV,
    'H_tau_m': H.tau_m/ms,
    'H_spike_count': h_spikes.count[:],
    'H_spike_i': h_spikes.i[:],
    'H_spike_t': h_spikes.t/ms,
}
