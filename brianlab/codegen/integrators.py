"""Integration methods: from differential equations to the statements of one time step.

:func:`integrate` turns the equations ``dX/dt = rhs`` of a group into IR
statements that advance *one* neuron by one step ``dt``.  The statements
read the state at the start of the step, write only temporaries (names
starting with ``_``) and end with ``X = _X_new`` for every variable, so
the code generator can run them per neuron without caring about order.

The methods are Brian 2's, with the same update formulas (numerically, not
textually):

``euler``
    ``x + dt*f(x, t)``; with noise terms ``g*xi`` Euler–Maruyama
    ``x + dt*f + g*dW`` for *additive* noise (``g`` constant in the state and
    in ``t``).  Each noise name (``xi``, ``xi_1`` …) gets one draw
    ``_dW_<name> = sqrt(dt)*randn()`` per neuron and step, shared by every
    equation using that name.
``rk2``, ``rk4``
    Midpoint and classical Runge–Kutta; stages evaluate ``t`` at
    ``t + dt/2`` and ``t + dt``.
``heun``
    Stochastic Heun (Stratonovich): ``x + dt*f(x, t) + dW*(g(x, t) +
    g(x + g(x, t)*dW, t + dt))/2``.
``milstein``
    Derivative-free Milstein (Stratonovich) for diagonal noise:
    ``x + dt*f + g*dW + (g(x + dt*f + sqrt(dt)*g, t) - g(x, t))*dW**2/(2*sqrt(dt))``.
``exponential_euler``
    For ``dx/dt = A + B*x`` with ``A``, ``B`` independent of ``x``:
    ``-A/B + (x + A/B)*exp(B*dt)``, everything from the old state
    (``x*exp(B*dt)`` when ``A`` is 0).
``exact`` (alias ``linear``)
    The exact solution of a linear system with coefficients constant over
    the step (parameters, and inputs ``I(t)`` such as TimedArrays), from the
    matrix exponential: Parlett's recurrence when the variables only feed
    forward (synaptic currents into the membrane), sympy otherwise.

Variables flagged ``(unless refractory)`` arrive with their right-hand side
multiplied by ``int(not_refractory)``; ``exact`` solves the two cases
(refractory or not) separately and ``exponential_euler`` keeps the factor out
of ``A/B``, so it never ends up in a denominator.  That, and writing
differences of exponentials with ``exprel``, are where brianlab deliberately
differs from Brian 2 2.9.0, which gives NaN there.  ``exponential_euler`` also
refuses an equation that is not linear in its own variable (``exp(v)`` in
``dv/dt``), as Brian 2's documentation says, where Brian 2 2.9.0 accepts some.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache, partial

import sympy
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import BooleanFunction

from ..errors import InvalidParameterError, UnsupportedEquationsError
from ..parsing.functions import DEFAULT_FUNCTIONS
from ..parsing.ir import Assign, BinOp, Call, Expr, Name, Num, UnaryOp, names_in, substitute
from ..parsing.printing import format_expr
from ..parsing.sympytools import (
    RANDOM_FUNCTIONS,
    call_function,
    from_sympy,
    ir_function_name,
    symbol,
    to_sympy,
)

__all__ = ["METHODS", "DEFAULT_CANDIDATES", "integrate", "choose_method", "is_noise_name"]

#: The integration methods, in the order they are listed to learners.
METHODS = ("exact", "euler", "rk2", "rk4", "exponential_euler", "heun", "milstein")
_ALIASES = {"linear": "exact"}

#: The methods tried, in order, when a group does not name one (as Brian 2).
DEFAULT_CANDIDATES = ("exact", "euler", "heun")

_DT = Name("dt")
_T = Name("t")


def is_noise_name(name: str) -> bool:
    """Whether ``name`` is a white-noise symbol (``xi`` or ``xi_<something>``)."""
    return name == "xi" or name.startswith("xi_")


@dataclass(frozen=True)
class _Equation:
    """One ``dvar/dt = drift + sum(g*xi)`` with subexpressions substituted."""

    var: str
    rhs: Expr
    drift: Expr
    noise: tuple  # ((xi name, coefficient g), ...) sorted by name

    @property
    def text(self) -> str:
        return format_expr(self.rhs)


# --------------------------------------------------------------------------- IR helpers


def _sum(terms: Iterable[Expr]) -> Expr:
    terms = list(terms)
    result = terms[0]
    for term in terms[1:]:
        result = BinOp("+", result, term)
    return result


def _mul(a: Expr, b: Expr) -> Expr:
    return BinOp("*", a, b)


def _sqrt_dt() -> Expr:
    return Call("sqrt", (_DT,))


def _new(var: str) -> str:
    return f"_{var}_new"


def _dw(xi: str) -> str:
    return f"_dW_{xi}"


def _finish(equations: list[_Equation]) -> list[Assign]:
    return [Assign(eq.var, "=", Name(_new(eq.var))) for eq in equations]


def _at(expr: Expr, state: dict[str, Expr], t: Expr | None = None) -> Expr:
    """``expr`` evaluated at another state (and time, if given)."""
    mapping = dict(state)
    if t is not None:
        mapping["t"] = t
    return substitute(expr, mapping)


def _noise_names(equations: list[_Equation]) -> list[str]:
    return sorted({xi for eq in equations for xi, _ in eq.noise})


def _noise_draws(equations: list[_Equation]) -> list[Assign]:
    return [
        Assign(_dw(xi), "=", _mul(_sqrt_dt(), Call("randn", ()))) for xi in _noise_names(equations)
    ]


# --------------------------------------------------------------------------- preparation


def _expand_subexpressions(expr: Expr, subexpressions: dict[str, Expr]) -> Expr:
    """``expr`` with every subexpression replaced by its definition, recursively."""

    def expand(node: Expr, path: tuple[str, ...]) -> Expr:
        mapping = {}
        for name in names_in(node) & subexpressions.keys():
            if name in path:
                cycle = " -> ".join(path[path.index(name) :] + (name,))
                raise UnsupportedEquationsError(
                    f"The subexpressions {cycle} are defined in terms of each other in a cycle.",
                    "Define each subexpression from state variables and parameters only.",
                )
            mapping[name] = expand(subexpressions[name], path + (name,))
        return substitute(node, mapping)

    return expand(expr, ())


def _split_noise(var: str, rhs: Expr) -> tuple[Expr, tuple]:
    """Split ``rhs`` into the drift and the coefficients of the noise symbols."""
    noise_names = sorted(n for n in names_in(rhs) if is_noise_name(n))
    if not noise_names:
        return rhs, ()
    expr = to_sympy(rhs)
    xis = [symbol(n) for n in noise_names]
    coefficients = []
    for name, xi in zip(noise_names, xis):
        g = sympy.diff(expr, xi)
        if g.free_symbols & set(xis):
            raise UnsupportedEquationsError(
                f"The equation for '{var}' uses the noise '{name}' in a non-linear way "
                f"('{format_expr(rhs)}').",
                f"Noise must enter as a term 'g*{name}' added to the rest, e.g. "
                f"'-v/tau + sigma*sqrt(2/tau)*{name}'.",
            )
        coefficients.append((name, from_sympy(g)))
    drift = from_sympy(expr.subs({xi: 0 for xi in xis}))
    return drift, tuple(coefficients)


def _prepare(diffs: tuple, subexpressions: dict[str, Expr]) -> list[_Equation]:
    equations = []
    for var, rhs in diffs:
        full = _expand_subexpressions(rhs, subexpressions)
        drift, noise = _split_noise(var, full)
        equations.append(_Equation(var, full, drift, noise))
    return equations


def _state_names(equations: list[_Equation]) -> set[str]:
    return {eq.var for eq in equations}


def _refuse_noise(equations: list[_Equation], method: str) -> None:
    for eq in equations:
        if eq.noise:
            raise UnsupportedEquationsError(
                f"The equation for '{eq.var}' is stochastic (it contains "
                f"'{eq.noise[0][0]}'), so method='{method}' cannot integrate it.",
                "For noise use method='euler' (additive noise), 'heun' or 'milstein'.",
            )


# --------------------------------------------------------------------------- explicit methods


def _euler(equations: list[_Equation]) -> list[Assign]:
    state = _state_names(equations)
    for eq in equations:
        for xi, g in eq.noise:
            if names_in(g) & (state | {"t"}):
                raise UnsupportedEquationsError(
                    f"The noise term of '{eq.var}' ('{format_expr(g)}' times '{xi}') "
                    "depends on the state or on time (multiplicative noise), which "
                    "method='euler' cannot integrate.",
                    "Use method='heun' or method='milstein'.",
                )
    statements = _noise_draws(equations)
    for eq in equations:
        terms = [Name(eq.var), _mul(_DT, eq.drift)]
        terms += [_mul(g, Name(_dw(xi))) for xi, g in eq.noise]
        statements.append(Assign(_new(eq.var), "=", _sum(terms)))
    return statements + _finish(equations)


#: Explicit Runge–Kutta schemes: the stage offsets ``c`` (stage ``i`` evaluates
#: ``k_i = dt*f(x + c_i*k_(i-1), t + c_i*dt)``) and the weights ``w`` of the
#: update ``x + sum(w_i*k_i)``.  Brian 2's rk2 is the midpoint method.
_RUNGE_KUTTA = {
    "rk2": ((0, Fraction(1, 2)), (0, 1)),
    "rk4": (
        (0, Fraction(1, 2), Fraction(1, 2), 1),
        (Fraction(1, 6), Fraction(1, 3), Fraction(1, 3), Fraction(1, 6)),
    ),
}


def _scaled(expr: Expr, factor: Fraction | int) -> Expr:
    """``factor*expr`` written as ``expr/q`` for ``factor == 1/q``."""
    if factor == 1:
        return expr
    return BinOp("/", expr, Num(Fraction(factor).denominator))


def _runge_kutta(equations: list[_Equation], method: str) -> list[Assign]:
    _refuse_noise(equations, method)
    offsets, weights = _RUNGE_KUTTA[method]
    statements: list[Assign] = []
    for i, c in enumerate(offsets, start=1):
        state: dict[str, Expr] = {}
        t: Expr | None = None
        if c:
            for eq in equations:
                k = Name(f"_k{i - 1}_{eq.var}")
                state[eq.var] = BinOp("+", Name(eq.var), _scaled(k, c))
            t = BinOp("+", _T, _scaled(_DT, c))
        for eq in equations:
            k = _mul(_DT, _at(eq.drift, state, t))
            statements.append(Assign(f"_k{i}_{eq.var}", "=", k))
    for eq in equations:
        ks = [_scaled(Name(f"_k{i}_{eq.var}"), w) for i, w in enumerate(weights, 1) if w]
        statements.append(Assign(_new(eq.var), "=", _sum([Name(eq.var), *ks])))
    return statements + _finish(equations)


def _noise_coefficient(eq: _Equation, xi: str) -> Expr | None:
    return next((g for name, g in eq.noise if name == xi), None)


def _heun(equations: list[_Equation]) -> list[Assign]:
    statements = _noise_draws(equations)
    g_support: dict[tuple[str, str], str] = {}
    for xi in _noise_names(equations):
        support: dict[str, Expr] = {}
        for eq in equations:
            g = _noise_coefficient(eq, xi)
            if g is not None:
                name = f"_x_support_{eq.var}_{xi}"
                value = BinOp("+", Name(eq.var), _mul(g, Name(_dw(xi))))
                statements.append(Assign(name, "=", value))
                support[eq.var] = Name(name)
        t_end = BinOp("+", _T, _DT)
        for eq in equations:
            g = _noise_coefficient(eq, xi)
            if g is not None:
                name = f"_g_support_{eq.var}_{xi}"
                statements.append(Assign(name, "=", _at(g, support, t_end)))
                g_support[eq.var, xi] = name
    for eq in equations:
        terms = [Name(eq.var), _mul(_DT, eq.drift)]
        for xi, g in eq.noise:
            both = BinOp("+", g, Name(g_support[eq.var, xi]))
            terms.append(_mul(_mul(Num(0.5), both), Name(_dw(xi))))
        statements.append(Assign(_new(eq.var), "=", _sum(terms)))
    return statements + _finish(equations)


def _milstein(equations: list[_Equation]) -> list[Assign]:
    users: dict[str, list[str]] = {}
    for eq in equations:
        if len(eq.noise) > 1:
            raise UnsupportedEquationsError(
                f"The equation for '{eq.var}' has several noise terms "
                f"({', '.join(xi for xi, _ in eq.noise)}), so method='milstein' cannot "
                "integrate it (it needs one noise per variable).",
                "Use method='heun'.",
            )
        for xi, _ in eq.noise:
            users.setdefault(xi, []).append(eq.var)
    for xi, variables in users.items():
        if len(variables) > 1:
            raise UnsupportedEquationsError(
                f"The noise '{xi}' appears in the equations of {' and '.join(variables)}, "
                "so method='milstein' cannot integrate them (it needs a separate noise "
                "for each variable).",
                "Use method='heun'.",
            )
    statements = _noise_draws(equations)
    corrections: dict[str, str] = {}
    for eq in equations:
        if not eq.noise:
            continue
        xi, g = eq.noise[0]
        support: dict[str, Expr] = {}
        for other in equations:
            if other.var not in names_in(g):
                continue
            name = f"_x_support_{other.var}_{xi}"
            value = BinOp("+", Name(other.var), _mul(_DT, other.drift))
            if other.var == eq.var:
                value = BinOp("+", value, _mul(_sqrt_dt(), g))
            statements.append(Assign(name, "=", value))
            support[other.var] = Name(name)
        difference = BinOp("-", _at(g, support), g)
        dw2 = BinOp("**", Name(_dw(xi)), Num(2))
        k = BinOp("/", _mul(difference, dw2), _mul(Num(2), _sqrt_dt()))
        corrections[eq.var] = f"_k_{eq.var}_{xi}"
        statements.append(Assign(corrections[eq.var], "=", k))
    for eq in equations:
        terms = [Name(eq.var), _mul(_DT, eq.drift)]
        for xi, g in eq.noise:
            terms += [_mul(g, Name(_dw(xi))), Name(corrections[eq.var])]
        statements.append(Assign(_new(eq.var), "=", _sum(terms)))
    return statements + _finish(equations)


# --------------------------------------------------------------------------- sympy-based methods


def _linear_coefficient(
    expr: sympy.Basic, x: sympy.Symbol, constant_in: Iterable[sympy.Symbol] = ()
) -> sympy.Basic | None:
    """``B`` if ``expr == A + B*x`` with ``B`` free of ``x`` and ``constant_in``, else None."""
    try:
        coefficient = sympy.diff(expr, x)
    except (AttributeError, TypeError):  # x inside a comparison: not differentiable
        return None
    return None if coefficient.has(x, *constant_in) else coefficient


def _not_linear(eq: _Equation, method: str, detail: str = "") -> UnsupportedEquationsError:
    return UnsupportedEquationsError(
        f"The equation for '{eq.var}' is not linear{detail} ('{eq.text}'), so "
        f"method='{method}' cannot integrate it.",
        f"'{method}' only works for "
        + (
            "linear equations; "
            if method == "exact"
            else f"equations of the form A + B*{eq.var} with A and B independent of {eq.var}; "
        )
        + "try method='rk4' (or 'euler').",
    )


def _split_switches(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``expr`` as (product of its ``int(condition)`` factors, the rest)."""
    factors = sympy.Mul.make_args(expr)
    switches = [f for f in factors if _is_switch(f)]
    return sympy.Mul(*switches), sympy.Mul(*(f for f in factors if not _is_switch(f)))


