"""brianlab.codegen."""
