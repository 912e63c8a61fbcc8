"""PoissonInput: many independent Poisson inputs added straight to a variable.

Instead of N presynaptic Poisson neurons and a Synapses object, each element
of the target receives, every step, ``k*weight`` where k is the number of
inputs that fired: a draw from Binomial(N, rate*dt) (Brian 2's semantics,
including its normal approximation when both N*p and N*(1 - p) exceed 5).
N, the rate and the weight are kernel arguments, not constants in the code.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..errors import InvalidParameterError, UnitMismatchError, UnknownIdentifierError
from ..groups.regular import CodeRunner
from ..parsing.ir import Assign, BinOp, Call, Name
from ..units import Quantity, get_dimensions
from ..units.dimensions import Dimension

__all__ = ["PoissonInput"]

_HZ = Dimension((0, 0, -1, 0, 0, 0, 0))


def _fmt(dim: Dimension) -> str:
    from ..units.formatting import format_dimension

    return format_dimension(dim)


class PoissonInput(CodeRunner):
    """Add independent Poisson input to a variable of every element of a group.

    Parameters
    ----------
    target : NeuronGroup or Subgroup
        The group receiving the input.
    target_var : str
        The variable the input is added to (e.g. ``'v'`` or ``'ge'``).
    N : int
        The number of inputs per element.
    rate : Quantity
        The rate of each input.
    weight : Quantity or str
        What one input spike adds to ``target_var`` (in its units); a string
        is an expression evaluated for each element.
    when : str
        Schedule slot (default ``'synapses'``).
    order : int
        Order within the slot.

    Examples
    --------
    >>> from brianlab import NeuronGroup, Hz, mV, ms
    >>> G = NeuronGroup(10, 'dv/dt = -v/(10*ms) : volt')
    >>> P = PoissonInput(G, 'v', N=1000, rate=5*Hz, weight=0.1*mV)
    """

    _base_name = "poissoninput"

    def __init__(
        self, target, target_var: str, N: int, rate, weight, when: str = "synapses", order: int = 0
    ) -> None:
        var = target.variables.get(target_var)
        if var is None or target_var.startswith("_"):
            names = [n for n in target.variables if not n.startswith("_")]
            raise UnknownIdentifierError(
                f"PoissonInput: '{target_var}' is not a variable of {target.name} "
                f"(variables: {', '.join(names)}).",
                None,
            )
        if var.role == "subexpression" or var.read_only or var.dtype != "float":
            why = "it is defined by an equation" if var.role == "subexpression" else "read-only"
            raise InvalidParameterError(
                f"PoissonInput cannot add to '{target_var}' of {target.name}: "
                + (why if var.dtype == "float" else f"it is a {var.dtype} variable")
                + ".",
                "Add the input to a state variable or parameter, e.g. 'v' or 'ge'.",
            )
        if isinstance(N, bool) or not isinstance(N, numbers.Integral) or N < 1:
            raise InvalidParameterError(
                f"PoissonInput: N is the number of inputs and must be a positive whole number; "
                f"got {N!r}.",
                None,
            )
        if get_dimensions(rate) != _HZ or getattr(rate, "shape", ()) not in ((), (1,)):
            raise UnitMismatchError(
                f"PoissonInput: rate must be a single rate such as 10*Hz; got {rate!r}.",
                None,
                _HZ,
                get_dimensions(rate),
            )
        rate_hz = float(np.asarray(rate))
        if not (math.isfinite(rate_hz) and rate_hz >= 0):
            raise InvalidParameterError(
                f"PoissonInput: rate must be finite and not negative; got {rate}.", None
            )
        if isinstance(weight, str):
            weight_expr = target.parse_checked(
                weight, what="PoissonInput weight", expect_dim=var.dim
            )
        else:
            if get_dimensions(weight) != var.dim:
                raise UnitMismatchError(
                    f"PoissonInput: the weight {weight} is in {_fmt(get_dimensions(weight))}, "
                    f"but '{target_var}' of {target.name} is in {_fmt(var.dim)}.",
                    "Give the weight the units of the target variable.",
                    var.dim,
                    get_dimensions(weight),
                )
            weight_expr = Name("_poisson_w")
        draw = Call("_binomial", (Name("_poisson_n"), Name("_poisson_p")))
        statement = Assign(target_var, "+=", BinOp("*", draw, weight_expr))
        super().__init__(target, [statement], when=when, order=order, name=None)
        self.target = target
        self.target_var = target_var
        self._n = int(N)
        self._rate = rate_hz
        self._weight = weight

    @property
    def N(self) -> int:
        """The number of inputs per element."""
        return self._n

    @property
    def rate(self) -> Quantity:
        """The rate of each input."""
        return Quantity(self._rate, dim=_HZ)

    @property
    def weight(self):
        """What one input spike adds (a quantity or an expression)."""
        return self._weight

    def _probability(self) -> float:
        return self._rate * self.clock.dt_

    def _prefix(self, ctx) -> list[str]:
        key = id(self)
        lines = [
            f"_poisson_n = {ctx.scalar((key, 'N'), lambda: self._n)}",
            f"_poisson_p = {ctx.scalar((key, 'p'), self._probability)}",
        ]
        if not isinstance(self._weight, str):
            weight = float(np.asarray(self._weight))
            lines.append(f"_poisson_w = {ctx.scalar((key, 'w'), lambda: weight)}")
        return lines

    def before_run(self, run) -> None:
        super().before_run(run)
        p = self._probability()
        if p > 1:
            raise InvalidParameterError(
                f"{self.name}: the probability of an input spike per step, rate*dt = "
                f"{self.rate}*{self.clock.dt} = {p:g}, is above 1.",
                "Use a lower rate or a smaller dt.",
            )

    def __repr__(self) -> str:
        return (
            f"PoissonInput({self.target.name!r}, {self.target_var!r}, N={self._n}, "
            f"rate={self.rate!r}, weight={self._weight!r})"
        )
