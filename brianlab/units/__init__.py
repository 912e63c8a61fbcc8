"""brianlab.units."""
