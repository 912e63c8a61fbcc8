# The three-neuron model of the 2019 Sorbonne course notebook (cell 18: one
# external current per neuron, exact integration), with the currents of the
# golden values (0.25, 0.5 and 1 nA; the stored notebook cell uses 0.1, 0.5
# and 1 nA) and with a SpikeMonitor added.  Golden values: spike counts
# [5, 13, 30] in 100 ms, first spike at 3.2 ms.
from brian2 import *

Cm = 200*pF
G_leak = 10*nS
E_leak = -70*mV
eqs = '''dVm/dt = (-G_leak*(Vm - E_leak) + I_ext)/Cm : volt
         I_ext : amp'''
neurons = NeuronGroup(3, eqs, threshold='Vm>-55*mV',
                      reset='Vm = E_leak', method='exact')
neurons.Vm = E_leak
neurons.I_ext = [0.25, 0.5, 1.0]*nA
monitor = StateMonitor(neurons, 'Vm', record=True)
spike_monitor = SpikeMonitor(neurons)
run(100*ms)

results = {
    'spike_count': spike_monitor.count[:],
    'spike_i': spike_monitor.i[:],
    'spike_t': spike_monitor.t/ms,
    'trace_t': monitor.t/ms,
    'Vm': monitor.Vm/mV,
}
