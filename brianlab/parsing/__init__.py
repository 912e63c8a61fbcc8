"""brianlab.parsing."""
