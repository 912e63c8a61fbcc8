"""brianlab.core."""
