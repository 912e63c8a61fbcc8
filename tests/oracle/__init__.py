"""The Brian 2 oracle: run the same Brian 2 scripts in Brian 2 and in brianlab, compare."""
