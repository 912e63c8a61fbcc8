"""From a user's string to brianlab's IR — the only door user text comes through.

The string is read by Python's own ``ast`` parser and then *translated* node by
node into the frozen IR of :mod:`brianlab.parsing.ir`.  The translator has a
case for each construct a model may use (numbers, names, arithmetic,
comparisons, ``and``/``or``/``not``, calls of plain function names); every
other construct is refused with a message in the learner's words.  Nothing
here evaluates, compiles or executes the text.

Identifiers are checked here as far as they can be without a model: names
starting with ``_`` are reserved, Python's builtins that are not model
functions (``eval``, ``open``, …) are refused, keywords used as names get a
rename hint.  Whether a name *exists* is decided later, when the model and
the namespace are known.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import math
import re
import unicodedata

from ..errors import EquationSyntaxError
from .functions import ALLOWED_FUNCTIONS_HINT, DEFAULT_FUNCTIONS
from .ir import Assign, BinOp, BoolOp, Call, Compare, Expr, Name, Num, UnaryOp
from .unitcheck import constant_value

__all__ = [
    "parse_expression",
    "parse_statements",
    "check_identifier",
    "MAX_EXPRESSION_LENGTH",
    "MAX_NESTING",
]

#: Longest accepted expression, in characters (BAD_INPUTS #54).
MAX_EXPRESSION_LENGTH = 2000
#: Deepest accepted nesting of sub-expressions.
MAX_NESTING = 60

_BINOPS = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
    ast.Mod: "%",
    ast.FloorDiv: "//",
}
_CMPOPS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_AUGOPS = {ast.Add: "+=", ast.Sub: "-=", ast.Mult: "*=", ast.Div: "/="}

#: Constructs refused by name, with the reason a learner understands.
_REFUSED = {
    ast.Lambda: "lambda functions are not supported in equations",
    ast.ListComp: "list comprehensions are not supported in equations",
    ast.SetComp: "set comprehensions are not supported in equations",
    ast.DictComp: "dict comprehensions are not supported in equations",
    ast.GeneratorExp: "generator expressions are not supported in equations",
    ast.JoinedStr: "f-strings are not supported in equations",
    ast.FormattedValue: "f-strings are not supported in equations",
    ast.NamedExpr: "assignment expressions (':=') are not supported in equations",
    ast.Dict: "dictionaries are not supported in equations",
    ast.Set: "sets are not supported in equations",
    ast.List: "lists are not supported in equations",
    ast.Tuple: "tuples are not supported in equations",
    ast.Starred: "'*' unpacking is not supported in equations",
    ast.Await: "'await' is not supported in equations",
    ast.Yield: "'yield' is not supported in equations",
    ast.YieldFrom: "'yield' is not supported in equations",
    ast.Slice: "slices are not supported in equations",
}

_HINTS = {
    ast.Subscript: (
        "indexing with '[...]' is not supported in equations;",
        "equations act on every neuron at once; use 'i' for the neuron index.",
    ),
    ast.Attribute: (
        "'.' (attribute access) is not allowed in equations;",
        "use plain names of variables, parameters and units.",
    ),
}

#: Operators refused, with a rewrite of the user's own operands ``{left}``, ``{right}``.
_BAD_OPS = {
    ast.BitXor: ("'^' is not a power operator here;", "write '{left}**{right}'."),
    ast.BitAnd: ("'&' is a bitwise operator;", "use 'and': '{left} and {right}'."),
    ast.BitOr: ("'|' is a bitwise operator;", "use 'or': '{left} or {right}'."),
    ast.MatMult: ("'@' (matrix product) is not supported;", "write '{left}*{right}'."),
    ast.LShift: ("'<<' (bit shift) is not supported;", "write '{left}*2**{right}'."),
    ast.RShift: ("'>>' (bit shift) is not supported;", "write '{left}/2**{right}'."),
}

#: Non-ASCII characters that look like an operator, and the ASCII to type instead.
_LOOK_ALIKES = {
    "\u2212": "-",
    "\u2013": "-",
    "\u00d7": "*",
    "\u00b7": "*",
    "\u22c5": "*",
    "\u00f7": "/",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u2260": "!=",
    "\u2018": "'",
    "\u2019": "'",
    "\u00a0": " ",
}

#: Python builtins that are also names of model functions (allowed as calls).
_MODEL_BUILTINS = {"abs", "int", "float", "round", "min", "max", "bool"}

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _fail(message: str, hint: str | None, source: str, line: int, col: int | None):
    raise EquationSyntaxError(message, hint, source=source, line=line, col=col)


def _character_error(char: str, what: str = "variable") -> tuple[str, str]:
    """Message and hint for a character that cannot appear in a model string."""
    if char in _LOOK_ALIKES:
        ascii_char = _LOOK_ALIKES[char]
        return (
            f"the character '{char}' ({unicodedata.name(char, '?').lower()}) only looks "
            f"like '{ascii_char}';",
            f"type '{ascii_char}' instead (text copied from a PDF or a web page often "
            "contains such characters).",
        )
    if char.isalpha():
        words = unicodedata.name(char, "").split()
        if words[:1] == ["GREEK"] and len(words) >= 4:
            letter = words[-1].lower() if "SMALL" in words else words[-1].capitalize()
            hint = f"write '{letter}' instead, e.g. '{letter}_m'."
        else:
            hint = "write a spelled-out ASCII name instead, e.g. 'tau_m'."
        message = f"{what} names must be ASCII letters, digits and '_' ('{char}' is not allowed);"
        return message, hint
    shown = repr(char)[1:-1] if not char.isprintable() else char
    return (
        f"the character '{shown}' is not allowed in equations;",
        "use plain ASCII text: letters, digits, '_', operators and parentheses.",
    )


def check_identifier(
    name: str, *, what: str = "variable", source: str = "", line: int = 1, col: int | None = None
) -> None:
    """Refuse names that cannot be model variables.

    Parameters
    ----------
    name : str
        The proposed name.
    what : str
        How to call it in a message ("variable", "parameter", …).
    source, line, col
        Where it was written, for the error.

    Raises
    ------
    EquationSyntaxError
        For keywords, names starting with ``_``, and non-ASCII names.
    """
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) and name in ("lambda",):
        _fail(
            f"'{name}' is a Python keyword and cannot be a {what} name;",
            f"try '{name[:3] if len(name) > 3 else name + '_'}'.",
            source,
            line,
            col,
        )
    if not name.isascii() or not _IDENT.match(name):
        bad = next((c for c in name if not (c.isascii() and (c.isalnum() or c == "_"))), name)
        _fail(*_character_error(bad, what), source, line, col)
    if name.startswith("_"):
        _fail(
            f"the {what} '{name}' starts with an underscore, which is reserved for "
            "brianlab's internal names;",
            f"call it '{name.strip('_') or 'x'}' instead.",
            source,
            line,
            col,
        )


def _syntax_error(text: str, err: SyntaxError, line: int, col_shift: int, source: str):
    """Turn Python's SyntaxError into a learner-facing one."""
    col = max((err.offset or 1) - 1, 0) + col_shift
    stripped = text.strip()
    for kw in ("lambda",):
        if re.search(rf"\b{kw}\b", stripped) and not re.search(rf"\b{kw}\b\s*\w*\s*:", stripped):
            _fail(
                f"'{kw}' is a Python keyword and cannot be a variable name;",
                "try 'lam'.",
                source,
                line,
                col,
            )
    if "too many nested parentheses" in str(err.msg):
        _fail(
            "the expression is nested too deeply;",
            "split it into subexpressions ('name = ... : unit').",
            source,
            line,
            None,
        )
    hint = "check for a missing operator (e.g. '*') or an unbalanced parenthesis."
    if re.search(r"\d\s*[A-Za-z_(]", stripped) and not re.search(r"\d[eE][-+]?\d", stripped):
        hint = "write an explicit '*' between a number and a name, e.g. '2*tau'."
    _fail(f"invalid syntax in '{stripped}' (at column {col + 1});", hint, source, line, col)