def _exponential_euler(equations: list[_Equation]) -> list[Assign]:
    _refuse_noise(equations, "exponential_euler")
    statements: list[Assign] = []
    for eq in equations:
        x = symbol(eq.var)
        # int(not_refractory) scales A and B alike: it belongs in exp(B*dt) only
        switch, expr = _split_switches(to_sympy(eq.rhs))
        b = _linear_coefficient(expr, x)
        if b is None:
            raise _not_linear(eq, "exponential_euler", f" in '{eq.var}'")
        a = expr.subs(x, 0)
        decay = Call("exp", (from_sympy(switch * b * symbol("dt")),))
        if b == 0:
            update: Expr = BinOp("+", Name(eq.var), _mul(_DT, eq.rhs))
        elif a == 0:  # a pure decay: -A/B + (x + A/B)*exp(B*dt) is x*exp(B*dt)
            update = _mul(Name(eq.var), decay)
        else:
            ratio = f"_BA_{eq.var}"
            statements.append(Assign(ratio, "=", from_sympy(a / b)))
            shifted = BinOp("+", Name(ratio), Name(eq.var))
            update = BinOp("+", UnaryOp("-", Name(ratio)), _mul(shifted, decay))
        statements.append(Assign(_new(eq.var), "=", update))
    return statements + _finish(equations)


