"""Common-subexpression elimination: compute each repeated sub-expression once.

:func:`eliminate_common_subexpressions` rewrites a list of IR statements so
that a sub-expression computed several times with the same inputs is computed
once, into a temporary ``_cse_<k>`` assigned just before the first statement
that needs it.  The integration methods produce many such repeats: an
``exponential_euler`` step writes the coefficient ``B`` of ``dx/dt = A + B*x``
both in ``A/B`` and in ``exp(B*dt)``, and the rate functions of a
Hodgkin–Huxley model (``exprel(...)`` and ``exp(...)`` of ``v``) appear in
``A`` and in ``B`` alike.

The rewrite is structural: a temporary holds exactly the tree it replaces, so
the code performs the same floating-point operations in the same order, only
fewer times, and its results are bit-identical.  Two occurrences are the same
computation when they are the same tree (literals of the same type and value)
and no statement between them writes a name they read.  It never changes what
is evaluated:

* calls of random functions (``rand()``, ``randn()``, a Poisson input's
  binomial draw) are never merged, each being its own draw;
* a temporary is only created for a sub-expression that is evaluated
  unconditionally where it first appears: not in the value of a statement
  with ``only_if``, nor in the operands after the first of ``and``/``or``,
  which Python may skip.  Such positions do reuse a temporary computed
  before them.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator

from ..parsing.functions import DEFAULT_FUNCTIONS
from ..parsing.ir import (
    Assign,
    BinOp,
    BoolOp,
    Call,
    Compare,
    Expr,
    Name,
    Num,
    UnaryOp,
    children,
)

__all__ = ["eliminate_common_subexpressions", "TEMPORARY_PREFIX"]

#: The names of the temporaries start with this.
TEMPORARY_PREFIX = "_cse_"

#: Functions drawing a new value at each call (by model name and by code name).
_STATEFUL = frozenset(
    {name for name, f in DEFAULT_FUNCTIONS.items() if f.stateful}
    | {f.code for f in DEFAULT_FUNCTIONS.values() if f.stateful}
    | {"_binomial"}
)

_TAGS = {UnaryOp: "unary", BinOp: "binary", Compare: "compare", BoolOp: "bool"}


def _is_atom(node: Expr) -> bool:
    """Literals, names and their negations: nothing to save by naming them."""
    if isinstance(node, UnaryOp) and node.op in "+-":
        node = node.operand
    return isinstance(node, (Num, Name))


class _ValueNumbers:
    """Numbers for computations: equal for the same tree on the same inputs.

    A name's number depends on how many times it was written before the
    statement reading it, so that a computation before and after a write
    differs; each random call gets a number of its own.
    """

    def __init__(self) -> None:
        self._table: dict[tuple, int] = {}
        self._draws = itertools.count()

    def of_statement(self, statement: Assign, writes: dict) -> dict[int, int]:
        """The number of every node of ``statement`` (by ``id``), given the writes so far."""
        numbers: dict[int, int] = {}

        def number(node: Expr) -> int:
            found = numbers.get(id(node))
            if found is not None:
                return found
            args = tuple(number(c) for c in children(node))
            if isinstance(node, Num):
                # the type is part of the identity: 1, 1.0 and True render differently
                shape: tuple = ("num", type(node.value).__name__, repr(node.value))
            elif isinstance(node, Name):
                shape = ("name", node.id, writes[node.id])
            elif isinstance(node, Call):
                draw = next(self._draws) if node.func in _STATEFUL else None
                shape = ("call", node.func, draw, *args)
            else:
                shape = (_TAGS[type(node)], node.op, *args)
            numbers[id(node)] = self._table.setdefault(shape, len(self._table))
            return numbers[id(node)]

        number(statement.value)
        if statement.only_if is not None:
            number(statement.only_if)
        return numbers


def _visit(
    statement: Assign,
    enter: Callable[[Expr, bool], bool],
    leave: Callable[[Expr, bool], None],
) -> None:
    """Walk ``statement`` depth first, what is always evaluated before what may be skipped.

    ``enter(node, may_be_skipped)`` says whether to go into the node;
    ``leave`` is called after its children.  The value of a statement with
    ``only_if`` and the operands after the first of ``and``/``or`` may be
    skipped.
    """
    skippable: list[Expr] = []

    def walk(node: Expr, skipped: bool) -> None:
        if not enter(node, skipped):
            return
        for k, child in enumerate(children(node)):
            if not skipped and isinstance(node, BoolOp) and k > 0:
                skippable.append(child)
            else:
                walk(child, skipped)
        leave(node, skipped)

    if statement.only_if is not None:
        walk(statement.only_if, False)
        skippable.append(statement.value)
    else:
        walk(statement.value, False)
    for node in skippable:
        walk(node, True)


class _Walk:
    """One walk over the statements in the order they run, tracking what is computed.

    A node met again after its first unconditional evaluation is not entered:
    what is inside it comes with it, so only what recurs elsewhere as well is
    met again.
    """

    def __init__(self, numbering: _ValueNumbers) -> None:
        self._numbering = numbering
        self._numbers: dict[int, int] = {}
        self._computed: set[int] = set()
        self.met_again: set[int] = set()

    def statements(self, statements: list[Assign]) -> Iterator[Assign]:
        """Yield each statement, with its nodes numbered for :meth:`number`."""
        writes: dict = defaultdict(int)
        for statement in statements:
            self._numbers = self._numbering.of_statement(statement, writes)
            yield statement
            writes[statement.target] += 1

    def number(self, node: Expr) -> int:
        """The value number of a node of the current statement."""
        return self._numbers[id(node)]

    def enter(self, node: Expr, skipped: bool) -> bool:
        """Whether to go into ``node``; an ``enter`` callback for :func:`_visit`."""
        if _is_atom(node):
            return False
        n = self.number(node)
        if n in self._computed:
            self.met_again.add(n)
            return False
        if not skipped:
            self._computed.add(n)
        return True


def _repeated(statements: list[Assign], numbering: _ValueNumbers) -> set[int]:
    """The computations met again after a first, unconditional, evaluation."""
    walk = _Walk(numbering)
    for statement in walk.statements(statements):
        _visit(statement, walk.enter, lambda node, skipped: None)
    return walk.met_again


def _first_number(statements: list[Assign]) -> int:
    """The first temporary number not used in ``statements`` already."""
    taken = [
        int(st.target[len(TEMPORARY_PREFIX) :])
        for st in statements
        if st.target.startswith(TEMPORARY_PREFIX) and st.target[len(TEMPORARY_PREFIX) :].isdigit()
    ]
    return max(taken, default=0) + 1


def eliminate_common_subexpressions(statements: list[Assign]) -> list[Assign]:
    """The same statements with each repeated computation done once, into a temporary.

    Parameters
    ----------
    statements : list of Assign
        Statements run in order (for one element, or once).

    Returns
    -------
    list of Assign
        The statements, with ``_cse_<k> = ...`` assignments inserted before
        the first use of each repeated sub-expression and its occurrences
        replaced by the temporary.  Numbering continues after any ``_cse_``
        temporaries the statements already have.

    Examples
    --------
    >>> from brianlab.parsing.expressions import parse_statements
    >>> from brianlab.parsing.printing import format_expr
    >>> code = parse_statements('a = exp(-v/tau)*w\\nb = 1 - exp(-v/tau)')
    >>> [f'{s.target} = {format_expr(s.value)}'
    ...  for s in eliminate_common_subexpressions(code)]
    ['_cse_1 = exp(-v/tau)', 'a = _cse_1*w', 'b = 1 - _cse_1']
    """
    numbering = _ValueNumbers()
    repeated = _repeated(statements, numbering)
    if not repeated:
        return list(statements)
    names = (f"{TEMPORARY_PREFIX}{k}" for k in itertools.count(_first_number(statements)))
    temporaries: dict[int, str] = {}
    result: list[Assign] = []
    # the same walk again: a repeated computation goes into its temporary where
    # it is first evaluated, after the temporaries of what it contains
    walk = _Walk(numbering)

    def rebuild(node: Expr) -> Expr:
        if _is_atom(node):
            return node
        name = temporaries.get(walk.number(node))
        if name is not None:
            return Name(name)
        if isinstance(node, UnaryOp):
            return UnaryOp(node.op, rebuild(node.operand), node.col)
        if isinstance(node, (BinOp, Compare)):
            return type(node)(node.op, rebuild(node.left), rebuild(node.right), node.col)
        if isinstance(node, BoolOp):
            return BoolOp(node.op, tuple(rebuild(v) for v in node.values), node.col)
        return Call(node.func, tuple(rebuild(a) for a in node.args), node.col)

    def leave(node: Expr, skipped: bool) -> None:
        n = walk.number(node)
        if n in repeated and n not in temporaries and not skipped:
            value = rebuild(node)
            temporaries[n] = next(names)
            result.append(Assign(temporaries[n], "=", value))

    for st in walk.statements(statements):
        _visit(st, walk.enter, leave)
        only_if = None if st.only_if is None else rebuild(st.only_if)
        result.append(Assign(st.target, st.op, rebuild(st.value), st.line, only_if))
    return result