def _parse(text: str, mode: str, line: int, col_shift: int, source: str) -> ast.AST:
    if "\x00" in text:
        _fail(
            "the text contains a null byte;",
            "retype it without control characters.",
            source,
            line,
            text.index("\x00") + col_shift,
        )
    if len(text) > MAX_EXPRESSION_LENGTH:
        _fail(
            f"expression too long ({len(text):,} characters; limit {MAX_EXPRESSION_LENGTH:,}).",
            "Split it into subexpressions.",
            source,
            line,
            None,
        )
    bad = next((k for k, c in enumerate(text) if not c.isascii()), None)
    if bad is not None:
        _fail(*_character_error(text[bad]), source, line, bad + col_shift)
    try:
        return ast.parse(text.strip(), mode=mode)
    except SyntaxError as err:
        lead = len(text) - len(text.lstrip())
        _syntax_error(text, err, line, col_shift + lead, source)
    except (RecursionError, MemoryError, ValueError):
        _fail(
            "the expression is nested too deeply;",
            "split it into subexpressions ('name = ... : unit').",
            source,
            line,
            None,
        )
    raise AssertionError("unreachable")


class _Translator:
    """Translate one ``ast`` tree into IR, refusing what a model cannot contain."""

    def __init__(self, text: str, line: int, col_shift: int, source: str) -> None:
        self.text = text
        self.stripped = text.strip()
        self.source = source
        self.line = line
        self.shift = col_shift + (len(text) - len(text.lstrip()))
        self.depth = 0

    def fail(self, node: ast.AST, message: str, hint: str | None = None):
        col = getattr(node, "col_offset", None)
        _fail(message, hint, self.source, self.line, None if col is None else col + self.shift)

    def col(self, node: ast.AST) -> int:
        return node.col_offset + self.shift

    def segment(self, node: ast.AST) -> str:
        """The user's own text of ``node`` (as typed, not re-printed)."""
        return ast.get_source_segment(self.stripped, node) or ast.unparse(node)

    def operand(self, node: ast.AST) -> str:
        """``node``'s text as a factor of a product (in parentheses unless atomic)."""
        text = self.segment(node)
        return text if isinstance(node, (ast.Name, ast.Constant, ast.Call)) else f"({text})"

    def expr(self, node: ast.AST) -> Expr:
        self.depth += 1
        if self.depth > MAX_NESTING:
            self.fail(
                node,
                "the expression is nested too deeply;",
                "split it into subexpressions ('name = ... : unit').",
            )
        try:
            return self._expr(node)
        finally:
            self.depth -= 1

    def _expr(self, node: ast.AST) -> Expr:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            check_identifier(node.id, source=self.source, line=self.line, col=self.col(node))
            return Name(node.id, self.col(node))
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                message, hint = _BAD_OPS[type(node.op)]
                left, right = self.segment(node.left), self.segment(node.right)
                self.fail(node, message, hint.format(left=left, right=right))
            result = BinOp(op, self.expr(node.left), self.expr(node.right), self.col(node))
            self.check_literal_arithmetic(node, result)
            return result
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Invert):
                self.fail(node, "'~' (bitwise not) is not supported;", "use 'not'.")
            op = {ast.USub: "-", ast.UAdd: "+", ast.Not: "not"}[type(node.op)]
            return UnaryOp(op, self.expr(node.operand), self.col(node))
        if isinstance(node, ast.BoolOp):
            op = "and" if isinstance(node.op, ast.And) else "or"
            return BoolOp(op, tuple(self.expr(v) for v in node.values), self.col(node))
        if isinstance(node, ast.Compare):
            return self.compare(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.IfExp):
            body, orelse = self.operand(node.body), self.operand(node.orelse)
            self.fail(
                node,
                "conditional expressions ('a if c else b') are not supported;",
                f"write 'int({self.segment(node.test)})*{body} + "
                f"(1 - int({self.segment(node.test)}))*{orelse}'.",
            )
        if type(node) in _HINTS:
            self.fail(node, *_HINTS[type(node)])
        if type(node) in _REFUSED:
            self.fail(node, _REFUSED[type(node)] + ";", "write it as arithmetic on names.")
        self.fail(node, f"'{self.segment(node)[:40]}' is not supported in equations;", None)
        raise AssertionError("unreachable")

    def check_literal_arithmetic(self, node: ast.BinOp, result: BinOp) -> None:
        """Refuse arithmetic on plain numbers that has no finite real value
        (``10**400``, ``1/0``, ``(-8)**(1/3)``): it would fail or hang when run."""
        a, b = constant_value(result.left), constant_value(result.right)
        if a is None or b is None:
            return
        text = self.segment(node)
        if b == 0 and result.op in ("/", "//", "%") or a == 0 and b < 0 and result.op == "**":
            self.fail(node, f"'{text}' divides by zero;", "divide by a non-zero number.")
        if result.op == "**" and a < 0 and not b.is_integer():
            self.fail(
                node,
                f"'{text}' is not a real number (a negative number to a fractional power);",
                "raise a positive number to the power instead.",
            )
        if result.op in ("+", "-", "*", "/", "**"):
            value = constant_value(result)
            if value is None or math.isinf(value):
                self.fail(
                    node,
                    f"the number '{text}' is too large to represent (it would be infinite);",
                    "use a smaller number or a unit prefix.",
                )

    def constant(self, node: ast.Constant) -> Num:
        value = node.value
        if isinstance(value, bool) or isinstance(value, int):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
                self.fail(
                    node,
                    f"the number '{value}' is too large to represent exactly;",
                    "write it as a float, e.g. 1e20.",
                )
            return Num(value, self.col(node))
        if isinstance(value, float):
            if math.isinf(value):
                literal = ast.get_source_segment(self.text.strip(), node) or repr(value)
                self.fail(
                    node,
                    f"the number '{literal}' is too large to represent (it would be infinite);",
                    "use a smaller number or a unit prefix.",
                )
            return Num(value, self.col(node))
        if isinstance(value, str):
            self.fail(
                node,
                "text in quotes is not allowed inside an equation;",
                "remove the quotes around the expression.",
            )
        if isinstance(value, complex):
            self.fail(
                node,
                "complex numbers are not supported;",
                "'j' after a number makes it imaginary; use '*' for products.",
            )
        self.fail(node, f"the constant {value!r} is not supported;", None)
        raise AssertionError("unreachable")

    def compare(self, node: ast.Compare) -> Expr:
        if len(node.ops) > 1:
            parts = [self.segment(node.left)] + [self.segment(c) for c in node.comparators]
            ops = [_CMPOPS.get(type(o), "?") for o in node.ops]
            rewrite = " and ".join(f"{parts[k]} {ops[k]} {parts[k + 1]}" for k in range(len(ops)))
            self.fail(
                node,
                "chained comparisons like 'a < b < c' are not supported;",
                f"write '{rewrite}'.",
            )
        op = _CMPOPS.get(type(node.ops[0]))
        if op is None:
            self.fail(
                node,
                f"'{self.segment(node)}' uses 'is'/'in', which models do not support;",
                "compare numbers with <, <=, >, >=, == or !=.",
            )
        return Compare(op, self.expr(node.left), self.expr(node.comparators[0]), self.col(node))

    def call(self, node: ast.Call) -> Expr:
        func = node.func
        if isinstance(func, ast.Attribute):
            called = _called_base(func)
            shown = self.segment(func)
            refused = f"'.' (attribute access) is not allowed in equations ('{shown}')"
            if called is None or called in DEFAULT_FUNCTIONS:
                hint = "call functions by their plain name, e.g. 'exp(x)'."
                self.fail(func, refused + ";", hint)
            self.fail(
                func,
                f"{refused}, and '{called}' is not a function brianlab knows.",
                ALLOWED_FUNCTIONS_HINT,
            )
        if not isinstance(func, ast.Name):
            self.fail(func, "only named functions can be called, e.g. 'exp(x)';", None)
        fname = func.id
        if fname.startswith("_") or (hasattr(builtins, fname) and fname not in _MODEL_BUILTINS):
            self.fail(
                func, f"'{fname}' is not an allowed function in equations.", ALLOWED_FUNCTIONS_HINT
            )
        check_identifier(
            fname, what="function", source=self.source, line=self.line, col=self.col(func)
        )
        if node.keywords:
            self.fail(
                node,
                f"keyword arguments are not supported in '{fname}(...)';",
                "pass the arguments by position.",
            )
        result = Call(fname, tuple(self.expr(a) for a in node.args), self.col(node))
        value = constant_value(result.args[0]) if fname == "int" and result.args else None
        if value is not None and not abs(value) < 2**63:
            self.fail(
                node,
                f"'{self.segment(node)}' is too large for an integer;",
                "integers go up to about 9.2e18; leave out int() for larger numbers.",
            )
        return result