def _user_function_calls(expr: sympy.Basic) -> set:
    """Applications of functions that are not built in (inputs such as TimedArrays)."""
    return {f for f in expr.atoms(AppliedUndef) if ir_function_name(f) not in DEFAULT_FUNCTIONS}


def _check_constant_over_step(eq: _Equation, expr: sympy.Basic) -> None:
    """'exact' needs coefficients constant over a step: t only as ``f(t)`` of an input."""
    t = symbol("t")
    frozen = {
        call: sympy.Dummy()
        for call in _user_function_calls(expr)
        if all(arg == t or not arg.has(t) for arg in call.args)
    }
    random = {ir_function_name(f) for f in expr.atoms(AppliedUndef)} & RANDOM_FUNCTIONS
    if random or expr.xreplace(frozen).has(t):
        cause = f"calls {sorted(random)[0]}()" if random else "depends on the time t"
        raise UnsupportedEquationsError(
            f"The equation for '{eq.var}' ('{eq.text}') {cause}, so it is not constant "
            "over a time step and method='exact' cannot integrate it.",
            "'exact' allows t only as the argument of an input such as a TimedArray "
            "I(t); try method='rk4' (or 'euler').",
        )


def _is_switch(f: sympy.Basic) -> bool:
    """``int(not_refractory)`` or ``int(condition)``: a factor that is 0 or 1."""
    if ir_function_name(f) != "int" or len(f.args) != 1:
        return False
    arg = f.args[0]
    return arg == symbol("not_refractory") or arg.is_Relational or isinstance(arg, BooleanFunction)


