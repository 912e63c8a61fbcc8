"""Building the (i, j) pairs of a ``connect()`` call.

Explicit indices and all-to-all use numpy.  Conditions, probabilities and
``j`` expressions/generators are checked for units, rendered from IR into a
small generated kernel (compiled with the same cache as everything else),
and run over the candidate pairs; the kernel grows its output arrays itself,
so memory follows the number of synapses actually made.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ..codegen.compiler import compile_kernel
from ..codegen.network_kernel import KernelBuilder, indent, render_expression
from ..codegen.runtime import python_random_state, use_random_stream
from ..config import config
from ..errors import EquationSyntaxError, InvalidParameterError, ResourceLimitError
from ..groups.group import _calls
from ..parsing.expressions import parse_expression
from ..parsing.ir import Expr, names_in
from ..parsing.unitcheck import Symbol, infer
from ..units.dimensions import DIMENSIONLESS
from .connect import parse_generator

__all__ = ["build_pairs"]


def _as_indices(values, size: int, what: str) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values))
    if arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise InvalidParameterError(f"{what} indices must be whole numbers.", None)
    if arr.size and (arr.min() < 0 or arr.max() >= size):
        raise InvalidParameterError(
            f"{what} indices must be between 0 and {size - 1}; got values from "
            f"{arr.min()} to {arr.max()}.",
            None,
        )
    return arr.astype(np.int64)


def _check_expected(S, expected: float) -> None:
    limit = config.limits.max_synapses
    if expected > limit:
        raise ResourceLimitError(
            f"connect() on {S.name} would create about {expected:,.0f} synapses "
            f"({S.N_pre:,} x {S.N_post:,} pairs); at ~{8 + 8 * len(S.variables)} bytes each "
            f"that is {expected * (8 + 8 * len(S.variables)) / 1e9:.3g} GB. brianlab's limit "
            f"is {limit:,} synapses (brianlab.config.limits.max_synapses).",
            "Use a smaller connection probability p, fewer neurons, or a condition.",
        )


def build_pairs(S, condition, i, j, p, n, skip_if_invalid):
    """The new synapses' presynaptic and postsynaptic indices."""
    explicit = i is not None and not isinstance(i, str)
    if explicit or (j is not None and not isinstance(j, str)):
        if condition is not None or not (isinstance(p, numbers.Real) and p == 1):
            raise InvalidParameterError(
                "give either explicit i/j indices or a condition/p, not both.", None
            )
        if i is None or j is None:
            raise InvalidParameterError(
                "explicit connections need both i and j, e.g. connect(i=0, j=[1, 2]).", None
            )
        ii = _as_indices(i, S.N_pre, "presynaptic")
        jj = _as_indices(j, S.N_post, "postsynaptic")
        ii, jj = np.broadcast_arrays(ii, jj)
        if not isinstance(n, numbers.Integral):
            raise InvalidParameterError("with explicit indices, n must be a number.", None)
        return np.repeat(ii, n), np.repeat(jj, n)
    if isinstance(i, str):
        raise InvalidParameterError(
            "connect(i='...') is not supported; give j as an expression of i instead.", None
        )
    if (
        condition is None
        and j is None
        and isinstance(p, numbers.Real)
        and isinstance(n, numbers.Integral)
    ):
        _check_expected(S, S.N_pre * S.N_post * p * n)
        if p == 1:
            ii = np.repeat(np.arange(S.N_pre), S.N_post)
            jj = np.tile(np.arange(S.N_post), S.N_pre)
            return np.repeat(ii, n), np.repeat(jj, n)
    elif condition is None and j is None and isinstance(p, numbers.Real):
        _check_expected(S, S.N_pre * S.N_post * p)
    return _generated_pairs(S, condition, j, p, n, skip_if_invalid)


class _ConnectScope:
    """Name resolution for connect() strings: i, j, x_pre, x_post, externals."""

    def __init__(self, S, loop_var: str | None) -> None:
        self.S = S
        self.loop_var = loop_var

    def resolve(self, name, node):
        if name == self.loop_var:
            return Symbol(DIMENSIONLESS, "integer", role="special")
        if name in ("i", "j", "N_pre", "N_post"):
            return Symbol(DIMENSIONLESS, "integer", role="special")
        if name in self.S.variables and name not in ("i", "j"):
            raise EquationSyntaxError(
                f"'{name}' is a synaptic variable, which does not exist before the synapse "
                "is created.",
                "Conditions may use i, j, and neuron variables with _pre/_post.",
            )
        return self.S.resolve(name, node)


