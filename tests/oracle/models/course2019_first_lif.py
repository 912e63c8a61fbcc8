# The first neuron of the 2019 Sorbonne course notebook ("Simulating neural
# computation with Brian 2", brian-team/brian-material, 2019-TD-Brian-Sorbonne,
# cells 5, 6 and 13), unchanged apart from the results dictionary.  It starts at
# Vm = 0 mV, so it spikes in the first step; no method is given, so Brian
# chooses 'exact'.  Golden value: neurons.Vm = -65.59974818 mV after 100 ms.
from brian2 import *

prefs.codegen.target = 'numpy'

Cm = 200*pF
G_leak = 10*nS
E_leak = -70*mV
I_e = 1*nA
eqs = 'dVm/dt = (-G_leak*(Vm - E_leak) + I_e)/Cm : volt'
neurons = NeuronGroup(1, eqs, threshold='Vm>-55*mV',
                      reset='Vm = E_leak')
run(100*ms)

results = {'Vm_end': neurons.Vm/mV}
