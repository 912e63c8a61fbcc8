# compare: statistics
# Multiplicative noise, dx = -x/tau dt + s*x dW, integrated with the two
# methods Brian accepts for it ('euler' refuses it): the derivative-free
# 'milstein' (its correction term uses dW**2, not dW**2 - dt) and the
# stochastic 'heun'.  Both approximate the Stratonovich solution, whose mean
# decays as exp(-t/tau + s**2*t/(2*tau)), about 0.5 at t = tau; a textbook Ito
# scheme would give exp(-1) = 0.37 and fail the comparison.
from brian2 import *

seed(7)
N = 10000
tau = 10*ms
s = 0.8
eqs = 'dx/dt = -x/tau + s*x*xi*tau**-0.5 : 1'
ito = NeuronGroup(N, eqs, method='milstein')
stratonovich = NeuronGroup(N, eqs, method='heun')
ito.x = 1
stratonovich.x = 1
run(10*ms)

results = {
    'milstein_x_end': ito.x[:],
    'heun_x_end': stratonovich.x[:],
}