def _triangular_order(m: sympy.Matrix) -> list[int] | None:
    """An order of the rows making ``m`` upper triangular, if one exists.

    Row ``i`` needs column ``j`` when ``m[i, j] != 0``; putting every row
    before the rows it needs gives an upper triangular matrix.  None when the
    rows need each other in a cycle (coupled variables).
    """
    needs = {i: {j for j in range(m.cols) if j != i and m[i, j] != 0} for i in range(m.rows)}
    order: list[int] = []
    placed: set[int] = set()
    while len(order) < m.rows:
        ready = [i for i in range(m.rows) if i not in placed and needs[i] <= placed]
        if not ready:
            return None
        order += ready
        placed.update(ready)
    return order[::-1]


def _exp_triangular(m: sympy.Matrix, dt: sympy.Symbol) -> sympy.Matrix | None:
    """``exp(m*dt)`` by Parlett's recurrence when ``m`` is triangular up to a permutation.

    Much faster than sympy's general (Jordan form) route, and it only produces
    decaying exponentials ``exp(m_ii*dt)``.  A first-order divided difference
    ``(exp(b*dt) - exp(a*dt))/(b - a)`` is written ``dt*exp(a*dt)*exprel((b - a)*dt)``,
    which has no cancellation and stays exact when the rates are equal (e.g.
    ``tau_syn == tau_m`` at run time).  Returns None for coupled variables, or when a higher-order
    difference would divide by two equal rates.
    """
    order = _triangular_order(m)
    if order is None:
        return None
    t = m.extract(order, order)
    n = t.rows
    rate = [t[i, i] for i in range(n)]
    f = sympy.zeros(n, n)
    for i in range(n):
        f[i, i] = sympy.exp(rate[i] * dt)
    for distance in range(1, n):
        for i in range(n - distance):
            j = i + distance
            # from T F = F T, entry (i, j), with T upper triangular
            coupling = sympy.Add(*(t[i, k] * f[k, j] - f[i, k] * t[k, j] for k in range(i + 1, j)))
            gap = rate[j] - rate[i]
            if coupling == 0:
                # exp(x*dt)*exprel(y*dt) with y <= 0 in the usual cases: a constant
                # drive (rate 0), or a synapse decaying faster than the variable it drives
                base, other = (j, i) if rate[j] == 0 else (i, j)
                spread = (rate[other] - rate[base]) * dt
                difference = call_function("exprel", spread) if spread != 0 else 1
                f[i, j] = t[i, j] * dt * f[base, base] * difference
            elif sympy.simplify(gap) == 0:
                return None
            else:
                f[i, j] = (t[i, j] * (f[j, j] - f[i, i]) + coupling) / gap
    result = sympy.zeros(n, n)
    for a, row in enumerate(order):
        for b, col in enumerate(order):
            result[row, col] = f[a, b]
    return result