def _called_base(node: ast.AST) -> str | None:
    """The name at the root of an attribute chain, if it is called there
    (``'__import__'`` in ``__import__('os').system``), else None."""
    called = False
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        called = isinstance(node, ast.Call)
        node = node.func if called else node.value
    return node.id if called and isinstance(node, ast.Name) else None


def parse_expression(
    text: str, *, line: int = 1, col_shift: int = 0, source: str | None = None
) -> Expr:
    """Parse one expression (a right-hand side, a threshold, a condition).

    Parameters
    ----------
    text : str
        The expression, e.g. ``'(E_L - v)/tau'``.
    line : int
        The line the text stands on in the user's string (for errors).
    col_shift : int
        The column the text starts at on that line (for errors).
    source : str, optional
        The whole string the user typed, when ``text`` is a part of it.

    Returns
    -------
    Expr
        The IR of the expression.

    Raises
    ------
    EquationSyntaxError
        For anything that is not a valid model expression.

    Examples
    --------
    >>> from brianlab.parsing.printing import format_expr
    >>> format_expr(parse_expression('(E_L - v)/tau'))
    '(E_L - v)/tau'
    """
    if not isinstance(text, str):
        raise TypeError(f"an expression must be a string, not {type(text).__name__}")
    source = text if source is None else source
    if not text.strip():
        _fail(
            "the expression is empty;",
            "write something like 'v > -50*mV'.",
            source,
            line,
            col_shift,
        )
    tree = _parse(text, "eval", line, col_shift, source)
    return _Translator(text, line, col_shift, source).expr(tree.body)


