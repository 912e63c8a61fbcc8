# The 2019 course's f-I question: the LIF neuron fires only above the
# threshold current G_leak*(V_th - E_leak), i.e. 0.075, 0.15 and 0.30 nA for
# G_leak = 5, 10 and 20 nS.  Each leak conductance gets a neuron 2 % below
# and one 2 % above its threshold current (the first spike above threshold
# comes after tau*ln(51), at most 157 ms for tau = 40 ms).
from brian2 import *

Cm = 200*pF
E_leak = -70*mV
V_th = -55*mV
eqs = '''dVm/dt = (-G_leak*(Vm - E_leak) + I_ext)/Cm : volt
         G_leak : siemens
         I_ext : amp'''
neurons = NeuronGroup(6, eqs, threshold='Vm > V_th',
                      reset='Vm = E_leak', method='exact')
neurons.Vm = E_leak
neurons.G_leak = [5, 5, 10, 10, 20, 20]*nS
neurons.I_ext = 'G_leak*(V_th - E_leak)*(0.98 + 0.04*(i % 2))'
spike_monitor = SpikeMonitor(neurons)
run(250*ms)

results = {
    'G_leak': neurons.G_leak/nS,
    'I_ext': neurons.I_ext/nA,
    'spike_count': spike_monitor.count[:],
    'spike_i': spike_monitor.i[:],
    'spike_t': spike_monitor.t/ms,
}
