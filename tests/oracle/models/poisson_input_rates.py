# compare: statistics
# PoissonGroup spike counts (a Bernoulli draw with probability rates*dt per
# step) for a scalar rate and for per-neuron rates.
from brian2 import *

seed(11)
N = 5000
same = PoissonGroup(N, rates=40*Hz)
ramp = PoissonGroup(N, rates='(10 + 80*(i % 2))*Hz')
same_spikes = SpikeMonitor(same)
ramp_spikes = SpikeMonitor(ramp)
run(100*ms)

ramp_counts = ramp_spikes.count[:]
results = {
    'same_count': same_spikes.count[:],
    'ramp_even_count': ramp_counts[0::2],
    'ramp_odd_count': ramp_counts[1::2],
}
