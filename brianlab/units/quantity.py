"""The :class:`Quantity` class: a numpy array of SI values with a dimension.

A quantity stores its values in SI units (``3*mV`` holds ``0.003``) and its
:class:`~brianlab.units.dimensions.Dimension` in ``.dim``.  This module
holds the class, its construction and wrapping, indexing, conversion and
printing.  What numpy operations do with dimensions lives in
:mod:`brianlab.units.ufuncs` (operators and ufuncs) and
:mod:`brianlab.units.numpy_functions` (``np.mean``, ``np.concatenate`` …).

A result without dimension comes back as a plain ``float`` or
``numpy.ndarray`` (``mon.t/ms`` is a plain array), as in Brian 2.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import UnitMismatchError
from . import formatting, numpy_functions, ufuncs
from .dimensions import BASE_NAMES, BASE_SYMBOLS, DIMENSIONLESS, Dimension
from .messages import mismatch_error

__all__ = ["Quantity", "wrap", "as_result", "dimension_of", "strip", "coerce_operand"]


def wrap(values: Any, dim: Dimension) -> Quantity:
    """A :class:`Quantity` viewing ``values`` (SI) with dimension ``dim``.

    No copy is made when ``values`` is an ndarray: this is the cheap path used
    to expose simulator state.
    """
    q = np.asarray(values).view(Quantity)
    q.dim = dim
    return q


def as_result(values: Any, dim: Dimension) -> Any:
    """Wrap an operation's result: a plain number or array when dimensionless.

    A dimensionless 0-d float becomes a Python ``float`` (``3*mV/mV`` is
    ``3.0``, as in Brian 2); booleans and integers keep their numpy type.
    """
    if dim.is_dimensionless:
        if isinstance(values, np.ndarray) and values.ndim == 0:
            values = values[()]
        if isinstance(values, np.floating):
            return float(values)
        if isinstance(values, np.complexfloating):
            return complex(values)
        return values
    return wrap(values, dim)


def strip(obj: Any) -> Any:
    """``obj`` with every quantity replaced by its plain SI array (recursively)."""
    if isinstance(obj, Quantity):
        return obj.view(np.ndarray)
    if isinstance(obj, list):
        return [strip(x) for x in obj]
    if isinstance(obj, tuple):
        return tuple(strip(x) for x in obj)
    if isinstance(obj, dict):
        return {k: strip(v) for k, v in obj.items()}
    return obj


def _contains_quantity(obj: Any) -> bool:
    if isinstance(obj, Quantity):
        return True
    if isinstance(obj, (list, tuple)):
        return any(_contains_quantity(x) for x in obj)
    return False


def coerce_operand(obj: Any) -> Any:
    """A list or tuple holding quantities becomes one quantity; an object that
    stands for one (a group's variable, ``G.v``) gives it; else unchanged."""
    if isinstance(obj, (list, tuple)) and _contains_quantity(obj):
        return Quantity(obj)
    as_quantity = getattr(type(obj), "as_quantity", None)
    if as_quantity is not None:
        return as_quantity(obj)
    return obj


def dimension_of(obj: Any) -> Dimension | None:
    """The dimension of a quantity, a number or an array; None for other objects."""
    if isinstance(obj, Quantity):
        return obj.dim
    if isinstance(obj, (int, float, complex, np.number, np.bool_, bool)):
        return DIMENSIONLESS
    if isinstance(obj, np.ndarray):
        return DIMENSIONLESS if obj.dtype.kind in "biufc" else None
    if isinstance(obj, (list, tuple)):
        if _contains_quantity(obj):
            return Quantity(obj).dim
        try:
            kind = np.asarray(obj).dtype.kind
        except (TypeError, ValueError):
            return None
        return DIMENSIONLESS if kind in "biufc" else None
    return None


def _common_list_dimension(items: list) -> Dimension:
    """Dimension shared by the quantities in a (nested) list; error if mixed."""
    dims = []

    def collect(x):
        if isinstance(x, (list, tuple)) and not isinstance(x, Quantity):
            for y in x:
                collect(y)
        else:
            dims.append((x, x.dim if isinstance(x, Quantity) else DIMENSIONLESS))

    collect(items)
    found = list(
        dict.fromkeys(
            d for x, d in dims if not (d.is_dimensionless and np.all(np.asarray(x) == 0))
        )
    )
    if len(found) > 1:
        words = " and ".join(formatting.format_dimension(d) for d in found)
        raise UnitMismatchError(
            f"Cannot make one quantity from a list that mixes units ({words}).",
            "Give every element the same unit, e.g. [1, 2]*mV.",
            *found,
        )
    return found[0] if found else DIMENSIONLESS


class Quantity(np.ndarray):
    """A number or array with a physical dimension, stored in SI units.

    Usually made by multiplying with a unit: ``-70*mV``, ``[1, 2]*nA``.

    Parameters
    ----------
    arr : number, array or list
        The values *in SI units* (a list may hold quantities of one unit).
    dim : Dimension, optional
        The dimension; defaults to the dimension of ``arr``.
    dtype : numpy dtype, optional
        Defaults to ``float64`` (integers and booleans are converted).
    copy : bool
        Whether to copy ``arr`` (default: share memory when possible).

    Examples
    --------
    >>> from brianlab.units import mV
    >>> v = [-70, -65]*mV
    >>> v
    array([-70., -65.]) * mvolt
    >>> v / mV
    array([-70., -65.])
    """

    #: The physical dimension of the values.
    dim: Dimension = DIMENSIONLESS

    def __new__(
        cls,
        arr: Any,
        dim: Dimension | None = None,
        dtype: Any = None,
        copy: bool = False,
    ) -> Quantity:
        if isinstance(arr, Quantity):
            found = arr.dim
        elif isinstance(arr, (list, tuple)) and _contains_quantity(arr):
            found = _common_list_dimension(arr)
        else:
            found = DIMENSIONLESS
        raw = strip(arr)
        try:
            values = np.array(raw, dtype=dtype) if copy else np.asarray(raw, dtype=dtype)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"Quantities can only be made from numbers, not from {raw!r}."
            ) from exc
        if values.dtype.kind in "biu" and dtype is None:
            values = values.astype(np.float64)
        elif values.dtype.kind not in "fc":
            raise TypeError(f"Quantities can only be made from numbers, not from {raw!r}.")
        obj = values.view(cls)
        obj.dim = found if dim is None else dim
        return obj

    def __array_finalize__(self, obj: Any) -> None:
        self.dim = getattr(obj, "dim", DIMENSIONLESS)

    # -- numpy protocols ---------------------------------------------------

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return ufuncs.apply_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        return numpy_functions.apply_function(func, args, kwargs)

    # -- construction helpers --------------------------------------------

    @classmethod
    def with_dimensions(
        cls, value: Any, dim: Dimension | None = None, **exponents: float
    ) -> Quantity:
        """A quantity from SI values and a dimension.

        Parameters
        ----------
        value : number or array
            Values in SI units.
        dim : Dimension, optional
            The dimension.  Alternatively give exponents by keyword, with
            base-unit symbols or names: ``m=1, s=-1`` or ``metre=1, second=-1``.

        Examples
        --------
        >>> Quantity.with_dimensions(2, m=1, s=-1)
        2. * metre * second ** -1
        """
        if exponents:
            order = {s: i for i, s in enumerate(BASE_SYMBOLS)}
            order.update({n: i for i, n in enumerate(BASE_NAMES)})
            powers = [0.0] * 7
            for key, power in exponents.items():
                if key not in order:
                    raise TypeError(
                        f"with_dimensions() got an unknown base unit {key!r}; use one of "
                        f"{', '.join(BASE_SYMBOLS)} or {', '.join(BASE_NAMES)}."
                    )
                powers[order[key]] = power
            extra = Dimension(tuple(powers))
            dim = extra if dim is None else dim * extra
        return cls(value, dim=DIMENSIONLESS if dim is None else dim)

    # -- dimension queries -------------------------------------------------

    @property
    def dimensions(self) -> Dimension:
        """The physical dimension (same as ``.dim``)."""
        return self.dim

    @property
    def is_dimensionless(self) -> bool:
        """True when the quantity has no physical dimension."""
        return self.dim.is_dimensionless

    def has_same_dimensions(self, other: Any) -> bool:
        """Whether ``other`` has the same dimension as this quantity."""
        return dimension_of(other) == self.dim

    # -- indexing ----------------------------------------------------------

    def __getitem__(self, key):
        return wrap(self.view(np.ndarray)[strip(key)], self.dim)

    def __setitem__(self, key, value) -> None:
        ufuncs.check_assignment(self, value)
        self.view(np.ndarray)[strip(key)] = strip(coerce_operand(value))

    def __iter__(self):
        if self.ndim == 0:  # raised by iter() itself, as for arrays (np.iterable relies on it)
            raise TypeError("iteration over a 0-d quantity")
        return (self[i] for i in range(len(self)))

    def item(self, *args) -> Quantity:
        """One element, as a 0-d quantity."""
        return wrap(self.view(np.ndarray).item(*args), self.dim)

    def tolist(self) -> Any:
        """Nested lists of 0-d quantities."""
        if self.ndim == 0:
            return self.item()
        return [x.tolist() for x in self]

    def fill(self, value) -> None:
        """Set every element to ``value`` (which must have the same unit)."""
        ufuncs.check_assignment(self, value, "store {value} in")
        self.view(np.ndarray).fill(strip(value))

    def put(self, indices, values, mode="raise") -> None:
        """Set elements at flat ``indices`` (values must have the same unit)."""
        ufuncs.check_assignment(self, values, "store {value} in")
        self.view(np.ndarray).put(indices, strip(values), mode)

    # -- methods that numpy implements through reductions ------------------
    # ndarray's own versions would call ufuncs on partial results; route them
    # through the numpy function rules instead, so each rule exists once.

    def sum(self, *args, **kwargs):
        return np.sum(self, *args, **kwargs)

    def mean(self, *args, **kwargs):
        return np.mean(self, *args, **kwargs)

    def std(self, *args, **kwargs):
        return np.std(self, *args, **kwargs)

    def var(self, *args, **kwargs):
        return np.var(self, *args, **kwargs)

    def min(self, *args, **kwargs):
        return np.min(self, *args, **kwargs)

    def max(self, *args, **kwargs):
        return np.max(self, *args, **kwargs)

    def prod(self, *args, **kwargs):
        return np.prod(self, *args, **kwargs)

    def cumsum(self, *args, **kwargs):
        return np.cumsum(self, *args, **kwargs)

    def cumprod(self, *args, **kwargs):
        return np.cumprod(self, *args, **kwargs)

    def round(self, decimals: int = 0, out=None):
        return np.round(self, decimals, out)

    def __round__(self, ndigits: int | None = None):
        return np.round(self, 0 if ndigits is None else ndigits)

    def clip(self, min=None, max=None, out=None, **kwargs):  # numpy's argument names
        return np.clip(self, min, max, out=out, **kwargs)

    def dot(self, b, out=None):
        return np.dot(self, b, out)

    def trace(self, *args, **kwargs):
        return np.trace(self, *args, **kwargs)

    def searchsorted(self, v, side="left", sorter=None):
        return np.searchsorted(self, v, side, sorter)

    def argsort(self, *args, **kwargs):
        return np.argsort(self.view(np.ndarray), *args, **kwargs)

    def argpartition(self, *args, **kwargs):
        return np.argpartition(self.view(np.ndarray), *args, **kwargs)

    # -- conversion and printing -------------------------------------------

    def in_unit(self, unit: Quantity, precision: int | None = None) -> str:
        """The values written in ``unit``: ``(3*mV).in_unit(mV)`` is ``'3. mV'``."""
        unit_dim = dimension_of(unit)
        if unit_dim != self.dim:
            raise mismatch_error(
                f"Cannot express {self} in {getattr(unit, 'dispname', unit)}",
                (self.dim, unit_dim),
            )
        return formatting.values_in_unit(
            self.view(np.ndarray), float(unit), getattr(unit, "dispname", ""), precision
        )

    def get_best_unit(self):
        """The unit this quantity is printed in."""
        from .unitnames import best_unit_object  # unit names are built on Quantity

        return best_unit_object(self.view(np.ndarray), self.dim)

    def in_best_unit(self, precision: int | None = None) -> str:
        """The values written in the unit chosen for display: ``'315.7 pA'``."""
        return self.in_unit(self.get_best_unit(), precision)

    def __repr__(self) -> str:
        return formatting.quantity_repr(self.view(np.ndarray), self.dim)

    def __str__(self) -> str:
        return formatting.quantity_str(self.view(np.ndarray), self.dim)

    def __format__(self, spec: str) -> str:
        # Brian 2: no format spec prints with the unit; a spec formats the SI value
        if not spec:
            return str(self)
        return format(self.view(np.ndarray), spec)

    def _repr_latex_(self) -> str:
        return formatting.quantity_latex(self.view(np.ndarray), self.dim)

    def __reduce__(self):
        return (wrap, (self.view(np.ndarray).copy(), self.dim))

    def __deepcopy__(self, memo):
        return wrap(self.view(np.ndarray).copy(), self.dim)
