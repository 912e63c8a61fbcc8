"""brianlab.groups."""
