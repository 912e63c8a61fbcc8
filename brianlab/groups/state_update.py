"""The per-step update of a group: refractoriness, then the integration method.

The statements are derived once per model and method and cached, in memory
and on disk (symbolic integration with sympy is the slow part of building a
model; a re-run, a new process or a restarted kernel reuses the result).
Sub-expressions they compute more than once (the rates of a Hodgkin–Huxley
channel in ``A`` and ``B`` of ``exponential_euler`` …) are computed once, into
temporaries (:mod:`brianlab.codegen.cse`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..codegen.cse import eliminate_common_subexpressions
from ..codegen.linear import exact_single_linear
from ..config import config
from ..errors import InvalidParameterError
from ..parsing.ir import Assign, BinOp, BoolOp, Call, Compare, Name, Num, UnaryOp
from ..units.dimensions import Dimension

__all__ = ["StateUpdate", "state_update_statements"]

logger = logging.getLogger("brianlab.stateupdaters")

_TIME = Dimension((0, 0, 1, 0, 0, 0, 0))
_memo: dict = {}


@dataclass(frozen=True)
class StateUpdate:
    """The chosen method and the statements of one step for one element."""

    method: str
    statements: list


def _cache_path(key: str) -> Path:
    return Path(config.cache_dir) / "stateupdates" / f"{key}.pickle"


def _integrators():
    # imported on first use: sympy (used by 'exact') takes a third of a second
    from ..codegen import integrators

    return integrators


def _integrate_cached(diffs: tuple, method: str) -> tuple[str, list]:
    key_text = repr((diffs, method, 2))
    key = hashlib.sha256(key_text.encode()).hexdigest()[:32]
    if key in _memo:
        return _memo[key]
    path = _cache_path(key)
    result = None
    try:
        with open(path, "rb") as handle:
            stored_text, result = pickle.load(handle)
        if stored_text != key_text:
            result = None
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        result = None
    if result is None:
        chosen = method
        choose_method, integrate = _integrators().choose_method, _integrators().integrate
        if method == "auto":
            start = time.perf_counter()
            chosen = choose_method(list(diffs))
            result = (chosen, integrate(list(diffs), chosen), time.perf_counter() - start)
        else:
            result = (chosen, integrate(list(diffs), chosen), 0.0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key_text, result), handle)
            os.replace(tmp, path)
        except OSError:
            pass
    _memo[key] = result
    return result


def _refractory_statement(group) -> Assign | None:
    if "not_refractory" not in group.variables:
        return None
    if group._refractory_condition is not None:
        # stays refractory while the condition holds (Brian 2's semantics)
        value = BoolOp("or", (Name("not_refractory"), UnaryOp("not", group._refractory_condition)))
        return Assign("not_refractory", "=", value)
    # Brian 2's rule, timestep(t - lastspike, dt) >= timestep(refractory, dt), with
    # whole steps counted as int((x + 1e-3*dt)/dt).  Since the right side is a
    # whole number R, it is the same as t - lastspike >= (R - 1e-3)*dt: no
    # division per neuron, and the right side is computed once per step.
    period = Call("timestep", (group._refractory_expr, Name("dt")))
    bound = BinOp("*", BinOp("-", period, Num(0.001)), Name("dt"))
    since = BinOp("-", Name("t"), Name("lastspike"))
    return Assign("not_refractory", "=", Compare(">=", since, bound))


def _single_linear(group, equations, method) -> list[Assign] | None:
    """The sympy-free exact update of a single linear equation, if it applies."""
    if not (
        method is None
        or method in ("exact", "linear")
        or isinstance(method, (tuple, list))
        and method
        and method[0] in ("exact", "linear")
    ):
        return None
    diff = [eq for eq in equations if eq.kind == "differential equation"]
    if len(diff) != 1:
        return None
    eq = diff[0]
    statements = exact_single_linear(eq.name, group.expand(eq.expr))
    if statements is None:
        return None
    if "unless refractory" in eq.flags and "not_refractory" in group.variables:
        last = statements[-1]
        statements[-1] = Assign(
            last.target, last.op, last.value, last.line, Name("not_refractory")
        )
    return statements


def state_update_statements(group, method, equations=None) -> StateUpdate:
    """Choose the method and build the update statements of ``group``.

    Parameters
    ----------
    group : NeuronGroup
        The group (its equations are already parsed and unit-checked).
    method : str, tuple or None
        The requested method; None (or a tuple of candidates) chooses.
    equations : list of SingleEquation, optional
        The equations to integrate (default: all of the group's).
    """
    update = _state_update(group, method, equations)
    return StateUpdate(update.method, eliminate_common_subexpressions(update.statements))


def _state_update(group, method, equations) -> StateUpdate:
    """:func:`state_update_statements` before common subexpressions are shared."""
    equations = list(group.equations.values()) if equations is None else list(equations)
    diffs = []
    for eq in equations:
        if eq.kind != "differential equation":
            continue
        rhs = group.expand(eq.expr)
        if "unless refractory" in eq.flags and "not_refractory" in group.variables:
            rhs = BinOp("*", rhs, Call("int", (Name("not_refractory"),)))
        diffs.append((eq.name, rhs))
    diffs = tuple(diffs)
    fast = _single_linear(group, equations, method)
    prefix = []
    refractory = _refractory_statement(group)
    if refractory is not None:
        prefix.append(refractory)
    for eq in equations:
        if eq.kind == "subexpression" and "constant over dt" in eq.flags:
            prefix.append(Assign(eq.name, "=", group.expand(eq.expr)))
    if not diffs:
        return StateUpdate("none", prefix)
    if fast is not None:
        if method is None:
            logger.info(
                "No numerical integration method specified for group '%s', using method "
                "'exact' (took 0.00s).",
                group.name,
            )
        return StateUpdate("exact", prefix + fast)
    if method is None or isinstance(method, (tuple, list)):
        if isinstance(method, (tuple, list)):
            chosen = _integrators().choose_method(list(diffs), candidates=tuple(method))
            _, statements, _ = _integrate_cached(diffs, chosen)
        else:
            chosen, statements, took = _integrate_cached(diffs, "auto")
            logger.info(
                "No numerical integration method specified for group '%s', using method "
                "'%s' (took %.2fs).",
                group.name,
                chosen,
                took,
            )
        return StateUpdate(chosen, prefix + list(statements))
    if not isinstance(method, str):
        raise InvalidParameterError(
            f"method must be the name of an integration method, not {type(method).__name__}.",
            f"Available: {', '.join(_integrators().METHODS)}.",
        )
    chosen, statements, _ = _integrate_cached(diffs, method)
    return StateUpdate(chosen, prefix + list(statements))