def _propagator(
    rhs: list[sympy.Basic], xs: list[sympy.Symbol], equations: list[_Equation]
) -> list[sympy.Basic]:
    """x(t + dt) for ``dx/dt = A x + b`` with constant A, b (augmented matrix exponential)."""
    n = len(xs)
    zero = {x: 0 for x in xs}
    m = sympy.zeros(n + 1, n + 1)
    for i, expr in enumerate(rhs):
        for j, x in enumerate(xs):
            m[i, j] = sympy.diff(expr, x)
        m[i, n] = expr.subs(zero)
    dt = symbol("dt")
    names = ", ".join(eq.var for eq in equations)
    e = _exp_triangular(m, dt)
    if e is None:
        try:
            e = (m * dt).exp()
        except (NotImplementedError, sympy.matrices.exceptions.MatrixError) as error:
            raise UnsupportedEquationsError(
                f"sympy could not solve the linear equations for {names} ({error}), so "
                "method='exact' cannot integrate them.",
                "Try method='rk4' (or 'euler').",
            ) from None
    if e.has(sympy.I):
        raise UnsupportedEquationsError(
            f"The solution of the linear equations for {names} oscillates (it involves "
            "complex numbers), which method='exact' cannot integrate.",
            "Try method='rk4' (or 'euler').",
        )
    return [
        sympy.Add(*(sympy.powsimp(e[i, j]) * xs[j] for j in range(n)), sympy.powsimp(e[i, n]))
        for i in range(n)
    ]


