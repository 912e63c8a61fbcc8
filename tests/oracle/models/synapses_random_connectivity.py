# compare: statistics
# Random connectivity with a fixed seed: numbers of synapses and the in- and
# out-degree distributions (statistically the same as Brian 2's).
from brian2 import *

seed(2024)
G = NeuronGroup(300, 'v : 1')
S = Synapses(G, G)
S.connect(condition='i != j', p=0.05)
T = Synapses(G, G)
T.connect(p='exp(-abs(i - j)/20.0)')
results = {
    'in_degree': bincount(S.j[:], minlength=300),
    'out_degree': bincount(S.i[:], minlength=300),
    'distance_in_degree': bincount(T.j[:], minlength=300),
    'self_connections': (S.i[:] == S.j[:]).astype(float)[:300],
}
