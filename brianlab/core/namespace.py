"""Resolving the names in a model string: what ``tau`` or ``mV`` stands for.

Lookup order, as in Brian 2: the object's own variables; then, for anything
else, the explicit ``namespace=`` (if given, exclusively) or the namespace of
the code that calls ``run()`` (falling back to where the object was created);
then units, constants (``pi``, ``e``, ``inf``) and functions.  A name that is
both a model variable and an external value gives a warning once, and the
model variable wins.

External values become *kernel arguments*: their values are read again at
each ``run()``, so changing ``tau`` in the notebook and running again takes
effect without recompiling.
"""

from __future__ import annotations

import logging
import math
import numbers

import numpy as np

from ..errors import InvalidParameterError, UnitMismatchError, UnknownIdentifierError
from ..parsing.functions import ALLOWED_FUNCTIONS_HINT, DEFAULT_FUNCTIONS, function_of
from ..parsing.ir import BinOp, names_in, walk
from ..parsing.printing import format_expr
from ..parsing.unitcheck import Symbol, constant_value, did_you_mean, example_unit
from ..units import Quantity, all_units, get_dimensions
from ..units.dimensions import DIMENSIONLESS

__all__ = [
    "CONSTANTS",
    "ExternalValue",
    "external_value",
    "lookup_external",
    "check_external_dims",
    "check_denominators",
]

logger = logging.getLogger("brianlab.namespace")

#: Constants every model may use.
CONSTANTS = {"pi": math.pi, "e": math.e, "inf": math.inf, "True": True, "False": False}


class ExternalValue:
    """A value found outside the model: its SI magnitude and its dimension."""

    __slots__ = ("value", "dim", "kind", "is_unit")

    def __init__(self, value: float, dim, kind: str = "float", is_unit: bool = False) -> None:
        self.value = value
        self.dim = dim
        self.kind = kind
        self.is_unit = is_unit


def external_value(name: str, obj) -> ExternalValue | None:
    """Convert a namespace entry into an :class:`ExternalValue`.

    Returns None for objects that are functions (handled elsewhere).

    Raises
    ------
    InvalidParameterError
        For values that cannot be parameters (text, arrays, objects).
    """
    if isinstance(obj, (bool, np.bool_)):
        return ExternalValue(bool(obj), DIMENSIONLESS, "boolean")
    if isinstance(obj, numbers.Integral):
        return ExternalValue(int(obj), DIMENSIONLESS, "integer")
    if isinstance(obj, numbers.Real):
        return ExternalValue(float(obj), DIMENSIONLESS)
    if isinstance(obj, np.ndarray):
        if obj.size == 1 and obj.dtype.kind in "fiub":
            dim = get_dimensions(obj)
            return ExternalValue(float(np.asarray(obj).reshape(())), dim)
        if obj.dtype.kind in "fiub":
            raise InvalidParameterError(
                f"'{name}' is an array of {obj.size} values; external parameters must be "
                "single numbers or quantities.",
                f"For one value per neuron, add '{name} : <unit>' to the equations and set "
                f"group.{name} = ... .",
            )
    if callable(obj) or hasattr(obj, "model_function"):
        return None
    shown = repr(obj)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    raise InvalidParameterError(
        f"'{name}' is a {type(obj).__name__} ({shown}); parameters must be numbers or "
        "quantities like 10*ms.",
        f"Assign a number with units instead, e.g. {name} = 10*ms.",
    )


