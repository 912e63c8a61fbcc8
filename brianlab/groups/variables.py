"""Variables of a group and the views learners read and write them through.

A :class:`Variable` owns its storage (a numpy array in SI units) or, for a
subexpression, its defining expression.  ``G.v`` returns a
:class:`VariableView`: it reads like a Quantity array (``G.v[0]``,
``G.v / mV``, ``mean(G.v)``) and writes with unit checks
(``G.v[:5] = -70*mV``, ``G.v = 'E_L + rand()*5*mV'``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InvalidParameterError, UnitMismatchError
from ..parsing.ir import Expr
from ..units import Quantity, get_dimensions
from ..units.dimensions import Dimension

__all__ = ["Variable", "VariableView", "as_values"]

_DTYPES = {"float": np.float64, "integer": np.int32, "boolean": np.bool_}


@dataclass(eq=False)
class Variable:
    """One named variable of a group.

    Attributes
    ----------
    name : str
        The name learners use.
    dim : Dimension
        Its physical dimension.
    dtype : str
        ``'float'``, ``'integer'`` or ``'boolean'``.
    role : str
        ``'state'`` (a differential equation), ``'parameter'``,
        ``'subexpression'`` or ``'internal'`` (``lastspike``, …).
    array : numpy.ndarray or None
        The values in SI units (None for subexpressions).
    expr : Expr or None
        The definition of a subexpression.
    shared : bool
        One value for the whole group.
    constant : bool
        Cannot change during a run.
    read_only : bool
        Cannot be assigned by the learner.
    """

    name: str
    dim: Dimension
    dtype: str = "float"
    role: str = "parameter"
    array: np.ndarray | None = None
    expr: Expr | None = None
    shared: bool = False
    constant: bool = False
    read_only: bool = False

    @staticmethod
    def allocate(size: int, dtype: str, fill=0) -> np.ndarray:
        """A new array for a variable."""
        return np.full(size, fill, dtype=_DTYPES[dtype])


def as_values(value, var: Variable, group_name: str) -> np.ndarray:
    """Check ``value``'s units against ``var`` and return plain SI numbers."""
    from ..units.formatting import format_dimension

    dim = get_dimensions(value)
    if var.dtype == "boolean":
        return np.asarray(value, dtype=bool)
    if dim != var.dim:
        want = format_dimension(var.dim)
        if dim.is_dimensionless and not var.dim.is_dimensionless:
            from ..units.formatting import example_unit_name

            unit = example_unit_name(var.dim)
            numbers = np.asarray(value)
            if numbers.size == 1:
                shown = example = f"{numbers.item()}"
            elif numbers.size <= 5:
                shown = example = f"{numbers.tolist()}"
            else:
                shown, example = "an array of plain numbers", "values"
            hint = f"Give it units, e.g. {example}*{unit}."
            raise UnitMismatchError(
                f"{group_name}.{var.name} is in {want}, but {shown} has no unit.",
                hint,
                var.dim,
                dim,
            )
        raise UnitMismatchError(
            f"{var.name} should be set with a value in {want}, but got {value} "
            f"(in {format_dimension(dim)}).",
            None,
            var.dim,
            dim,
        )
    return np.asarray(value, dtype=float) if var.dtype == "float" else np.asarray(value)


class VariableView:
    """The learner's handle on one variable of a group (``G.v``).

    Reading gives Quantities in SI units; assigning checks units, and accepts
    strings that are evaluated per neuron by generated code.
    """

    __slots__ = ("group", "var", "indices")

    def __init__(self, group, var: Variable, indices: np.ndarray | slice) -> None:
        self.group = group
        self.var = var
        self.indices = indices

    # reading ------------------------------------------------------------
    def get_values(self) -> np.ndarray:
        """The plain SI values (a copy for subexpressions, else a copy too)."""
        return self.group._read(self.var, self.indices)

    def get_item(self, item):
        """Values at ``item`` (indices relative to this view), with units."""
        if self.var.shared:
            values = self.get_values()
        elif isinstance(item, (str, tuple)):
            idx = self.group._item_indices(item, self.indices)
            values = self.group._read(self.var, idx)
        else:
            values = self.get_values()[item]
        return self._wrap(values)

    def _wrap(self, values):
        if self.var.dtype != "float" or self.var.dim.is_dimensionless:
            return values
        return Quantity(values, dim=self.var.dim)

    def __getitem__(self, item):
        return self.get_item(item)

    def __array__(self, dtype=None, copy=None):
        values = self.get_values()
        return values if dtype is None else values.astype(dtype)

    def as_quantity(self):
        """The values as a Quantity (a plain array for dimensionless variables)."""
        return self._wrap(self.get_values())

    # writing ------------------------------------------------------------
    def __setitem__(self, item, value) -> None:
        self.group._assign(self.var, self.indices, item, value)

    def set_item(self, item, value) -> None:
        """Assign ``value`` at ``item`` (same as ``view[item] = value``)."""
        self.__setitem__(item, value)

    # behaving like the Quantity array it shows ---------------------------
    def __len__(self) -> int:
        return len(self.get_values())

    def __iter__(self):
        return iter(self.as_quantity())

    def __getattr__(self, name: str):
        # notebooks show a variable as Brian 2 does, by its repr (no LaTeX/HTML)
        if name.startswith(("__", "_repr_", "_ipython_")):
            raise AttributeError(name)
        return getattr(self.as_quantity(), name)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        inputs = tuple(x.as_quantity() if isinstance(x, VariableView) else x for x in inputs)
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        def convert(x):
            if isinstance(x, VariableView):
                return x.as_quantity()
            if isinstance(x, (list, tuple)):
                return type(x)(convert(y) for y in x)
            return x

        return func(*convert(args), **convert(kwargs))

    def __float__(self) -> float:
        return float(self.as_quantity())

    def __int__(self) -> int:
        return int(self.as_quantity())

    def __bool__(self) -> bool:
        return bool(self.as_quantity())

    def __format__(self, spec: str) -> str:
        return format(self.as_quantity(), spec)

    def __repr__(self) -> str:
        values = self.as_quantity()
        return f"<{self.group.name}.{self.var.name}: {values!r}>"

    def __str__(self) -> str:
        return str(self.as_quantity())


def _binary(name: str):
    def method(self, other):
        if isinstance(other, VariableView):
            other = other.as_quantity()
        return getattr(self.as_quantity(), name)(other)

    method.__name__ = name
    return method


for _op in (
    "__add__ __radd__ __sub__ __rsub__ __mul__ __rmul__ __truediv__ __rtruediv__ "
    "__floordiv__ __rfloordiv__ __mod__ __rmod__ __pow__ __rpow__ __lt__ __le__ __gt__ "
    "__ge__ __eq__ __ne__ __neg__ __pos__ __abs__"
).split():
    if _op in ("__neg__", "__pos__", "__abs__"):
        setattr(VariableView, _op, lambda self, _n=_op: getattr(self.as_quantity(), _n)())
    else:
        setattr(VariableView, _op, _binary(_op))


def check_index_range(indices: np.ndarray, size: int, group_name: str) -> None:
    """Refuse indices outside ``0 .. size-1``."""
    if indices.size and (indices.min() < -size or indices.max() >= size):
        raise InvalidParameterError(
            f"indices outside the range [0, {size - 1}] allowed for '{group_name}'.", None
        )