def _exact(equations: list[_Equation]) -> list[Assign]:
    _refuse_noise(equations, "exact")
    xs = [symbol(eq.var) for eq in equations]
    rhs = []
    for eq in equations:
        expr = to_sympy(eq.rhs)
        for x in xs:
            if _linear_coefficient(expr, x, xs) is None:
                raise _not_linear(eq, "exact")
        _check_constant_over_step(eq, expr)
        rhs.append(expr)
    switches = sorted(
        {f for expr in rhs for f in expr.atoms(AppliedUndef) if _is_switch(f)},
        key=sympy.default_sort_key,
    )
    # each int(condition) is 0 or 1: solve every case, then select it by the switches
    cases = []
    for values in itertools.product((0, 1), repeat=len(switches)):
        case = dict(zip(switches, values))
        selector = sympy.Mul(*(s if v else 1 - s for s, v in case.items()))
        cases.append((selector, _propagator([r.xreplace(case) for r in rhs], xs, equations)))
    statements = []
    for i, eq in enumerate(equations):
        solutions = [solution[i] for _, solution in cases]
        if all(x_new == solutions[0] for x_new in solutions):
            x_new = solutions[0]
        else:
            x_new = sympy.Add(*(selector * solution[i] for selector, solution in cases))
        statements.append(Assign(_new(eq.var), "=", from_sympy(x_new)))
    return statements + _finish(equations)