def lookup_external(
    name: str,
    namespaces: list[dict],
    *,
    model_names=(),
    source: str | None = None,
    line: int | None = None,
    col: int | None = None,
    as_call: bool = False,
):
    """Find an external name: returns an :class:`ExternalValue` or a Symbol
    for functions.

    Parameters
    ----------
    name : str
        The name to look up.
    namespaces : list of dict
        Where to look, first match wins.
    model_names : iterable of str
        The model's own names (for did-you-mean).
    source, line, col
        Where the name was written (for errors).
    as_call : bool
        True when the name is called like a function.

    Raises
    ------
    UnknownIdentifierError
        When the name is nowhere.
    """
    if as_call and name in DEFAULT_FUNCTIONS:
        return Symbol(function=DEFAULT_FUNCTIONS[name], role="function")
    for ns in namespaces:
        if name in ns:
            obj = ns[name]
            func = function_of(name, obj) if hasattr(obj, "model_function") else None
            if func is not None:
                return Symbol(function=func, role="function")
            if name in DEFAULT_FUNCTIONS and callable(obj):
                return Symbol(function=DEFAULT_FUNCTIONS[name], role="function")
            try:
                ext = external_value(name, obj)
            except InvalidParameterError as err:
                err.source, err.line, err.col = source, line, col
                raise
            if ext is not None:
                return ext
            if isinstance(obj, Quantity):
                return external_value(name, obj)
            raise UnknownIdentifierError(
                f"'{name}' is a {type(obj).__name__}, which a model cannot use.",
                "Use numbers, quantities (10*ms) or functions brianlab knows.",
                source=source,
                line=line,
                col=col,
            )
    if name in all_units:
        unit = all_units[name]
        return ExternalValue(float(np.asarray(unit)), get_dimensions(unit), is_unit=True)
    if name in CONSTANTS:
        value = CONSTANTS[name]
        kind = "boolean" if isinstance(value, bool) else "float"
        return ExternalValue(value, DIMENSIONLESS, kind, is_unit=True)
    if name in DEFAULT_FUNCTIONS:
        return Symbol(function=DEFAULT_FUNCTIONS[name], role="function")
    candidates = set(model_names)
    for ns in namespaces:
        candidates |= {k for k, v in ns.items() if isinstance(v, (numbers.Number, Quantity))}
    if as_call:
        message = f"'{name}' is not a function brianlab knows."
        hint = ALLOWED_FUNCTIONS_HINT
    else:
        message = f"'{name}' is not defined."
        hint = (
            f"Define it as a parameter ('{name} : <unit>') or as a Python variable before "
            "the run, or pass it in namespace=... ."
        )
    suggestion = did_you_mean(name, candidates)
    if suggestion:
        hint = f"{hint} {suggestion}"
    error = UnknownIdentifierError(
        f"line {line}: {message}" if line else message, hint, source=source, line=line, col=col
    )
    error.undefined_name = None if as_call else name
    raise error


def check_external_dims(name: str, old, new) -> None:
    """Refuse a run whose external value changed dimension since the build."""
    if old.dim != new.dim:
        from ..units.formatting import format_dimension

        raise UnitMismatchError(
            f"'{name}' was in {format_dimension(old.dim)} when the model was built, but is "
            f"now in {format_dimension(new.dim)}.",
            "Give it the same units as before (or build the model again).",
            old.dim,
            new.dim,
        )


def check_denominators(equations, externals: dict) -> None:
    """Refuse a run in which an equation divides by a parameter that is zero.

    Parameters
    ----------
    equations : Equations
        The model.
    externals : dict
        External name -> :class:`ExternalValue` with its value for this run.

    Raises
    ------
    InvalidParameterError
        For the first division whose denominator is fixed for the run (made
        of external values, units and numbers) and zero, naming the parameter.
    """
    from ..units.formatting import format_dimension

    def value_of(name: str):
        if name in externals:
            return externals[name].value
        if name in equations:
            return None
        if name in all_units:
            return float(np.asarray(all_units[name]))
        value = CONSTANTS.get(name)
        return value if isinstance(value, float) else None

    for eq in equations.values():
        if eq.expr is None:
            continue
        for node in walk(eq.expr):
            if not (
                isinstance(node, BinOp)
                and node.op in ("/", "//", "%")
                and constant_value(node.right, value_of) == 0
            ):
                continue
            zeros = sorted(n for n in names_in(node.right) if value_of(n) == 0)
            if not zeros:
                raise InvalidParameterError(
                    f"line {eq.line}: '{format_expr(node)}' divides by zero.",
                    "Divide by a non-zero value.",
                    source=equations.source,
                    line=eq.line,
                    col=node.col,
                )
            name = zeros[0]
            dim = externals[name].dim
            unit = example_unit(dim)
            if dim.is_dimensionless:
                shown, example = "0", f"{name} = 1"
            else:
                shown = str(Quantity(0.0, dim=dim))
                example = f"{name} = 10*{unit or format_dimension(dim)}"
            raise InvalidParameterError(
                f"line {eq.line}: parameter '{name}' is {shown} and appears in a denominator "
                f"('{format_expr(node)}').",
                f"Give it a non-zero value, e.g. {example}.",
                source=equations.source,
                line=eq.line,
                col=node.col,
            )
