"""The model from the editor as a runnable Brian 2 script ("Show as Brian 2 code").

The script is what a learner would write by hand: parameters with units,
the equations string, the NeuronGroup, initial values, monitors, ``run`` and
a plot.  It is the way to take a model to Brian 2's compiled, GPU and
cluster back ends.  Values are written in the units a course uses
(``-70*mV``), with enough digits to give the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...units import Quantity
from .editor import external_names
from .parameters import display_unit, format_quantity, is_parameter_value
from .simulation import ModelSpec

__all__ = ["brian2_script"]


def brian2_script(
    spec: ModelSpec,
    namespace: Mapping,
    *,
    N: int = 1,
    duration: Quantity | None = None,
    record: Sequence[str] | None = None,
    initial: Mapping | None = None,
    dt: Quantity | None = None,
    results: bool = False,
) -> str:
    """The source of a Brian 2 script simulating ``spec``.

    Parameters
    ----------
    spec : ModelSpec
        The model.
    namespace : mapping
        Values of its external names (only the names the model uses are written).
    N : int
        Number of neurons.
    duration : Quantity
        Simulated time (default 100 ms).
    record : sequence of str, optional
        Variables to record and plot (default: the first state variable).
    initial : mapping, optional
        Initial values (quantities or strings such as ``'E_L'``).
    dt : Quantity, optional
        The time step, if not Brian's default.
    results : bool
        Print the spike count and the last recorded values at the end instead
        of plotting (used to compare the script's numbers with brianlab's).

    Returns
    -------
    str
        The script, starting with ``from brian2 import *``.
    """
    from ...equations.equations import Equations
    from ...units import ms

    duration = 100 * ms if duration is None else duration
    equations = Equations(spec.equations)
    if record is None:
        record = equations.diff_eq_names[:1]
    lines = ["from brian2 import *", ""]
    if dt is not None:
        lines += [f"defaultclock.dt = {format_quantity(dt)}", ""]
    params = [name for name in external_names(spec) if name in namespace]
    if params:
        lines.append("# parameters")
        for name in params:
            value = namespace[name]
            if is_parameter_value(value):
                lines.append(f"{name} = {format_quantity(value)}")
        lines.append("")
    lines.append("eqs = '''")
    lines += [line.rstrip() for line in spec.equations.strip("\n").split("\n")]
    lines.append("'''")
    args = [str(N), "eqs"]
    if spec.threshold:
        args.append(f"threshold={spec.threshold.strip()!r}")
    if spec.reset:
        args.append(f"reset={spec.reset.strip()!r}")
    if spec.refractory is not False and spec.refractory is not None:
        refractory = spec.refractory
        shown = (
            repr(refractory.strip())
            if isinstance(refractory, str)
            else format_quantity(refractory)
        )
        args.append(f"refractory={shown}")
    if spec.method:
        args.append(f"method={spec.method!r}")
    lines.append(f"G = NeuronGroup({', '.join(args)})")
    for name, value in (initial or {}).items():
        shown = repr(value) if isinstance(value, str) else format_quantity(value)
        lines.append(f"G.{name} = {shown}")
    if record:
        lines.append(f"M = StateMonitor(G, {list(record)!r}, record=True)")
    if spec.threshold:
        lines.append("S = SpikeMonitor(G)")
    lines += ["", f"run({format_quantity(duration)})", ""]
    if results:
        if spec.threshold:
            lines.append("print('spikes', S.num_spikes)")
        for var in record:
            lines.append(f"print({var!r}, repr(float(M.{var}_[0, -1])))")
        return "\n".join(lines) + "\n"
    for var in record:
        var_dim = equations[var].dim
        unit, _ = display_unit(var_dim)
        scaled = f"M.{var}[0]/{unit}" if unit else f"M.{var}[0]"
        label = f"{var} ({unit})" if unit else var
        lines += [
            "figure()",
            f"plot(M.t/ms, {scaled})",
            "xlabel('time (ms)')",
            f"ylabel({label!r})",
        ]
    lines.append("show()")
    return "\n".join(lines) + "\n"
