"""The exceptions a learner can meet, and how they are shown.

Every error brianlab raises on purpose derives from :class:`BrianlabError` and
*also* from the builtin exception a Python user would expect (``except
ValueError`` keeps working).  Each carries, besides its message:

``hint``
    one sentence on how to fix it (appended to the message when printed),
``source``
    the string the user typed, if the error concerns a string,
``line``, ``col``
    1-based line and 0-based column of the offending spot inside ``source``
    (the equation editor underlines it), or ``None``.

The message always says *what* went wrong and *where*; the hint says *how to
fix it*.  Units are worded as a learner writes them (``volt/second``).
"""

from __future__ import annotations

__all__ = [
    "BrianlabError",
    "EquationSyntaxError",
    "UnitMismatchError",
    "DimensionMismatchError",
    "UnknownIdentifierError",
    "InvalidParameterError",
    "InvalidArgumentTypeError",
    "ResourceLimitError",
    "UnsupportedEquationsError",
    "ElementIndexError",
    "SimulationDiverged",
    "MagicError",
]


class BrianlabError(Exception):
    """Base class of all of brianlab's own errors.

    Parameters
    ----------
    message : str
        What went wrong and where.
    hint : str, optional
        How to fix it.
    source : str, optional
        The user's string the error refers to.
    line : int, optional
        1-based line number inside ``source``.
    col : int, optional
        0-based column inside that line.
    """

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        source: str | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.source = source
        self.line = line
        self.col = col
        super().__init__(self.full_message)

    @property
    def full_message(self) -> str:
        """The message followed by the hint, as printed."""
        if self.hint:
            return f"{self.message} {self.hint}"
        return self.message

    def __str__(self) -> str:
        return self.full_message

    def __reduce__(self):  # keep the keyword-only fields when pickled
        return (
            _rebuild,
            (type(self), self.message, self.hint, self.source, self.line, self.col),
        )


def _rebuild(cls, message, hint, source, line, col):
    obj = cls.__new__(cls)
    BrianlabError.__init__(obj, message, hint, source=source, line=line, col=col)
    return obj


class EquationSyntaxError(BrianlabError, SyntaxError):
    """A string that is not valid model syntax (grammar, forbidden construct)."""

    def __init__(self, message: str, hint: str | None = None, **kwargs) -> None:
        BrianlabError.__init__(self, message, hint, **kwargs)
        # SyntaxError's own fields, so that IPython shows the caret correctly
        self.msg = self.full_message
        self.lineno = self.line
        self.offset = None if self.col is None else self.col + 1
        self.text = None
        self.filename = None

    def __str__(self) -> str:
        return self.full_message


class UnitMismatchError(BrianlabError, ValueError):
    """Quantities or expressions whose physical dimensions do not fit together.

    Attributes
    ----------
    dims : tuple of Dimension
        The dimensions involved (may be empty).
    """

    def __init__(self, message: str, hint: str | None = None, *dims, **kwargs) -> None:
        self.dims = dims
        BrianlabError.__init__(self, message, hint, **kwargs)


#: Brian 2's name for a unit mismatch; ``except DimensionMismatchError`` works.
DimensionMismatchError = UnitMismatchError


class UnknownIdentifierError(BrianlabError, NameError):
    """A name used in a string that is neither a model variable nor known outside.

    Attributes
    ----------
    undefined_name : str or None
        The name, when it is simply not defined (yet); None when it is
        something a model cannot use (an unknown function, a string, …).
    """

    undefined_name: str | None = None


class InvalidParameterError(BrianlabError, ValueError):
    """An argument with a value that cannot work (``dt <= 0``, ``N = 0``, …)."""


class InvalidArgumentTypeError(BrianlabError, TypeError):
    """An argument of the wrong kind (a quantity where a string is needed, …)."""


class ResourceLimitError(BrianlabError, MemoryError):
    """A request whose estimated memory or time is above brianlab's limits."""


class UnsupportedEquationsError(BrianlabError, ValueError):
    """Equations the chosen integration method cannot integrate."""


class ElementIndexError(BrianlabError, IndexError):
    """An element index outside an array during a run (a TimedArray's columns, …)."""


class SimulationDiverged(BrianlabError, FloatingPointError):
    """A state variable became NaN or infinite during a run."""


class MagicError(BrianlabError, RuntimeError):
    """The implicit network cannot be collected unambiguously."""
