"""What numpy's functions (``np.mean``, ``np.concatenate`` …) do with dimensions.

:func:`apply_function` implements ``Quantity.__array_function__``.  Each
supported function has a rule: keep the unit of the first argument
(``mean``, ``sort``), require equal units and keep them (``concatenate``,
``where``, ``clip``), combine units (``dot``, ``var``, ``prod``), or give a
plain result (``argmax``, ``isclose``).  Every rule runs numpy on the plain
SI values.  A function without a rule runs when no argument has a unit and
otherwise raises a ``TypeError`` that says how to strip the units: a
function never silently drops or corrupts a unit.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import UnitMismatchError
from . import quantity as _quantity
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import example_unit_name, format_dimension
from .messages import mismatch_error, mismatch_hint
from .ufuncs import check_assignment, plain_operand_hint, show

__all__ = ["apply_function", "supported_functions"]

Rule = Callable[[Callable, tuple, dict], Any]
_RULES: dict[Callable, Rule] = {}


def _register(rule: Rule, *names: str, module: Any = np) -> None:
    for name in names:
        func = getattr(module, name, None)
        if func is not None:
            _RULES[func] = rule


def supported_functions() -> list[str]:
    """Names of the numpy functions that have a unit rule."""
    return sorted({f.__name__ for f in _RULES})


# -- helpers -----------------------------------------------------------------


def _dim(x: Any) -> Dimension:
    dim = _quantity.dimension_of(_quantity.coerce_operand(x))
    return DIMENSIONLESS if dim is None else dim


def _dims_within(obj: Any) -> list[Dimension]:
    if isinstance(obj, _quantity.Quantity):
        return [obj.dim]
    if isinstance(obj, (list, tuple)):
        return [d for x in obj for d in _dims_within(x)]
    if isinstance(obj, dict):
        return [d for x in obj.values() for d in _dims_within(x)]
    return []


def _fits_any_unit(x: Any) -> bool:
    """Plain values that are all zero (or infinite) are accepted in any unit."""
    if x is None:
        return True
    if _dim(x) is not DIMENSIONLESS:
        return False
    values = np.asarray(_quantity.strip(x))
    return values.dtype.kind in "biufc" and bool(np.all((values == 0) | np.isinf(values)))


def _common(name: str, items: list) -> Dimension:
    """The dimension shared by ``items``; plain zeros and None fit any."""
    dims = [_dim(x) for x in items]
    found = list(dict.fromkeys(d for x, d in zip(items, dims) if not _fits_any_unit(x)))
    if len(found) <= 1:
        return found[0] if found else DIMENSIONLESS
    shown = ", ".join(show(x, d) for x, d in zip(items, dims) if x is not None)
    plain = [x for x, d in zip(items, dims) if d.is_dimensionless and not _fits_any_unit(x)]
    if plain:
        hint = plain_operand_hint(plain[0], next(d for d in found if not d.is_dimensionless))
    else:
        hint = mismatch_hint(found[:2])
    raise mismatch_error(f"Cannot calculate np.{name}({shown})", found, hint)


def _require_plain(name: str, values: Any, what: str) -> None:
    for dim in _dims_within(values):
        if not dim.is_dimensionless:
            raise UnitMismatchError(
                f"np.{name}() needs a plain number for {what}, but got a quantity in "
                f"{format_dimension(dim)}.",
                None,
                dim,
            )


def _wrap(result: Any, dim: Dimension) -> Any:
    """Wrap a result: lists element by element, tuples on their first element."""
    if isinstance(result, list):
        return [_quantity.as_result(r, dim) for r in result]
    if isinstance(result, tuple):
        return (_quantity.as_result(result[0], dim), *result[1:])
    return _quantity.as_result(result, dim)


def _call(func: Callable, dim: Dimension, args: tuple, kwargs: dict) -> Any:
    """Run ``func`` on plain values and wrap the result with ``dim``, honouring ``out``."""
    out = kwargs.get("out")
    if out is not None:
        if isinstance(out, _quantity.Quantity):
            kwargs = {**kwargs, "out": out.view(np.ndarray)}
        elif not dim.is_dimensionless:
            raise UnitMismatchError(
                f"np.{func.__name__}() cannot store a result in {format_dimension(dim)} "
                "in a plain array without units.",
                "Use a quantity as output, or divide by a unit first.",
                dim,
            )
    result = func(*_quantity.strip(args), **_quantity.strip(kwargs))
    if isinstance(out, _quantity.Quantity):
        out.dim = dim
        return out
    return _wrap(result, dim)


def _first_and_rest(args: tuple, kwargs: dict) -> tuple[Any, tuple, dict]:
    """The array argument, even when passed by keyword (``np.mean(a=x)``)."""
    if args:
        return args[0], args[1:], kwargs
    for key in ("a", "arr", "ary", "x", "m", "array", "y", "ar", "f"):
        if key in kwargs:
            rest = dict(kwargs)
            return rest.pop(key), (), rest
    raise TypeError("missing the array argument")


# -- rules -------------------------------------------------------------------


def _keep_first(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    _require_plain(
        func.__name__, (rest, {k: v for k, v in kwargs.items() if k != "out"}), "the options"
    )
    return _call(func, _dim(a), (a, *rest), kwargs)


_register(
    _keep_first,
    # reductions that keep the unit
    "sum", "nansum", "mean", "nanmean", "median", "nanmedian", "std", "nanstd",
    "min", "max", "amin", "amax", "nanmin", "nanmax", "ptp",
    "percentile", "nanpercentile", "quantile", "nanquantile", "trace",
    "cumsum", "nancumsum", "cumulative_sum",
    # reshaping, reordering, selecting
    "sort", "sort_complex", "partition", "copy", "ravel", "squeeze", "reshape", "resize",
    "transpose", "swapaxes", "moveaxis", "rollaxis", "repeat", "tile", "flip", "fliplr",
    "flipud", "roll", "rot90", "expand_dims", "broadcast_to", "delete", "split",
    "array_split", "hsplit", "vsplit", "dsplit", "diagonal", "take", "take_along_axis",
    "compress", "extract", "trim_zeros", "pad", "real", "imag", "round", "around", "fix",
    "real_if_close", "zeros_like", "ones_like", "empty_like",
)  # fmt: skip
_register(_keep_first, "norm", module=np.linalg)


def _plain_result(func, args, kwargs):
    return func(*_quantity.strip(args), **_quantity.strip(kwargs))


_register(
    _plain_result,
    "argmax", "argmin", "nanargmax", "nanargmin", "argsort", "argpartition", "argwhere",
    "nonzero", "flatnonzero", "count_nonzero", "shape", "ndim", "size", "any", "all",
    "isreal", "iscomplex", "isrealobj", "iscomplexobj", "isposinf", "isneginf", "angle",
    "corrcoef", "may_share_memory", "shares_memory", "result_type", "can_cast",
    "min_scalar_type", "lexsort",
)  # fmt: skip


def _each_keeps_own(func, args, kwargs):
    result = func(*_quantity.strip(args), **kwargs)
    if len(args) == 1 and not isinstance(result, (list, tuple)):
        return _quantity.as_result(result, _dim(args[0]))
    return type(result)(_quantity.as_result(r, _dim(a)) for r, a in zip(result, args))


_register(_each_keeps_own, "atleast_1d", "atleast_2d", "atleast_3d", "broadcast_arrays")
_register(_each_keeps_own, "meshgrid")


def _joined(func, args, kwargs):
    arrays, rest, kwargs = _first_and_rest(args, kwargs)
    if func is np.block:
        items = _nested_items(arrays)
    else:
        items = list(arrays)
    dim = _common(func.__name__, items)
    return _call(func, dim, (arrays, *rest), kwargs)


def _nested_items(obj: Any) -> list:
    if isinstance(obj, list):
        return [x for item in obj for x in _nested_items(item)]
    return [obj]


_register(_joined, "concatenate", "stack", "hstack", "vstack", "dstack", "column_stack")
_register(_joined, "row_stack", "block")


def _pair_keeps(func, args, kwargs):
    dim = _common(func.__name__, list(args[:2]))
    return _call(func, dim, args, kwargs)


_register(_pair_keeps, "append", "union1d", "intersect1d", "setdiff1d", "setxor1d")


def _pair_plain(func, args, kwargs):
    _common(func.__name__, list(args[:2]))
    return _plain_result(func, args, kwargs)


_register(_pair_plain, "searchsorted", "isin", "in1d", "digitize", "array_equiv")


def _array_equal(func, args, kwargs):
    if _dim(args[0]) != _dim(args[1]):
        return False
    return _plain_result(func, args, kwargs)


_register(_array_equal, "array_equal")


def _closeness(func, args, kwargs):
    a, b, *rest = args
    dim = _common(func.__name__, [a, b])
    options = dict(zip(("rtol", "atol", "equal_nan"), rest), **kwargs)
    _require_plain(func.__name__, options.get("rtol"), "rtol")
    if "atol" in options:
        _require_same_as(func.__name__, options["atol"], dim, "atol")
    return func(*_quantity.strip((a, b)), **_quantity.strip(options))


def _require_same_as(name: str, value: Any, dim: Dimension, what: str) -> None:
    if value is None or _fits_any_unit(value) or _dim(value) == dim:
        return
    got = _dim(value)
    hint = plain_operand_hint(value, dim) if got.is_dimensionless else None
    raise mismatch_error(
        f"Cannot use {what}={show(value, got)} in np.{name}() "
        f"for values in {format_dimension(dim)}",
        (dim, got),
        hint,
    )


_register(_closeness, "isclose", "allclose")


def _where(func, args, kwargs):
    if len(args) == 1:
        return _plain_result(func, args, kwargs)
    condition, x, y = args
    dim = _common("where", [x, y])
    return _quantity.as_result(func(_quantity.strip(condition), *_quantity.strip((x, y))), dim)


_register(_where, "where")


def _clip(func, args, kwargs):
    a, *bounds = args
    options = dict(kwargs)
    low = bounds[0] if bounds else options.pop("a_min", options.pop("min", None))
    high = bounds[1] if len(bounds) > 1 else options.pop("a_max", options.pop("max", None))
    dim = _common("clip", [a, low, high])
    return _call(func, dim, (a, low, high), options)


_register(_clip, "clip")


def _insert(func, args, kwargs):
    arr, index, values, *rest = args
    dim = _common("insert", [arr, values])
    return _call(func, dim, (arr, index, values, *rest), kwargs)


_register(_insert, "insert")


def _with_matching_options(*names: str) -> Rule:
    """Keep the first argument's unit; the named options must share it."""

    def rule(func, args, kwargs):
        a, rest, kwargs = _first_and_rest(args, kwargs)
        dim = _dim(a)
        for name in names:
            _require_same_as(func.__name__, kwargs.get(name), dim, name)
        return _call(func, dim, (a, *rest), kwargs)

    return rule


