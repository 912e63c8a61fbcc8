"""Import hygiene of the package as a whole.

The core stays light (no ipywidgets, and with ``brianlab.only`` no matplotlib
either), only ``brianlab/widgets/`` talks to ipywidgets, and the single
``exec`` of generated code lives in ``brianlab/codegen/compiler.py``: nowhere
else does brianlab call ``eval``, ``exec``, ``compile`` or sympy's text-to-code
functions (``sympify``, ``parse_expr``, ``lambdify``).  The
import checks run in a fresh interpreter, so nothing a test loaded earlier
hides an import; the source checks read the code with :mod:`ast`, so comments
and strings don't count.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "brianlab"
WIDGETS = PACKAGE / "widgets"
COMPILER = PACKAGE / "codegen" / "compiler.py"
WIDGET_LIBRARIES = {"ipywidgets", "ipympl"}
EXECUTING_BUILTINS = {"eval", "exec", "compile"}
#: sympy's functions that turn text into expressions or code
SYMPY_TEXT_TO_CODE = {"sympify", "parse_expr", "lambdify"}


def modules_loaded_by(statement: str, candidates: list[str]) -> list[str]:
    """Run ``statement`` in a fresh interpreter; return which ``candidates`` it loaded."""
    probe = (
        "import json, sys\n"
        f"{statement}\n"
        f"print(json.dumps([m for m in {candidates!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{statement!r} failed:\n{done.stderr}"
    return json.loads(done.stdout.splitlines()[-1])


def source_files(exclude: Path | None = None) -> list[Path]:
    """The package's Python files, without those under ``exclude``."""
    files = sorted(PACKAGE.rglob("*.py"))
    assert files, f"found no Python files under {PACKAGE}"
    return [f for f in files if exclude is None or not f.is_relative_to(exclude)]


def parsed(path: Path) -> ast.Module:
    """Parse one source file."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_top_level_names(tree: ast.Module) -> set[str]:
    """The top-level package of every module that ``tree`` imports (absolute imports)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def executing_calls(tree: ast.Module) -> list[tuple[int, str]]:
    """Line and name of every call that can turn text into code: ``eval``/``exec``/
    ``compile`` (bare or as ``builtins.X``) and sympy's ``sympify``/``parse_expr``/
    ``lambdify`` (bare, as an attribute of any module, or imported under any name)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):  # an alias would hide the calls
            found += [(node.lineno, a.name) for a in node.names if a.name in SYMPY_TEXT_TO_CODE]
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in EXECUTING_BUILTINS | SYMPY_TEXT_TO_CODE:
            found.append((node.lineno, func.id))
        elif isinstance(func, ast.Attribute) and (
            func.attr in SYMPY_TEXT_TO_CODE
            or func.attr in EXECUTING_BUILTINS
            and isinstance(func.value, ast.Name)
            and func.value.id == "builtins"
        ):
            found.append((node.lineno, f"{ast.unparse(func.value)}.{func.attr}"))
    return found


def test_import_brianlab_only_loads_neither_matplotlib_nor_ipywidgets() -> None:
    loaded = modules_loaded_by("import brianlab.only", ["matplotlib", "ipywidgets"])
    assert loaded == []


def test_import_brianlab_does_not_load_ipywidgets() -> None:
    assert modules_loaded_by("import brianlab", ["ipywidgets", "ipympl"]) == []


def test_only_the_widgets_package_imports_ipywidgets_or_ipympl() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {', '.join(sorted(used))}"
        for path in source_files(exclude=WIDGETS)
        if (used := imported_top_level_names(parsed(path)) & WIDGET_LIBRARIES)
    ]
    assert offenders == []


def test_no_eval_exec_compile_or_sympify_outside_the_compiler() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line} calls {name}()"
        for path in source_files()
        if path != COMPILER
        for line, name in executing_calls(parsed(path))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("eval('1')", [(1, "eval")]),
        ("x = 1\nbuiltins.exec(code)", [(2, "builtins.exec")]),
        ("# eval(x)\ns = 'exec(y)'\nmodel.evaluate(z)", []),
        ("compile(src, 'f', 'exec')\nre.compile('a+')", [(1, "compile")]),
        (
            "sympify(text)\nsympy.parsing.sympy_parser.parse_expr(text)",
            [(1, "sympify"), (2, "sympy.parsing.sympy_parser.parse_expr")],
        ),
        ("import sympy as sp\nf = sp.lambdify(x, e)", [(2, "sp.lambdify")]),
        ("from sympy import sympify as s\ns(text)", [(1, "sympify")]),
    ],
)
def test_executing_call_detector_sees_calls_but_not_comments_or_strings(
    code: str, expected: list[tuple[int, str]]
) -> None:
    assert executing_calls(ast.parse(code)) == expected


def test_widget_import_detector_sees_absolute_imports_only() -> None:
    code = (
        "import ipywidgets as w\nfrom ipympl.backend_nbagg import Canvas\nfrom . import ipywidgets"
    )
    assert imported_top_level_names(ast.parse(code)) == {"ipywidgets", "ipympl"}


def imported_names(path: Path, tree: ast.Module) -> list[tuple[int, str, str]]:
    """Line, module and name of every ``from module import name`` in ``tree``
    (relative modules made absolute), at any depth: imports inside functions run
    only on the path that needs them, often an error path."""
    # the package a relative import starts from: the file's folder
    package = ".".join(path.relative_to(PACKAGE.parent).parent.parts)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            parts = package.split(".")[: len(package.split(".")) - node.level + 1]
            module = ".".join(parts + ([node.module] if node.module else []))
        else:
            module = node.module
        found += [(node.lineno, module, a.name) for a in node.names if a.name != "*"]
    return found


def test_every_name_the_package_imports_exists() -> None:
    """A name imported inside a function fails only when that code runs: a
    renamed helper once turned ``G.v = 5`` into an ImportError."""
    import importlib

    missing = []
    for path in source_files():
        for line, module, name in imported_names(path, parsed(path)):
            if module.split(".")[0] not in {"brianlab"}:
                continue  # third-party modules are the environment's business
            imported = importlib.import_module(module)
            if not hasattr(imported, name):
                try:
                    importlib.import_module(f"{module}.{name}")
                except ImportError:
                    missing.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module}.{name}")
    assert not missing, "\n".join(missing)
