"""The catalogue of oracle models: which scripts exist and what their headers say.

A model script may start with comment lines before ``from brian2 import *``.
Two of them are directives; the rest describe the model:

``# requires: TimedArray, Synapses (issue 3)``
    names brianlab must export to run the script; while one is missing, the
    comparison is an expected failure, with the note in parentheses as reason.
``# compare: statistics``
    the model is stochastic: its results are compared as samples (mean and
    variance), not value by value.  The default is ``# compare: values``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent / "models"

_DIRECTIVE = re.compile(r"#\s*(requires|compare)\s*:\s*(.*)$")
_REQUIRES = re.compile(r"^(?P<names>[^()]*?)\s*(?:\((?P<note>[^()]*)\))?$")


@dataclass(frozen=True)
class ModelSpec:
    """One oracle model script and its header directives.

    Parameters
    ----------
    path : pathlib.Path
        The script.
    description : str
        The header comment without the directives.
    requires : tuple of str
        Names brianlab must export to run the script.
    requires_note : str
        Why they are missing (e.g. ``"issue 3"``), or ``""``.
    statistical : bool
        True for ``# compare: statistics``.
    """

    path: Path
    description: str
    requires: tuple[str, ...] = ()
    requires_note: str = ""
    statistical: bool = False

    @property
    def name(self) -> str:
        """The script's file name without ``.py``."""
        return self.path.stem


def read_spec(path: Path) -> ModelSpec:
    """Parse the header comment of one model script.

    Parameters
    ----------
    path : pathlib.Path
        The script.

    Returns
    -------
    ModelSpec

    Raises
    ------
    ValueError
        If a directive is malformed.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "m.py"
    ...     _ = p.write_text("# requires: TimedArray (issue 3)\\n# A step.\\nx = 1\\n")
    ...     read_spec(p).requires
    ('TimedArray',)
    """
    requires: tuple[str, ...] = ()
    note = ""
    statistical = False
    description = []
    for line in path.read_text().splitlines():
        if not line.startswith("#"):
            break
        match = _DIRECTIVE.match(line)
        if match is None:
            description.append(line.lstrip("#").strip())
            continue
        directive, value = match.groups()
        if directive == "compare":
            if value.strip() not in ("values", "statistics"):
                raise ValueError(f"{path.name}: '# compare:' takes 'values' or 'statistics'")
            statistical = value.strip() == "statistics"
        else:
            parts = _REQUIRES.match(value.strip())
            names = tuple(n.strip() for n in parts["names"].split(",") if n.strip())
            if not names or not all(n.isidentifier() for n in names):
                raise ValueError(f"{path.name}: '# requires:' needs comma-separated names")
            requires, note = names, parts["note"] or ""
    return ModelSpec(path, " ".join(description), requires, note, statistical)


def discover_models(directory: Path = MODELS_DIR) -> list[ModelSpec]:
    """All model scripts of a directory, sorted by name."""
    return [read_spec(path) for path in sorted(directory.glob("*.py"))]