def _split_statements(code: str):
    """Yield ``(text, line, col)`` for each statement of a code block.

    Statements are separated by newlines or ``;``; ``#`` starts a comment.
    """
    for lineno, raw in enumerate(code.split("\n"), start=1):
        content = raw.split("#", 1)[0]
        start = 0
        for piece in content.split(";"):
            if piece.strip():
                yield piece, lineno, start
            start += len(piece) + 1


def parse_statements(code: str) -> list[Assign]:
    """Parse a block of statements such as a reset or an ``on_pre``.

    Each statement is ``name = expr`` or ``name += expr`` (also ``-=``,
    ``*=``, ``/=``), one per line or separated by ``;``.

    Parameters
    ----------
    code : str
        The block, e.g. ``'v = v_r; w += b'``.

    Returns
    -------
    list of Assign

    Raises
    ------
    EquationSyntaxError
        For anything but simple assignments.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a string, not {type(code).__name__}")
    statements = []
    for text, line, col in _split_statements(code):
        tree = _parse(text, "exec", line, col, code)
        lead = col + len(text) - len(text.lstrip())
        translator = _Translator(text, line, col, code)
        if len(tree.body) != 1:
            _fail("one statement per line (or separated by ';');", None, code, line, lead)
        node = tree.body[0]
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                _fail(
                    f"'{text.strip()}' must assign to one plain variable name;",
                    "write e.g. 'v = v_r'.",
                    code,
                    line,
                    lead,
                )
            target, op = node.targets[0], "="
        elif isinstance(node, ast.AugAssign):
            op = _AUGOPS.get(type(node.op))
            if op is None or not isinstance(node.target, ast.Name):
                _fail(
                    f"'{text.strip()}' is not a supported assignment;",
                    "use =, +=, -=, *= or /= on a plain variable name.",
                    code,
                    line,
                    lead,
                )
            target = node.target
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Compare):
            _fail(
                f"'{text.strip()}' is a comparison, not an assignment;",
                "use a single '=' to set a variable, e.g. 'v = v_r'.",
                code,
                line,
                lead,
            )
        else:
            _fail(
                f"'{text.strip()}' is not an assignment;",
                "statements look like 'v = v_r' or 'w += 0.1*nA'.",
                code,
                line,
                lead,
            )
        check_identifier(target.id, source=code, line=line, col=target.col_offset + lead)
        value = translator.expr(node.value)
        statements.append(Assign(target.id, op, value, line))
    return statements
