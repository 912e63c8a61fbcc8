"""brianlab.testing."""