def _check(S, text, expr, scope, *, boolean=False, what):
    dim, kind = infer(expr, scope.resolve, source=text, line=1)
    if boolean and kind != "boolean":
        raise EquationSyntaxError(
            f"the {what} '{text}' is not a condition.",
            "Compare something, e.g. 'i != j'.",
            source=text,
        )
    if not boolean and not dim.is_dimensionless:
        raise EquationSyntaxError(f"the {what} '{text}' must be dimensionless.", None, source=text)


def _generated_pairs(S, condition, j, p, n, skip_if_invalid):
    gen = parse_generator(j) if isinstance(j, str) else None
    loop_var = gen.var if gen else None
    scope = _ConnectScope(S, loop_var)
    exprs: dict[str, Expr] = {}
    if condition is not None:
        if not isinstance(condition, str):
            raise TypeError("condition must be a string such as 'i != j'")
        exprs["cond"] = parse_expression(condition)
        _check(S, condition, exprs["cond"], scope, boolean=True, what="condition")
    if isinstance(p, str):
        exprs["p"] = parse_expression(p)
        _check(S, p, exprs["p"], scope, what="probability")
    if isinstance(n, str):
        exprs["n"] = parse_expression(n)
        _check(S, n, exprs["n"], scope, what="number of synapses")
    if gen is not None:
        exprs["j"] = gen.expr
        for k, arg in enumerate(gen.args):
            exprs[f"arg{k}"] = arg
        if gen.condition is not None:
            exprs["gencond"] = gen.condition
        if gen.kind == "sample":
            if gen.size is not None:
                raise InvalidParameterError(
                    "sample(..., size=...) is not supported by brianlab yet; use "
                    "sample(..., p=...) or connect(p=...).",
                    None,
                )
            exprs["samplep"] = gen.p
        for key, expr in exprs.items():
            if key in ("j", "gencond", "samplep") or key.startswith("arg"):
                _check(S, j, expr, scope, boolean=(key == "gencond"), what="j")
    elif isinstance(j, str):
        exprs["j"] = parse_expression(j)
        _check(S, j, exprs["j"], scope, what="j")

    ctx = KernelBuilder(dt=S.clock.dt_)
    names = {"i": "_ipre", "j": "_jpost", "N_pre": str(S.N_pre), "N_post": str(S.N_post)}
    if loop_var:
        names[loop_var] = "_gvar"
    loads_pre, loads_post = [], []
    used = set().union(*(names_in(e) for e in exprs.values()))
    for name in sorted(used - set(names)):
        access = None
        for suffix, root, start, index, loads in (
            ("_pre", S._src_root, S._src_start, "_ipre", loads_pre),
            ("_post", S._tgt_root, S._tgt_start, "_jpost", loads_post),
        ):
            base = name[: -len(suffix)] if name.endswith(suffix) else None
            if base and base in root.variables and root.variables[base].array is not None:
                var = root.variables[base]
                at = "0" if var.shared else (f"{index} + {start}" if start else index)
                loads.append(f"_u_{name} = {root.array_arg(ctx, base)}[{at}]")
                access = f"_u_{name}"
        if (
            access is None
            and name in S.target.variables
            and S.target.variables[name].array is not None
        ):
            var = S.target.variables[name]
            at = "0" if var.shared else (f"_jpost + {S._tgt_start}" if S._tgt_start else "_jpost")
            loads_post.append(f"_u_{name} = {S._tgt_root.array_arg(ctx, name)}[{at}]")
            access = f"_u_{name}"
        if access is None:
            code, _, _ = S.code_names(ctx, [_name_expr(name)], index="_none")
            access = code[name]
        names[name] = access
    calls = _calls()

    def r(key):
        return render_expression(exprs[key], names, calls)

    limit = ctx.scalar(("connect", "limit"), lambda: max(0, config.limits.max_synapses - S.N))
    emit = [
        f"if _n >= {limit}:",
        "    return _out_i[:0], _out_j[:0], np.int64(_n), np.int64(2)",
        "if _n >= _out_i.shape[0]:",
        "    _grow_i = np.empty(2 * _out_i.shape[0] + 16, np.int64)",
        "    _grow_j = np.empty(2 * _out_i.shape[0] + 16, np.int64)",
        "    _grow_i[:_n] = _out_i[:_n]",
        "    _grow_j[:_n] = _out_j[:_n]",
        "    _out_i = _grow_i",
        "    _out_j = _grow_j",
        "_out_i[_n] = _ipre",
        "_out_j[_n] = _jpost",
        "_n += 1",
    ]
    count = r("n") if "n" in exprs else str(int(n))
    make = [f"for _m in range({count}):"] + indent(emit)
    p_arg = None if "p" in exprs else ctx.scalar(("connect", "p"), lambda: float(p))
    if "p" in exprs:
        make = ["if _rand() < " + r("p") + ":"] + indent(make)
    elif p != 1:
        make = [f"if _rand() < {p_arg}:"] + indent(make)
    post_names = {"j"} | {
        name for name in used if name.endswith("_post") or name in S.target.variables
    }
    cond_uses_post = "cond" in exprs and bool(names_in(exprs["cond"]) & post_names)
    if "cond" in exprs and cond_uses_post:
        make = [f"if {r('cond')}:"] + indent(make)

    invalid = (
        [f"if _jpost < 0 or _jpost >= {S.N_post}:", "    continue"]
        if skip_if_invalid
        else [
            f"if _jpost < 0 or _jpost >= {S.N_post}:",
            "    return _out_i[:0], _out_j[:0], np.int64(_jpost), np.int64(1)",
        ]
    )
    skip_sampling = (
        gen is None and "j" not in exprs and "p" not in exprs and 0 < p < 1 and not cond_uses_post
    )
    if gen is not None:
        args = [r(f"arg{k}") for k in range(len(gen.args))]
        inner = [f"_jpost = np.int64({r('j')})", *invalid, *loads_post]
        body = inner + make
        if "gencond" in exprs:
            body = [f"if {r('gencond')}:"] + indent(body)
        if gen.kind == "sample":
            body = [f"if _rand() < {r('samplep')}:"] + indent(body)
        loop = [f"for _gvar in range({', '.join(args)}):"] + indent(body)
    elif "j" in exprs:
        loop = [f"_jpost = np.int64({r('j')})", *invalid, *loads_post, *make]
    elif skip_sampling:
        # draw the gaps between connected targets (geometric): work in
        # proportion to the synapses made, not to N_pre*N_post
        emit_n = [f"for _m in range({count}):"] + indent(emit)
        loop = [
            "_jpost = -1",
            "while True:",
            "    _jpost += 1 + np.int64(math.floor(math.log(1.0 - _rand()) / _logq))",
            f"    if _jpost >= {S.N_post}:",
            "        break",
            *indent(emit_n),
        ]
    else:
        loop = [f"for _jpost in range({S.N_post}):"] + indent(loads_post + make)
    if "cond" in exprs and not cond_uses_post:
        loop = [f"if {r('cond')}:"] + indent(loop)
    if skip_sampling and "n" not in exprs:
        rows = np.arange(S.N_pre, dtype=np.int64)
        if "cond" in exprs:
            rows = _rows_where(S, ctx, loads_pre, r("cond"), condition)
        return _sampled_pairs(S, rows, float(p), int(n))
    lines = [
        f"_out_i = np.empty({max(16, min(S.N_pre * S.N_post, 1 << 20))}, np.int64)",
        f"_out_j = np.empty({max(16, min(S.N_pre * S.N_post, 1 << 20))}, np.int64)",
        "_n = 0",
        *([f"_logq = math.log(1.0 - {p_arg})"] if skip_sampling else []),
        f"for _ipre in range({S.N_pre}):",
        *indent(loads_pre + loop),
        "return _out_i[:_n], _out_j[:_n], np.int64(0), np.int64(0)",
    ]
    args = ", ".join(["t", "_dt", *ctx.argument_names])
    source = "\n".join(
        [
            '"""Generated by brianlab from model IR; do not edit."""',
            "",
            "",
            f"def connect_pairs({args}):",
            *indent(lines),
            "",
        ]
    )
    use_jit = config.jit and S.N_pre * S.N_post > 20000
    kernel = compile_kernel(source, "connect_pairs", jit=use_jit)
    S.refresh_externals()
    try:
        out_i, out_j, bad, status = kernel(S._current_t(), S.clock.dt_, *ctx.arguments())
    except ArithmeticError as err:
        shown = ", ".join(f"{key}={text!r}" for key, text in _strings(condition, j, p, n))
        raise InvalidParameterError(
            f"connect({shown}) on {S.name} could not be computed: {err}.",
            "Check for a division by zero (e.g. '1/(i - j)' where i == j) or a number too "
            "large to represent; no synapse was created.",
        ) from None
    if status == 1:
        raise InvalidParameterError(
            f"connect() generated the postsynaptic index {int(bad)}, outside 0..{S.N_post - 1}.",
            "Restrict the range (e.g. 'if k >= 0 and k < N_post') or pass skip_if_invalid=True.",
        )
    if status == 2:
        raise ResourceLimitError(
            f"connect() on {S.name} stopped after {int(bad):,} new synapses: with the "
            f"{S.N:,} it had, that reaches brianlab's limit of "
            f"{config.limits.max_synapses:,} synapses (brianlab.config.limits.max_synapses).",
            "Use a smaller connection probability p, fewer neurons, or a stricter condition.",
        )
    return np.asarray(out_i), np.asarray(out_j)


