# run_regularly on subgroups: every 1 ms the first two neurons get a kick and
# the last neuron's counter goes up, while the whole group decays; the code of
# a subgroup sees its own i (0 for its first neuron), as in Brian 2.
from brian2 import *

tau = 5*ms
G = NeuronGroup(5, '''dv/dt = -v/tau : 1
                      count : 1''', method='exact')
first = G[:2]
last = G[4:]
first.run_regularly('v += 1 + i', dt=1*ms)
last.run_regularly('count += 1', dt=1*ms)
trace = StateMonitor(G, 'v', record=True)
run(4.5*ms)

results = {
    'v': trace.v[:],
    'count': G.count[:],
}
