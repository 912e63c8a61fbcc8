"""The examples in the widgets' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "brianlab.widgets.models.parameters",
    "brianlab.widgets.models.evaluate",
    "brianlab.widgets.models.phaseplane",
    "brianlab.widgets.sliders",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