def _rows_where(S, ctx: KernelBuilder, loads_pre: list[str], cond: str, text: str) -> np.ndarray:
    """The presynaptic indices whose condition (of ``i`` and ``_pre`` variables) holds."""
    args = ", ".join(["t", "_dt", *ctx.argument_names])
    body = [
        f"_mask = np.zeros({S.N_pre}, np.bool_)",
        f"for _ipre in range({S.N_pre}):",
        *indent([*loads_pre, f"_mask[_ipre] = {cond}"]),
        "return _mask",
    ]
    source = "\n".join(
        [
            '"""Generated by brianlab from model IR; do not edit."""',
            "",
            "",
            f"def select_rows({args}):",
            *indent(body),
            "",
        ]
    )
    kernel = compile_kernel(source, "select_rows", jit=config.jit and S.N_pre > 200_000)
    S.refresh_externals()
    try:
        mask = kernel(S._current_t(), S.clock.dt_, *ctx.arguments())
    except ArithmeticError as err:
        raise InvalidParameterError(
            f"connect(condition={text!r}) on {S.name} could not be computed: {err}.",
            "Check for a division by zero or a number too large to represent; no synapse "
            "was created.",
        ) from None
    return np.flatnonzero(mask).astype(np.int64)


def _sampled_pairs(S, rows: np.ndarray, p: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Connect each of ``rows`` to every target with probability ``p``, ``n`` times.

    Draws the gaps between successive targets of a row from the geometric
    distribution, ``1 + floor(log(1 - u) / log(1 - p))`` for uniform ``u``,
    row after row, one draw past the last target ending a row: the work is
    proportional to the synapses made, not to the pairs, and needs no
    compiled kernel.  It consumes exactly the draws, from brianlab's random
    stream, that the same loop written out one draw at a time would.
    """
    use_random_stream("python")
    saved = python_random_state.get_state()
    n_post = S.N_post
    log_q = math.log(1.0 - p)
    expected = len(rows) * (n_post * p + 1.0)
    starts = np.empty(len(rows) + 1, np.int64)
    prefix = np.zeros(1, np.int64)  # prefix[k]: sum of the first k gaps
    used = 0  # draws consumed by the rows done so far
    row = 0
    while row < len(rows):
        more = int(expected * 1.05 + 64 * math.sqrt(expected + 1.0) + 64)
        u = python_random_state.random_sample(more)
        new = 1 + np.floor(np.log(1.0 - u) / log_q).astype(np.int64)
        prefix = np.concatenate([prefix, prefix[-1] + np.cumsum(new)])
        while row < len(rows):
            # this row's draws end with the first whose position passes n_post - 1
            end = int(np.searchsorted(prefix, prefix[used] + n_post + 1, side="left"))
            if end >= len(prefix):
                break  # not enough draws yet
            starts[row] = used
            used = end
            row += 1
        expected = (len(rows) - row) * (n_post * p + 1.0)
    starts[len(rows)] = used
    python_random_state.set_state(saved)
    python_random_state.random_sample(used)  # the stream moves on by exactly the draws used
    targets_per_row = np.diff(starts) - 1
    total = int(targets_per_row.sum()) * n
    limit = config.limits.max_synapses - S.N
    if total > limit:
        raise ResourceLimitError(
            f"connect() on {S.name} would add {total:,} new synapses: with the "
            f"{S.N:,} it had, that is above brianlab's limit of "
            f"{config.limits.max_synapses:,} synapses (brianlab.config.limits.max_synapses).",
            "Use a smaller connection probability p, fewer neurons, or a stricter condition.",
        )
    # positions: within each row, the running sum of its gaps minus one
    in_row = np.ones(used, bool)
    in_row[starts[1:] - 1] = False  # the draw that ends each row makes no synapse
    row_of_draw = np.repeat(np.arange(len(rows)), np.diff(starts))
    row_base = prefix[starts[:-1]][row_of_draw]
    positions = prefix[1 : used + 1] - row_base - 1
    ii = rows[row_of_draw[in_row]]
    jj = positions[in_row]
    if n != 1:
        ii, jj = np.repeat(ii, n), np.repeat(jj, n)
    return ii, jj


def _strings(condition, j, p, n) -> list[tuple[str, str]]:
    """The connect() arguments given as strings, by keyword."""
    given = {"condition": condition, "j": j, "p": p, "n": n}
    return [(key, value) for key, value in given.items() if isinstance(value, str)]


def _name_expr(name: str):
    from ..parsing.ir import Name

    return Name(name)
