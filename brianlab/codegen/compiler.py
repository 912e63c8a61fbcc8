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

The same source runs in two *flavours*: as plain Python (its helpers from
:func:`~brianlab.codegen.runtime.helpers` ``(False)``) or compiled by numba.
Both compute the same bits and draw from one random stream
(:func:`~brianlab.codegen.runtime.use_random_stream` hands its state over).

Why a :class:`TieredKernel`: in a fresh process, the first compiled run of a
model costs numba's own start-up (importing numba and initialising its
target, about half a second) plus loading or compiling the machine code (one
to several seconds with an empty cache), while a small first run — ten
neurons for 100 ms, what a lecture's first cells do — takes a few tens of
milliseconds as Python.  So the network runs a small first run as Python and
then compiles in a background thread, while the learner reads the result;
every later run uses the compiled kernel, waiting for it if it is not ready
yet (see :meth:`brianlab.core.network.Network._choose_kernel`).  Later runs never use Python,
because a loop of re-runs (a parameter sweep, a slider) must reach compiled
speed at once, not after the background thread wins the interpreter lock.

Compiling outside the main thread meets one race in numba itself: the first
compilation of a process builds numba's CPU target, which walks
``builtins.__dict__`` while IPython adds and removes its builtins (``exit``,
``quit``, ``get_ipython``) at the start and end of every cell, so a notebook's
*Run All* could make it fail with "dictionary changed size during
iteration".  :func:`~brianlab.codegen.runtime.numba_target_ready` builds that
target safely first; and a compilation that fails in the background
thread is not remembered: the run that needs the kernel compiles it again in
its own thread, and only a failure there is raised.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import queue
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..config import config
from .runtime import helpers, release_random_stream, use_random_stream

__all__ = [
    "TieredKernel",
    "compile_kernel",
    "compilation_count",
    "finish_compilations",
    "source_hash",
    "tiered_kernel",
]

#: The package name generated modules are imported under; numba's cache
#: entries record it (see :func:`_compiled_for`).
MODULE_PREFIX = "brianlab._kernels"

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


def _load_function(source: str, function: str, numba_flavour: bool):
    """The plain function ``function`` of ``source``, with the helpers of one flavour."""
    key = source_hash(source)
    name = f"k_{key}"
    path = _kernel_dir() / f"{name}.py"
    _write_once(path, source)
    # the numba flavour's name is part of numba's cache entries: keep it stable
    module_name = f"{MODULE_PREFIX}.{name}_{'jn' if numba_flavour else 'pp'}"
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        module.__dict__.update(helpers(numba_flavour))
        spec.loader.exec_module(module)
        sys.modules[module_name] = module
    return getattr(module, function)


def _jit(func):
    import numba

    return numba.njit(cache=True, nogil=True, boundscheck=False)(func)


def _compiled_for(func, args: Sequence):
    """``func`` jitted and compiled (or loaded from numba's cache) for ``args``' types.

    A cache entry numba cannot load — written by another version of
    brianlab, whose generated modules had other names, or damaged — is
    dropped and the kernel compiled again (and cached anew).
    """
    import numba

    types = tuple(numba.typeof(a) for a in args)
    dispatcher = _jit(func)
    try:
        dispatcher.compile(types)
    except Exception:
        dispatcher._cache.flush()  # forget this function's entries
        dispatcher = _jit(func)
        dispatcher.compile(types)
    return dispatcher


def _python_caller(func) -> Callable:
    """``func`` run as Python, drawing from the shared random stream.

    A division by zero raises (``FloatingPointError`` on numpy scalars,
    ``ZeroDivisionError`` on Python floats), as it does in the compiled
    flavour; overflow and invalid operations give inf and NaN silently, as
    there, and the network's finiteness check reports them.
    """

    def call(*args):
        use_random_stream("python")
        # numpy floats, as numba's: a negative number to a fractional power is NaN, not complex
        args = [np.float64(a) if type(a) is float else a for a in args]
        with np.errstate(divide="raise", over="ignore", invalid="ignore", under="ignore"):
            return func(*args)

    call.__wrapped__ = func
    return call


def _compiled_caller(func, dispatcher=None) -> Callable:
    """``func`` compiled by numba, drawing from the shared random stream.

    Without ``dispatcher``, it is compiled at the first call, for the types
    of that call's arguments.
    """
    compiled = [dispatcher]

    def call(*args):
        if compiled[0] is None:
            compiled[0] = _compiled_for(func, args)
        use_random_stream("numba")
        try:
            return compiled[0](*args)
        finally:
            if threading.current_thread() is not threading.main_thread():
                release_random_stream()

    call.__wrapped__ = func
    return call