_IMPLEMENTATIONS: dict[str, Callable[[list[_Equation]], list[Assign]]] = {
    "exact": _exact,
    "euler": _euler,
    "rk2": partial(_runge_kutta, method="rk2"),
    "rk4": partial(_runge_kutta, method="rk4"),
    "exponential_euler": _exponential_euler,
    "heun": _heun,
    "milstein": _milstein,
}


# --------------------------------------------------------------------------- public API


def _canonical_method(method: str) -> str:
    if not isinstance(method, str) or _ALIASES.get(method, method) not in METHODS:
        raise InvalidParameterError(
            f"unknown method {method!r}; available: {', '.join(METHODS)}.",
            "Pass one of these names, e.g. method='euler', or leave method out to let "
            "brianlab choose.",
        )
    return _ALIASES.get(method, method)


@lru_cache(maxsize=512)
def _integrate_cached(diffs: tuple, method: str, subexpressions: tuple) -> tuple:
    equations = _prepare(diffs, dict(subexpressions))
    return tuple(_IMPLEMENTATIONS[method](equations))


def integrate(
    diffs: list[tuple[str, Expr]],
    method: str,
    *,
    subexpressions: dict[str, Expr] | None = None,
) -> list[Assign]:
    """The statements that advance the differential equations by one step ``dt``.

    Parameters
    ----------
    diffs : list of (str, Expr)
        The equations ``dX/dt = rhs`` as (``X``, ``rhs``) pairs, in order.  A
        variable flagged ``(unless refractory)`` has its ``rhs`` multiplied by
        ``int(not_refractory)`` already.
    method : str
        One of :data:`METHODS` (or ``'linear'``, an alias of ``'exact'``).
    subexpressions : dict of str to Expr, optional
        Named subexpressions the right-hand sides use; they are substituted
        (and, for multi-stage methods, evaluated at the intermediate states).

    Returns
    -------
    list of Assign
        Statements for one neuron, using ``t``, ``dt``, the variables and
        parameters, and temporaries whose names start with ``_``; the last
        ones are ``X = _X_new``.

    Raises
    ------
    InvalidParameterError
        For an unknown method name.
    UnsupportedEquationsError
        When the method cannot integrate these equations (non-linear for
        ``exact``, multiplicative noise for ``euler`` …); the message says
        which method to use instead.

    Examples
    --------
    >>> from brianlab.parsing.ir import BinOp, Name, UnaryOp
    >>> from brianlab.parsing.printing import format_expr
    >>> rhs = BinOp('/', UnaryOp('-', Name('v')), Name('tau'))
    >>> [f"{s.target} = {format_expr(s.value)}" for s in integrate([('v', rhs)], 'euler')]
    ['_v_new = v + dt*(-v/tau)', 'v = _v_new']
    """
    key = _canonical_method(method)
    subs = tuple(sorted((subexpressions or {}).items()))
    return list(_integrate_cached(tuple(diffs), key, subs))


def choose_method(
    diffs: list[tuple[str, Expr]],
    subexpressions: dict[str, Expr] | None = None,
    candidates: tuple[str, ...] = DEFAULT_CANDIDATES,
) -> str:
    """The first method of ``candidates`` that can integrate the equations.

    Parameters
    ----------
    diffs, subexpressions
        As for :func:`integrate`.
    candidates : tuple of str
        Methods to try in order; by default ``('exact', 'euler', 'heun')``
        as in Brian 2.

    Returns
    -------
    str
        The chosen method's name.

    Raises
    ------
    UnsupportedEquationsError
        When none of the candidates can integrate the equations.
    """
    reasons = []
    for method in candidates:
        try:
            integrate(diffs, method, subexpressions=subexpressions)
        except UnsupportedEquationsError as error:
            reasons.append(f"{method}: {error.message}")
        else:
            return method
    raise UnsupportedEquationsError(
        f"None of the methods {', '.join(candidates)} can integrate these equations ("
        + " ".join(reasons)
        + ")",
        "Choose a method explicitly, e.g. method='rk4' for non-linear deterministic "
        "equations or method='heun' for multiplicative noise.",
    )
