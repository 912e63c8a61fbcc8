# compare: statistics
# PoissonGroup: rates from a string of t and i, from a TimedArray, and an
# array of rates changed between two runs (P.rates = ...); spike counts per
# neuron, the first spike step of each neuron (geometric on the dt grid) and
# a PopulationRateMonitor's rates per step on a subgroup.
from brian2 import *

seed(7)
N = 10000
ramp = PoissonGroup(N, rates='(20 + 40*(i % 2))*Hz + t*(500*Hz/second)')
schedule = TimedArray([10, 80, 30]*Hz, dt=40*ms)
scheduled = PoissonGroup(N, rates='schedule(t)')
changed = PoissonGroup(N, rates=50*Hz)
ramp_spikes = SpikeMonitor(ramp)
scheduled_spikes = SpikeMonitor(scheduled)
changed_spikes = SpikeMonitor(changed)
rate = PopulationRateMonitor(changed[:5000])
run(60*ms)
changed.rates = 120*Hz
run(60*ms)

first = np.full(N, 1200)
order = np.argsort(changed_spikes.t[:], kind='stable')
steps = np.asarray(np.round(changed_spikes.t[:][order]/defaultclock.dt), dtype=int)
cells = changed_spikes.i[:][order]
seen, where = np.unique(cells, return_index=True)
first[seen] = steps[where]
ramp_counts = ramp_spikes.count[:]
results = {
    'ramp_even_count': ramp_counts[0::2],
    'ramp_odd_count': ramp_counts[1::2],
    'scheduled_count': scheduled_spikes.count[:],
    'changed_count': changed_spikes.count[:],
    'changed_first_step': first,
    'subgroup_rate': rate.rate/Hz,
}
