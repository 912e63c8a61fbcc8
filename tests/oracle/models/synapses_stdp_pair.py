# Pair-based STDP with event-driven traces: one pre and one post spike per
# pair of neurons, at offsets of -20, -10, -5, 5, 10 and 20 ms.
from brian2 import *

taupre = taupost = 20*ms
Apre = 0.01
Apost = -Apre*taupre/taupost*1.05
offsets = array([-20, -10, -5, 5, 10, 20])
n = len(offsets)
pre = SpikeGeneratorGroup(n, arange(n), full(n, 30)*ms)
post = SpikeGeneratorGroup(n, arange(n), (30 + offsets)*ms)
S = Synapses(pre, post,
             '''w : 1
                dapre/dt = -apre/taupre : 1 (event-driven)
                dapost/dt = -apost/taupost : 1 (event-driven)''',
             on_pre='''apre += Apre
                       w = clip(w + apost, 0, 1)''',
             on_post='''apost += Apost
                        w = clip(w + apre, 0, 1)''')
S.connect(j='i')
S.w = 0.5
run(80*ms)

results = {'w': S.w[:], 'apre': S.apre[:], 'apost': S.apost[:], 'lastupdate': S.lastupdate/ms}
