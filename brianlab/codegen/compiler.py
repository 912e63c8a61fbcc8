"""Compile rendered source into callable kernels, with an on-disk cache.

This is the only module of brianlab that turns text into code, and the only
text it ever receives is source *rendered from brianlab's IR* by
:mod:`brianlab.codegen` — never a user's string.

Each source is written once to ``<cache_dir>/kernels/k_<sha256>.py`` (atomically:
write to a temporary file, then rename) and imported from there, so that
numba's own disk cache (``cache=True``) applies: a new process, a restarted
notebook kernel or another student's notebook on the same machine loads the
machine code instead of compiling it again.  Within a process, kernels are
memoised by their hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
import threading
from pathlib import Path

from ..config import config
from .runtime import helpers

__all__ = ["compile_kernel", "compilation_count", "source_hash"]

_lock = threading.Lock()
_memo: dict[tuple, object] = {}
_count = {"compilations": 0}


def compilation_count() -> int:
    """How many kernels this process has built (memoised reuse not counted)."""
    return _count["compilations"]


def source_hash(source: str) -> str:
    """The cache key of a source text."""
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _kernel_dir() -> Path:
    path = Path(config.cache_dir) / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write_once(path: Path, source: str) -> None:
    if path.exists():
        try:
            if path.read_text() == source:
                return
        except OSError:
            pass
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp_", suffix=".py")
    with os.fdopen(fd, "w") as handle:
        handle.write(source)
    os.replace(tmp, path)


def _load_module(path: Path, name: str, numba_helpers: bool):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(helpers(numba_helpers))
    spec.loader.exec_module(module)
    return module


def compile_kernel(source: str, function: str, *, jit: bool | None = None):
    """Compile the function ``function`` defined in ``source``.

    Parameters
    ----------
    source : str
        A Python module rendered by brianlab's code generator.
    function : str
        The name of the function to return.
    jit : bool, optional
        Compile with numba (default: ``config.jit``).

    Returns
    -------
    callable
        The (numba-compiled, when ``jit``) function.
    """
    jit = config.jit if jit is None else jit
    # the helpers (and so the random stream) follow the global switch, even
    # for a kernel run as plain Python because it is too small to compile
    numba_helpers = config.jit
    key = source_hash(source)
    memo_key = (key, function, jit, numba_helpers, str(config.cache_dir))
    with _lock:
        kernel = _memo.get(memo_key)
        if kernel is not None:
            return kernel
        name = f"k_{key}"
        path = _kernel_dir() / f"{name}.py"
        _write_once(path, source)
        flavour = ("j" if jit else "p") + ("n" if numba_helpers else "p")
        module_name = f"brianlab._kernels.{name}_{flavour}"
        module = sys.modules.get(module_name) or _load_module(path, module_name, numba_helpers)
        sys.modules[module_name] = module
        func = getattr(module, function)
        if jit:
            import numba

            func = numba.njit(cache=True, nogil=True, boundscheck=False)(func)
        _count["compilations"] += 1
        _memo[memo_key] = func
        return func
