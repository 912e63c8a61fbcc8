# Refractoriness with refractory=5*ms: in the first group the membrane is
# clamped during the refractory period ('(unless refractory)'), in the second
# it keeps integrating but cannot spike, and the third group has a period
# shorter than its interspike interval.  The currents are chosen so that the
# interspike intervals are not multiples of dt.
from brian2 import *

tau = 10*ms
E_L = -70*mV
V_r = -75*mV
R = 100*Mohm
I = 0.3*nA

clamped = NeuronGroup(1, 'dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)',
                      threshold='v > -50*mV', reset='v = V_r', refractory=5*ms,
                      method='exact')
free = NeuronGroup(1, 'dv/dt = (E_L - v + R*I)/tau : volt',
                   threshold='v > -50*mV', reset='v = V_r', refractory=5*ms,
                   method='exact')
short = NeuronGroup(1, 'dv/dt = (E_L - v + R*I)/tau : volt (unless refractory)',
                    threshold='v > -50*mV', reset='v = V_r', refractory=0.25*ms,
                    method='exact')
for group in [clamped, free, short]:
    group.v = E_L
clamped_trace = StateMonitor(clamped, 'v', record=0)
free_trace = StateMonitor(free, 'v', record=0)
clamped_spikes = SpikeMonitor(clamped)
free_spikes = SpikeMonitor(free)
short_spikes = SpikeMonitor(short)
run(100*ms)

results = {
    'clamped_spike_t': clamped_spikes.t/ms,
    'free_spike_t': free_spikes.t/ms,
    'short_spike_t': short_spikes.t/ms,
    'clamped_v': clamped_trace.v[0]/mV,
    'free_v': free_trace.v[0]/mV,
}
