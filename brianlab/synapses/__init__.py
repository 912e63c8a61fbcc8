"""brianlab.synapses: connections between groups."""
