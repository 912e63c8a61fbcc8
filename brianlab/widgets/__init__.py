"""brianlab.widgets."""
