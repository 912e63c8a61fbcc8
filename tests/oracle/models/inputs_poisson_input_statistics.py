# compare: statistics
# PoissonInput: each step every neuron receives binomial(N, rate*dt) input
# spikes times the weight; with N*p > 5 and N*(1 - p) > 5 Brian 2 draws from
# a normal approximation, otherwise from the binomial itself.  A string
# weight is evaluated per neuron.  Compared after a few steps, as samples of
# one value per neuron.
from brian2 import *

seed(321)
N = 10000
G = NeuronGroup(N, '''v : volt
                      g : siemens
                      x : 1''')
many = PoissonInput(G, 'v', 2000, 500*Hz, weight=0.1*mV)
few = PoissonInput(G, 'g', 50, 40*Hz, weight='(1 + (i % 2))*nS')
dense = PoissonInput(G, 'x', 20, 4000*Hz, weight=1)
run(1*ms)

results = {
    'many_v': G.v/mV,
    'few_g_even': G.g[0::2]/nS,
    'few_g_odd': G.g[1::2]/nS,
    'dense_x': G.x[:],
}
