# compare: statistics
# Two stochastic groups, integrated with Euler-Maruyama ('euler'), compared
# statistically because brianlab's random numbers differ from Brian's:
# * an Ornstein-Uhlenbeck membrane (sigma*sqrt(2/tau)*xi): after 10 tau its
#   values across neurons have mean E_L and standard deviation ~sigma;
# * a noisy LIF neuron (sigma*xi*tau**-0.5 idiom) with threshold, reset and
#   refractoriness: its spike counts give the firing-rate distribution.
from brian2 import *

seed(20190)
N = 10000
tau = 10*ms
E_L = -70*mV
sigma = 5*mV

ou = NeuronGroup(N, 'dv/dt = (E_L - v)/tau + sigma*sqrt(2/tau)*xi : volt',
                 method='euler')
ou.v = E_L

mu = 15*mV
eqs = '''
dv/dt = (E_L + mu - v)/tau + sigma*xi*tau**-0.5 : volt (unless refractory)
'''
noisy = NeuronGroup(N, eqs,
                    threshold='v > -55*mV', reset='v = E_L', refractory=2*ms,
                    method='euler')
noisy.v = E_L
spikes = SpikeMonitor(noisy)
run(100*ms)

results = {
    'ou_v_end': ou.v/mV,
    'noisy_spike_count': spikes.count[:],
    'noisy_v_end': noisy.v/mV,
}