_register(_with_matching_options("prepend", "append"), "diff")
_register(_with_matching_options("to_end", "to_begin"), "ediff1d")
_register(_with_matching_options("nan", "posinf", "neginf"), "nan_to_num")


def _full_like(func, args, kwargs):
    a, fill, *rest = args
    return _call(func, _dim(fill), (a, fill, *rest), kwargs)


_register(_full_like, "full_like")


def _unique(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    return _call(func, _dim(a), (a, *rest), kwargs)


_register(_unique, "unique")


def _average(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    options = dict(zip(("axis", "weights", "returned", "keepdims"), rest), **kwargs)
    result = func(_quantity.strip(a), **_quantity.strip(options))
    if options.get("returned"):
        average, weight_sum = result
        return (
            _quantity.as_result(average, _dim(a)),
            _quantity.as_result(weight_sum, _dim(options.get("weights"))),
        )
    return _quantity.as_result(result, _dim(a))


_register(_average, "average")


def _product(func, args, kwargs):
    a, b, *rest = args
    return _call(func, _dim(a) * _dim(b), (a, b, *rest), kwargs)


_register(_product, "dot", "vdot", "inner", "outer", "cross", "kron", "tensordot")
_register(_product, "convolve", "correlate")


def _squared(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    return _call(func, _dim(a) ** 2, (a, *rest), kwargs)


_register(_squared, "var", "nanvar")


def _covariance(func, args, kwargs):
    m, *rest = args
    y = rest[0] if rest else kwargs.get("y")
    dim = _common(func.__name__, [m, y])
    return _call(func, dim**2, args, kwargs)


_register(_covariance, "cov")


def _prod(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    dim = _dim(a)
    if dim.is_dimensionless:
        return _plain_result(func, (a, *rest), kwargs)
    options = dict(zip(("axis",), rest), **kwargs)
    if "where" in options:
        raise TypeError(
            f"np.{func.__name__}() with where= gives elements different units; "
            "remove the units first."
        )
    axis = options.get("axis")
    shape = np.shape(a)
    if axis is None:
        count = int(np.prod(shape))
    else:
        axes = axis if isinstance(axis, tuple) else (axis,)
        count = int(np.prod([shape[i] for i in axes]))
    return _call(func, dim**count, (a, *rest), kwargs)


_register(_prod, "prod", "nanprod")


def _unit_varies(func, args, kwargs):
    a, rest, kwargs = _first_and_rest(args, kwargs)
    dim = _dim(a)
    if dim.is_dimensionless:
        return _plain_result(func, (a, *rest), kwargs)
    raise TypeError(
        f"np.{func.__name__}() of a quantity in {format_dimension(dim)} would give each "
        f"element a different unit. Remove the units first, e.g. "
        f"np.{func.__name__}(x/{example_unit_name(dim)})."
    )


_register(_unit_varies, "cumprod", "nancumprod", "cumulative_prod")


def _trapezoid(func, args, kwargs):
    y, *rest = args
    options = dict(zip(("x", "dx", "axis"), rest), **kwargs)
    x = options.get("x")
    step = _dim(x) if x is not None else _dim(options.get("dx", 1.0))
    result = func(_quantity.strip(y), **_quantity.strip(options))
    return _quantity.as_result(result, _dim(y) * step)


_register(_trapezoid, "trapezoid")


def _gradient(func, args, kwargs):
    f, *spacings = args
    result = func(*_quantity.strip((f, *spacings)), **kwargs)
    dim = _dim(f)
    if not isinstance(result, (list, tuple)):
        step = _dim(spacings[0]) if spacings else DIMENSIONLESS
        return _quantity.as_result(result, dim / step)
    steps = [_dim(s) for s in spacings] or [DIMENSIONLESS]
    if len(steps) == 1:
        steps = steps * len(result)
    return type(result)(_quantity.as_result(r, dim / s) for r, s in zip(result, steps))


_register(_gradient, "gradient")


def _linspace(func, args, kwargs):
    start, stop, *rest = args
    dim = _common("linspace", [start, stop])
    options = dict(zip(("num", "endpoint", "retstep"), rest), **kwargs)
    result = func(*_quantity.strip((start, stop)), **options)
    if options.get("retstep"):
        samples, step = result
        return _quantity.as_result(samples, dim), _quantity.as_result(step, dim)
    return _quantity.as_result(result, dim)


_register(_linspace, "linspace")


def _histogram(func, args, kwargs):
    a, *rest = args
    options = dict(zip(("bins", "range", "density", "weights"), rest), **kwargs)
    dim = _dim(a)
    bins = options.get("bins", 10)
    if not isinstance(bins, (int, np.integer, str)):
        _common("histogram", [a, bins])
    if options.get("range") is not None:
        _common("histogram", [a, *options["range"]])
    counts, edges = func(_quantity.strip(a), **_quantity.strip(options))
    if options.get("density"):
        counts_dim = DIMENSIONLESS / dim
    else:
        counts_dim = _dim(options.get("weights"))
    return _quantity.as_result(counts, counts_dim), _quantity.as_result(edges, dim)


_register(_histogram, "histogram")


def _histogram_bin_edges(func, args, kwargs):
    return _quantity.as_result(_plain_result(func, args, kwargs), _dim(args[0]))


_register(_histogram_bin_edges, "histogram_bin_edges")


def _bincount(func, args, kwargs):
    options = dict(zip(("weights", "minlength"), args[1:]), **kwargs)
    _require_plain("bincount", args[0], "the indices")
    return _quantity.as_result(_plain_result(func, args, kwargs), _dim(options.get("weights")))


_register(_bincount, "bincount")


def _interp(func, args, kwargs):
    x, xp, fp, *rest = args
    options = dict(zip(("left", "right", "period"), rest), **kwargs)
    _common("interp", [x, xp, options.get("period")])
    dim = _common("interp", [fp, options.get("left"), options.get("right")])
    return _quantity.as_result(
        func(*_quantity.strip((x, xp, fp)), **_quantity.strip(options)), dim
    )


_register(_interp, "interp")


_VALUE_POSITION = {np.copyto: 1, np.put: 2, np.place: 2, np.putmask: 2, np.fill_diagonal: 1}


def _copy_into(func, args, kwargs):
    target, value = args[0], args[_VALUE_POSITION[func]]
    if isinstance(target, _quantity.Quantity):
        check_assignment(target, value, "copy {value} into")
    elif not _dim(value).is_dimensionless:
        dim = _dim(value)
        raise UnitMismatchError(
            f"Cannot copy {show(value, dim)} into a plain array without units.",
            f"Write the plain numbers instead (divide by {example_unit_name(dim)}) and "
            f"multiply the result by {example_unit_name(dim)}.",
            dim,
        )
    return func(*_quantity.strip(args), **_quantity.strip(kwargs))


_register(_copy_into, "copyto", "put", "place", "putmask", "fill_diagonal")


def _text(func, args, kwargs):
    a, *_ = args
    if isinstance(a, _quantity.Quantity) and not a.dim.is_dimensionless:
        return repr(a) if func is np.array_repr else str(a)
    return _plain_result(func, args, kwargs)


_register(_text, "array_repr", "array_str")


# -- entry point -------------------------------------------------------------


def _called_from_matplotlib() -> bool:
    """Whether the code calling the current numpy function is matplotlib's."""
    frame = sys._getframe(3)  # 0: here, 1: apply_function, 2: __array_function__
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not (module.startswith("numpy") or module.startswith("brianlab.units")):
            return module.startswith("matplotlib")
        frame = frame.f_back
    return False


def apply_function(func: Callable, args: tuple, kwargs: dict) -> Any:
    """Run the numpy function ``func`` on quantities; see the module docstring."""
    rule = _RULES.get(func)
    if rule is not None:
        try:
            return rule(func, args, kwargs)
        except UnitMismatchError:
            # matplotlib stacks x and y data of different units into one
            # table of SI values (plt.plot(mon.t, mon.v[0]) must work, as in
            # Brian 2); anywhere else, mixing units is an error
            if rule is _joined and _called_from_matplotlib():
                return _plain_result(func, args, kwargs)
            raise
    dims = [d for d in _dims_within((args, kwargs)) if not d.is_dimensionless]
    if not dims:
        return _plain_result(func, args, kwargs)
    name = func.__name__
    raise TypeError(
        f"np.{name}() does not support quantities with units (got {format_dimension(dims[0])}). "
        f"Remove the units first, e.g. np.{name}(x/{example_unit_name(dims[0])}), and "
        "multiply the result by the unit it should have."
    )
