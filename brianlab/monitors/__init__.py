"""brianlab.monitors."""
