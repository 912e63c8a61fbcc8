"""PoissonGroup: independent Poisson spike trains.

Each step, each neuron spikes with probability ``rates*dt`` (one uniform
draw, Brian 2's Bernoulli approximation): the inter-spike intervals are
geometric on the dt grid.  ``rates`` is a per-neuron variable (readable and
settable, ``P.rates = 20*Hz``) or, when given as a string, an expression of
``t``, ``i`` and external constants (also TimedArrays), recomputed every step
and read-only, as in Brian 2.
"""

from __future__ import annotations

import numpy as np

from ..codegen.network_kernel import Block
from ..errors import InvalidParameterError
from ..groups.neurongroup import SpikingGroup, _check_size
from ..groups.variables import Variable
from ..parsing.ir import BinOp, Call, Compare, Name
from ..units.dimensions import Dimension

__all__ = ["PoissonGroup"]

_HZ = Dimension((0, 0, -1, 0, 0, 0, 0))


class PoissonGroup(SpikingGroup):
    """A group of neurons firing as independent Poisson processes.

    Parameters
    ----------
    N : int
        Number of neurons.
    rates : Quantity or str
        The rate of each neuron (a scalar or one value per neuron, in Hz),
        or an expression such as ``'(10 + 5*i)*Hz'`` or
        ``'stimulus(t)'``.
    dt : Quantity, optional
        Own time step.
    clock : Clock, optional
        Own clock.
    when : str
        Schedule slot (default ``'thresholds'``).
    order : int
        Order within the slot.
    namespace : dict, optional
        Values for the external names of a ``rates`` expression.
    name : str, optional
        Unique name.

    Examples
    --------
    >>> from brianlab import Hz
    >>> P = PoissonGroup(100, rates=20*Hz)
    >>> P.rates[0]
    20. * hertz
    """

    _base_name = "poissongroup"

    def __init__(
        self,
        N: int,
        rates,
        dt=None,
        clock=None,
        when: str = "thresholds",
        order: int = 0,
        namespace: dict | None = None,
        name: str | None = None,
        codeobj_class=None,
    ) -> None:
        n = _check_size(N, "PoissonGroup")
        super().__init__(
            dt=dt, clock=clock, when=when, order=order, name=name, namespace=namespace, level=1
        )
        self.N = n
        self._spikespace = np.zeros(n + 1, dtype=np.int32)
        self._rates = rates
        if isinstance(rates, str):
            expr = self.parse_checked(rates, what="PoissonGroup rates", expect_dim=_HZ)
            self.variables["rates"] = Variable("rates", _HZ, role="subexpression", expr=expr)
        else:
            self.variables["rates"] = Variable("rates", _HZ, array=np.zeros(n))
            self.rates = rates
            lowest = self.variables["rates"].array.min()
            if lowest < 0:
                raise InvalidParameterError(
                    f"{self.name}: rates must not be negative; got {lowest:g} Hz.", None
                )

    def build_code(self, ctx) -> None:
        space = ctx.array((id(self), "spikespace"), lambda: self._spikespace)
        spikes = self.expand(Compare("<", Call("rand", ()), BinOp("*", Name("rates"), Name("dt"))))
        lines = self.element_loop(
            ctx,
            [],
            prefix=["_ns = 0"],
            condition=spikes,
            on_true=[f"{space}[_ns] = _idx", "_ns += 1"],
        )
        lines.append(f"{space}[{self.N}] = _ns")
        ctx.add_block(Block(self.schedule_key(), lines, ctx.every(self), "PoissonGroup"))

    def __repr__(self) -> str:
        return f"PoissonGroup({self.N}, rates={self._rates!r})"
