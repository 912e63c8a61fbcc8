"""Parsing the unit after ``:`` in an equation line (``volt``, ``siemens/metre**2``).

The text is parsed with :mod:`ast` and walked under a whitelist: names of
base units (:data:`~brianlab.units.unitnames.base_units_for_spec`), the
number ``1``, ``*``, ``/`` and ``**`` with a number as exponent.  Nothing is
evaluated.  Errors are :class:`~brianlab.errors.EquationSyntaxError` with
``col`` set to the offending spot (0-based, within the text given; the
caller shifts it to the line).
"""

from __future__ import annotations

import ast
import difflib

from ..errors import EquationSyntaxError
from .dimensions import DIMENSIONLESS, Dimension
from .formatting import format_dimension
from .unitnames import all_units, base_units_for_spec, spec_name_for

__all__ = ["parse_unit_spec", "allowed_units_text"]

_EXAMPLE = "e.g. 'siemens/metre**2' and not '1 * siemens/metre**2'"


def allowed_units_text() -> str:
    """The allowed base units, aliases in parentheses: ``amp (ampere), …, volt``."""
    by_dimension: dict[Dimension, list[str]] = {}
    for name, unit in base_units_for_spec.items():
        by_dimension.setdefault(unit.dim, []).append(name)
    entries = []
    for names in by_dimension.values():
        primary = spec_name_for(all_units[names[0]].dim) or names[0]
        others = [n for n in names if n != primary]
        entries.append(f"{primary} ({', '.join(others)})" if others else primary)
    return ", ".join(sorted(entries))


def _error(message: str, hint: str | None, text: str, col: int | None) -> EquationSyntaxError:
    return EquationSyntaxError(message, hint, source=text, line=1, col=col)


def _unknown_name(name: str, text: str, col: int) -> EquationSyntaxError:
    message = f"Unit specification refers to '{name}', but this is not a base unit."
    known = all_units.get(name)
    if known is not None:
        suggestion = spec_name_for(known.dim) or format_dimension(known.dim)
        return _error(
            f"{message} Use '{suggestion}' instead.",
            "(Units after ':' name the dimension; write values like -70*mV in parameters.)",
            text,
            col,
        )
    close = difflib.get_close_matches(name, list(base_units_for_spec), n=1)
    hint = f"Did you mean '{close[0]}'?" if close else None
    return _error(
        f"{message} The following base units are allowed: {allowed_units_text()}.",
        hint,
        text,
        col,
    )


def _not_a_unit(text: str, col: int | None) -> EquationSyntaxError:
    return _error(
        f"'{text}' does not evaluate to a unit but to a quantity -- make sure to only "
        f"use units, {_EXAMPLE}.",
        None,
        text,
        col,
    )


def _exponent(node: ast.expr, text: str) -> float:
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    ):
        return sign * node.value
    raise _error(
        f"The exponent in the unit '{text}' must be a number, e.g. 'metre**2' or 'second**-0.5'.",
        None,
        text,
        node.col_offset,
    )


def _walk(node: ast.expr, text: str) -> Dimension | None:
    """The dimension of ``node``; None stands for the number 1 (only as numerator)."""
    if isinstance(node, ast.Name):
        unit = base_units_for_spec.get(node.id)
        if unit is None:
            raise _unknown_name(node.id, text, node.col_offset)
        return unit.dim
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if node.value == 1 and not isinstance(node.value, bool):
            return None
        raise _not_a_unit(text, node.col_offset)
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            base = _walk(node.left, text)
            if base is None:
                raise _not_a_unit(text, node.col_offset)
            return base ** _exponent(node.right, text)
        if isinstance(node.op, (ast.Mult, ast.Div)):
            left = _walk(node.left, text)
            right = _walk(node.right, text)
            if right is None or (left is None and isinstance(node.op, ast.Mult)):
                raise _not_a_unit(text, node.col_offset)
            left = DIMENSIONLESS if left is None else left
            return left * right if isinstance(node.op, ast.Mult) else left / right
    raise _error(
        f"Invalid unit specification '{text}': only unit names, '1', '*', '/' and '**' "
        "are allowed, e.g. 'siemens/metre**2'.",
        None,
        text,
        node.col_offset,
    )


def parse_unit_spec(text: str) -> Dimension:
    """The dimension named by the unit part of an equation (after ``:``).

    Parameters
    ----------
    text : str
        ``volt``, ``1``, ``siemens/metre**2``, ``Hz``, ``second**-0.5``,
        ``radian`` … Only unscaled (base) units are allowed: ``mV`` names a
        scale, not a dimension.

    Returns
    -------
    Dimension

    Raises
    ------
    EquationSyntaxError
        For anything else, with ``col`` at the offending name or operator.

    Examples
    --------
    >>> print(parse_unit_spec("siemens/metre**2"))
    m^-4 kg^-1 s^3 A^2
    """
    stripped = text.strip()
    offset = len(text) - len(text.lstrip())
    if not stripped:
        raise _error(
            "Missing unit after ':'; write e.g. 'volt', or '1' for a dimensionless variable.",
            None,
            text,
            offset,
        )
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        col = None if exc.offset is None else offset + exc.offset - 1
        raise _error(
            f"Invalid unit specification '{stripped}': this is not valid syntax; "
            "write units like 'siemens/metre**2', or '1'.",
            None,
            text,
            col,
        ) from None
    try:
        dim = _walk(tree.body, stripped)
    except EquationSyntaxError as exc:
        if exc.col is not None:
            exc.col += offset
            exc.offset = exc.col + 1
        exc.source = text
        raise
    return DIMENSIONLESS if dim is None else dim
