"""Which synapses exist: Brian 2's ``connect()`` arguments turned into (i, j) pairs.

Explicit pairs (``i=``, ``j=`` arrays) and all-to-all are built with numpy.
Conditions and probabilities (``condition='i != j'``, ``p=0.1``,
``p='exp(-abs(i - j)/2)'``) and the generator syntax for ``j``
(``'k for k in range(i-3, i+4) if k != i'``) are parsed into IR and rendered
into a generated kernel that loops over candidate pairs — drawing its random
numbers from brianlab's single random stream, so ``seed()`` reproduces the
connectivity.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..errors import EquationSyntaxError
from ..parsing.expressions import parse_expression
from ..parsing.ir import Expr

__all__ = ["Generator", "parse_generator"]


@dataclass(frozen=True)
class Generator:
    """``expr for var in range(low, high[, step]) if condition`` (or ``sample(...)``)."""

    expr: Expr
    var: str
    kind: str  # 'range' or 'sample'
    args: tuple
    condition: Expr | None
    size: Expr | None = None
    p: Expr | None = None


def parse_generator(text: str) -> Generator | None:
    """Parse the generator form of ``connect(j=...)``; None if ``text`` is an expression.

    Raises
    ------
    EquationSyntaxError
        For a generator that is not of the supported shape.
    """
    if " for " not in f" {text} ":
        return None
    try:
        tree = ast.parse(f"({text.strip()})", mode="eval")
    except SyntaxError:
        return None
    node = tree.body
    if not isinstance(node, ast.GeneratorExp):
        return None
    if len(node.generators) != 1:
        raise EquationSyntaxError(
            "only one 'for' is allowed in connect(j='... for k in range(...)').",
            None,
            source=text,
        )
    gen = node.generators[0]
    if not isinstance(gen.target, ast.Name) or gen.is_async:
        raise EquationSyntaxError("the loop variable must be a plain name.", None, source=text)
    it = gen.iter
    if not (
        isinstance(it, ast.Call)
        and isinstance(it.func, ast.Name)
        and it.func.id in ("range", "sample")
    ):
        raise EquationSyntaxError(
            "connect(j=...) generators iterate over range(...) or sample(...);",
            "e.g. j='k for k in range(i-3, i+4) if k >= 0'.",
            source=text,
        )
    kind = it.func.id

    def sub(n: ast.AST) -> Expr:
        return parse_expression(ast.unparse(n))

    args = tuple(sub(a) for a in it.args)
    keywords = {k.arg: sub(k.value) for k in it.keywords}
    unknown = set(keywords) - {"size", "p"}
    if unknown or (kind == "range" and keywords):
        raise EquationSyntaxError(
            f"unsupported argument(s) {', '.join(sorted(unknown or keywords))} in {kind}().",
            None,
            source=text,
        )
    if not 1 <= len(args) <= 3:
        raise EquationSyntaxError(f"{kind}() takes 1 to 3 arguments.", None, source=text)
    if kind == "sample" and ("size" in keywords) == ("p" in keywords):
        raise EquationSyntaxError(
            "sample() needs exactly one of size=... or p=...", None, source=text
        )
    condition = None
    if gen.ifs:
        condition = (
            sub(gen.ifs[0])
            if len(gen.ifs) == 1
            else parse_expression(" and ".join(f"({ast.unparse(c)})" for c in gen.ifs))
        )
    return Generator(
        sub(node.elt),
        gen.target.id,
        kind,
        args,
        condition,
        keywords.get("size"),
        keywords.get("p"),
    )
