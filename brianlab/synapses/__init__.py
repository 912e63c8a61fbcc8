"""brianlab.synapses."""