def compile_kernel(source: str, function: str, *, jit: bool | None = None) -> Callable:
    """The function ``function`` defined in ``source``, ready to call.

    Parameters
    ----------
    source : str
        A Python module rendered by brianlab's code generator.
    function : str
        The name of the function to return.
    jit : bool, optional
        Compile with numba, at the first call (default: ``config.jit``);
        otherwise run it as Python.

    Returns
    -------
    callable
        The function, compiled or not; either draws from brianlab's one
        random stream.
    """
    jit = config.jit if jit is None else jit

    def make() -> Callable:
        func = _load_function(source, function, jit)
        return _compiled_caller(func) if jit else _python_caller(func)

    return _memoised(("plain", source_hash(source), function, jit), make)


def _memoised(key: tuple, make: Callable):
    """The kernel memoised under ``key`` (and the cache folder), made by ``make`` once."""
    key = (*key, str(config.cache_dir))
    with _lock:
        kernel = _memo.get(key)
        if kernel is None:
            kernel = make()
            _count["compilations"] += 1
            _memo[key] = kernel
    return kernel


class TieredKernel:
    """One generated function, runnable as Python now and compiled later.

    Parameters
    ----------
    source : str
        A Python module rendered by brianlab's code generator.
    function : str
        The name of the function in it.

    Attributes
    ----------
    python : callable
        The function run as Python (always available).
    python_runs : int
        How many runs used :attr:`python` although numba was on; the network
        allows one (see the module docstring).
    background_error : Exception or None
        Why the last compilation in the background thread failed, if it
        did; the next run compiled the kernel in its own thread instead.
    """

    def __init__(self, source: str, function: str) -> None:
        self.source = source
        self.function = function
        self.python = _python_caller(_load_function(source, function, False))
        self.python_runs = 0
        self._compiled: Callable | None = None
        self._error: BaseException | None = None
        self.background_error: Exception | None = None
        self._done = threading.Event()
        self._compiling = threading.Lock()

    @property
    def ready(self) -> bool:
        """Whether the compiled function exists (so using it will not wait)."""
        return self._done.is_set() and self._error is None

    def compiled(self, args: Sequence) -> Callable:
        """The compiled function, compiling it now for ``args`` if needed.

        Waits for a background compilation in progress, and compiles again
        here if that one failed.  A failure to compile in the calling thread
        (a bug of brianlab's, not of the model) is raised.
        """
        if not self._done.is_set():
            self._compile(args, background=False)
        if self._error is not None:
            raise self._error
        return self._compiled

    def compile_in_background(self, args: Sequence) -> None:
        """Compile for arguments like ``args`` in brianlab's compiler thread."""
        if not self._done.is_set():
            _background.submit((self, list(args)))

    def _compile(self, args: Sequence, background: bool) -> None:
        with self._compiling:
            if self._done.is_set():
                return
            try:
                # compiling for the exact argument types loads numba's cached
                # machine code, or compiles it, without running anything
                func = _load_function(self.source, self.function, True)
                self._compiled = _compiled_caller(func, _compiled_for(func, args))
            except Exception as err:  # an interrupt leaves it to be compiled again
                if background:
                    # perhaps a race with the main thread (see the module
                    # docstring): the run that needs the kernel tries again
                    self.background_error = err
                    return
                self._error = err
            self._done.set()


def tiered_kernel(source: str, function: str) -> TieredKernel:
    """The (memoised) :class:`TieredKernel` for ``function`` of ``source``."""
    return _memoised(
        ("tiered", source_hash(source), function), lambda: TieredKernel(source, function)
    )


class _CompilerThread:
    """One daemon thread compiling queued kernels, oldest first.

    At interpreter exit it finishes the kernel it is compiling (so that
    numba's cache is never left half-written) and drops the rest.
    """

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._start_lock = threading.Lock()

    def submit(self, item) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="brianlab-compiler", daemon=True
                )
                self._thread.start()
                atexit.register(self._stop)
        self._queue.put(item)

    def finish(self) -> None:
        """Wait until every kernel queued so far is compiled."""
        if self._thread is None:
            return
        marker = threading.Event()
        self._queue.put(marker)
        marker.wait()

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            if item is None or self._stopping:
                return
            kernel, args = item
            kernel._compile(args, background=True)

    def _stop(self) -> None:
        self._stopping = True
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout=120)


_background = _CompilerThread()


def finish_compilations() -> None:
    """Wait until the background compiler thread has compiled every queued kernel.

    ``python -m brianlab.warmup`` and tests call it; a learner never needs to.
    """
    _background.finish()
