"""The functions a model string may call, and what each does to units.

Each :class:`ModelFunction` says how many arguments it takes, how the result's
dimension follows from the arguments' (raising a learner-facing error when
they do not fit), whether it returns a boolean or an integer, and how the
code generator spells it.  External functions (``TimedArray`` objects found in
the namespace) provide a ``ModelFunction`` of their own through
:func:`function_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import UnitMismatchError
from ..units.dimensions import DIMENSIONLESS, Dimension

__all__ = ["ModelFunction", "DEFAULT_FUNCTIONS", "ALLOWED_FUNCTIONS_HINT", "function_of"]


def _fmt(dim: Dimension) -> str:
    from ..units.formatting import format_dimension

    return format_dimension(dim)


@dataclass(frozen=True)
class ModelFunction:
    """A function usable inside model strings.

    Parameters
    ----------
    name : str
        The name learners write.
    n_args : tuple of int
        The allowed numbers of arguments.
    result : callable
        ``result(arg_dims, arg_texts) -> Dimension``; raises
        :class:`~brianlab.errors.UnitMismatchError` for unfitting units.
    code : str
        The name of the implementation in generated code.
    kind : str
        ``'float'``, ``'integer'`` or ``'boolean'``: the type of the result.
    stateful : bool
        True for random functions (never constant-folded, never moved).
    data : tuple
        Data the implementation takes before the call's own arguments (a
        TimedArray's values), as ``(label, kind, getter)`` triples: ``kind``
        is ``'array'`` or ``'scalar'``, and ``getter(dt)`` returns the current
        value for code running with a time step of ``dt`` seconds.  Passed
        to kernels as arguments, never written into the code.
    """

    name: str
    n_args: tuple
    result: Callable[[list, list], Dimension]
    code: str
    kind: str = "float"
    stateful: bool = False
    data: tuple = ()


def _dimensionless(name: str, hint: str) -> Callable:
    def rule(dims: list, texts: list) -> Dimension:
        for d, text in zip(dims, texts):
            if not d.is_dimensionless:
                raise UnitMismatchError(
                    f"{name}() needs a dimensionless argument; '{text}' is in {_fmt(d)}.",
                    hint,
                    d,
                )
        return DIMENSIONLESS

    return rule


def _same_as_first(name: str) -> Callable:
    def rule(dims: list, texts: list) -> Dimension:
        for k in range(1, len(dims)):
            if dims[k] != dims[0]:
                raise UnitMismatchError(
                    f"all arguments of {name}() must have the same units, but "
                    f"'{texts[0]}' is in {_fmt(dims[0])} and '{texts[k]}' is in "
                    f"{_fmt(dims[k])}.",
                    "Give the limits units too, e.g. clip(v, 0*mV, 20*mV).",
                    dims[0],
                    dims[k],
                )
        return dims[0]

    return rule


def _sqrt(dims: list, texts: list) -> Dimension:
    return dims[0] ** 0.5


def _keep(dims: list, texts: list) -> Dimension:
    return dims[0]


def _any_to_dimensionless(dims: list, texts: list) -> Dimension:
    return DIMENSIONLESS


def _step_count(dims: list, texts: list) -> Dimension:
    """timestep(t, dt) counts steps: both times in the same units, result a number."""
    _same_as_first("timestep")(dims, texts)
    return DIMENSIONLESS


_SCALE_HINT = "Divide by a scale with the same units, e.g. exp(v/DeltaT) or sin(2*pi*f*t)."


def _transcendental(name: str, code: str) -> ModelFunction:
    return ModelFunction(name, (1,), _dimensionless(name, _SCALE_HINT), code)


#: The functions every model may call, by the name learners write.
DEFAULT_FUNCTIONS: dict[str, ModelFunction] = {
    f.name: f
    for f in [
        *(
            _transcendental(n, c)
            for n, c in [
                ("exp", "_exp"),
                ("log", "_log"),
                ("log10", "_log10"),
                ("sin", "_sin"),
                ("cos", "_cos"),
                ("tan", "_tan"),
                ("sinh", "_sinh"),
                ("cosh", "_cosh"),
                ("tanh", "_tanh"),
                ("arcsin", "_arcsin"),
                ("arccos", "_arccos"),
                ("arctan", "_arctan"),
                ("exprel", "_exprel"),
            ]
        ),
        ModelFunction("sqrt", (1,), _sqrt, "_sqrt"),
        ModelFunction("abs", (1,), _keep, "_abs"),
        ModelFunction("floor", (1,), _keep, "_floor"),
        ModelFunction("ceil", (1,), _keep, "_ceil"),
        ModelFunction("sign", (1,), _any_to_dimensionless, "_sign"),
        ModelFunction("clip", (3,), _same_as_first("clip"), "_clip"),
        ModelFunction(
            "int",
            (1,),
            _dimensionless("int", "Divide by a unit first, e.g. int(t/ms)."),
            "_int",
            kind="integer",
        ),
        ModelFunction("rand", (0,), _any_to_dimensionless, "_rand", stateful=True),
        ModelFunction("randn", (0,), _any_to_dimensionless, "_randn", stateful=True),
        ModelFunction("timestep", (2,), _step_count, "_timestep", kind="integer"),
    ]
}

#: The sentence that lists them, for messages about a function that is not one.
ALLOWED_FUNCTIONS_HINT = (
    f"Allowed functions: {', '.join(DEFAULT_FUNCTIONS)}, and TimedArray objects."
)


def function_of(name: str, value: object | None = None) -> ModelFunction | None:
    """The :class:`ModelFunction` for ``name``.

    Parameters
    ----------
    name : str
        The called name.
    value : object, optional
        What ``name`` is bound to in the namespace, if anything; objects with
        a ``model_function()`` method (such as ``TimedArray``) provide their
        own description.

    Returns
    -------
    ModelFunction or None
        None when ``name`` is not a function.
    """
    if value is not None and hasattr(value, "model_function"):
        return value.model_function(name)
    return DEFAULT_FUNCTIONS.get(name)
