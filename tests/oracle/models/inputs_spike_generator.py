# SpikeGeneratorGroup replay: spike times put on the dt grid (1.04 ms at
# 1.0 ms, 1.0999 ms at 1.1 ms, 0.0999 ms at 0.1 ms), spikes emitted in the
# order of time then index, a repeating pattern (period) continued over two
# runs, set_spikes between runs (a new pattern, aligned with absolute time),
# and a group with its own, coarser dt.
from brian2 import *

replay = SpikeGeneratorGroup(4, [3, 1, 0, 2, 1, 2, 0, 3],
                             [1.04, 1.0999, 1.0, 0.0999, 2.95, 3.05, 7.5, 7.5]*ms)
looped = SpikeGeneratorGroup(2, [0, 1, 1], [0.3, 1.2, 2.0]*ms, period=2.5*ms)
coarse = SpikeGeneratorGroup(2, [0, 1, 0], [0.3, 0.5, 1.7]*ms, dt=0.5*ms)
replay_spikes = SpikeMonitor(replay)
looped_spikes = SpikeMonitor(looped)
coarse_spikes = SpikeMonitor(coarse)
run(6*ms)
run(4*ms)
looped.set_spikes([1, 0], [0.5, 1.5]*ms, period=2*ms)
replay.set_spikes([0, 1], [9, 12.34]*ms)
run(5*ms)

results = {
    'replay_t': replay_spikes.t/ms,
    'replay_i': replay_spikes.i[:],
    'looped_t': looped_spikes.t/ms,
    'looped_i': looped_spikes.i[:],
    'coarse_t': coarse_spikes.t/ms,
    'coarse_i': coarse_spikes.i[:],
}
