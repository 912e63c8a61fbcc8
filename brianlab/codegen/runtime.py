"""The functions generated code calls, in a plain-Python and a numba flavour.

Generated modules refer to ``_exp``, ``_rand``, ``_timestep`` … as globals;
:func:`helpers` gives the dictionary that fills them.  Both flavours compute
the same thing.  Random numbers come from *one* stream, held either by
:data:`python_random_state` (a numpy ``RandomState``) or by numba's internal
generator, which implement the same algorithm (MT19937 with numpy's legacy
normal draws): :func:`use_random_stream` hands the state over before a
kernel of the other flavour runs, so a run gives the same bits whichever
flavour executes it, and ``seed()`` needs no numba at all.
"""

from __future__ import annotations

import atexit
import builtins
import ctypes
import gc
import math
import sys
import threading
import time
import types

import numpy as np

__all__ = [
    "helpers",
    "numba_target_ready",
    "seed_all",
    "python_random_state",
    "release_random_stream",
    "use_random_stream",
]

#: The random stream of the plain-Python flavour.
python_random_state = np.random.RandomState()


def _exprel(x):
    if x == 0.0:
        return 1.0
    return math.expm1(x) / x


def _sign(x):
    return (x > 0) - (x < 0)


def _clip(x, lo, hi):
    return min(max(x, lo), hi)


def _timestep(t, dt):
    # whole steps in t, robust to rounding (t is a multiple of dt up to 1e-3 dt)
    return np.int64((t + 1e-3 * dt) / dt)


def _int(x):
    return np.int64(x)


def _python_int(x):
    """``int()`` as compiled code computes it: NaN and infinities give the smallest int64."""
    if isinstance(x, (int, np.integer)):
        return np.int64(x)
    return np.float64(x).astype(np.int64)


def _python_timestep(t, dt):
    return _python_int((t + 1e-3 * dt) / dt)


def _safe_log(x):
    if x > 0:
        return math.log(x)
    return -math.inf if x == 0 else math.nan


def _safe_log10(x):
    if x > 0:
        return math.log10(x)
    return -math.inf if x == 0 else math.nan


def _safe_sqrt(x):
    return math.sqrt(x) if x >= 0 else math.nan


def _safe_exp(x):
    if x > 709.782712893384:
        return math.inf
    return math.exp(x)


def _asin(x):
    return math.asin(x) if -1.0 <= x <= 1.0 else math.nan


def _acos(x):
    return math.acos(x) if -1.0 <= x <= 1.0 else math.nan


def _timedarray(values, dt, k, t, i=0):
    # Brian 2's rule: round t to a grid k times finer than the array's dt
    # (k >= 8 steps of the caller per array step), then take whole steps;
    # before the start the first value, after the end the last one is held
    step = math.floor(math.floor(t / (dt / k) + 0.5) / k)
    step = min(max(step, 0), values.shape[0] - 1)
    column = int(i)
    if column < 0 or column >= values.shape[1]:
        raise IndexError("a TimedArray was called with an element index outside its columns")
    return values[step, column]


#: The random draws of the samplers below; the numba flavour rebinds them
#: to numba's generator (see :func:`_with_jit_random`).
_uniform = python_random_state.random_sample
_normal = python_random_state.standard_normal


def _binomial(n, p):
    """A draw from Binomial(n, p): Brian 2's normal approximation when
    n*p > 5 and n*(1 - p) > 5 (not rounded, not clipped), else exact
    inversion of the distribution function from one uniform draw."""
    if n * p > 5.0 and n * (1.0 - p) > 5.0:
        return n * p + math.sqrt(n * p * (1.0 - p)) * _normal()
    flip = p > 0.5
    q = 1.0 - p if flip else p
    u = _uniform()
    term = (1.0 - q) ** n
    total = term
    k = 0
    while u > total and k < n:
        k += 1
        term *= (n - k + 1) / k * q / (1.0 - q)
        total += term
    return float(n - k if flip else k)


_PURE = {
    "_exp": _safe_exp,
    "_log": _safe_log,
    "_log10": _safe_log10,
    "_sqrt": _safe_sqrt,
    "_sin": math.sin,
    "_cos": math.cos,
    "_tan": math.tan,
    "_sinh": math.sinh,
    "_cosh": math.cosh,
    "_tanh": math.tanh,
    "_arcsin": _asin,
    "_arccos": _acos,
    "_arctan": math.atan,
    "_exprel": _exprel,
    "_abs": abs,
    "_floor": math.floor,
    "_ceil": math.ceil,
    "_sign": _sign,
    "_clip": _clip,
    "_int": _int,
    "_timestep": _timestep,
    "_timedarray": _timedarray,
}


def _python_flavour() -> dict:
    table = dict(_PURE)
    table["_int"] = _python_int
    table["_timestep"] = _python_timestep
    table["_floor"] = lambda x: float(math.floor(x))
    table["_ceil"] = lambda x: float(math.ceil(x))
    table["_sinh"] = lambda x: math.sinh(x) if abs(x) < 710 else math.copysign(math.inf, x)
    table["_cosh"] = lambda x: math.cosh(x) if abs(x) < 710 else math.inf
    table["_rand"] = python_random_state.random_sample
    table["_randn"] = python_random_state.standard_normal
    table["_binomial"] = _binomial
    table["_inf"] = math.inf
    table["_nan"] = math.nan
    table["np"] = np
    table["math"] = math
    return table


_NUMBA = None


def _numba_flavour() -> dict:
    global _NUMBA
    if _NUMBA is None:
        import numba

        jit = numba.njit(cache=True, nogil=True)
        table = {}
        for name, func in _PURE.items():
            if not isinstance(func, types.FunctionType):
                table[name] = func  # builtins such as math.sin: numba knows them
            else:
                table[name] = jit(func)
        table["_floor"] = _jit_floor
        table["_ceil"] = _jit_ceil
        table["_sinh"] = math.sinh
        table["_cosh"] = math.cosh
        table["_rand"] = _jit_rand
        table["_randn"] = _jit_randn
        table["_binomial"] = jit(_with_jit_random(_binomial))
        table["_inf"] = math.inf
        table["_nan"] = math.nan
        table["np"] = np
        table["math"] = math
        _NUMBA = table
    return _NUMBA


def _make_jit_primitives():
    import numba

    jit = numba.njit(cache=True, nogil=True)

    @jit
    def rand():
        return np.random.random()

    @jit
    def randn():
        return np.random.standard_normal()

    @jit
    def floor(x):
        return float(math.floor(x))

    @jit
    def ceil(x):
        return float(math.ceil(x))

    return rand, randn, floor, ceil


_jit_rand = _jit_randn = _jit_floor = _jit_ceil = None
_numba_target = {"ready": False}
#: held by the one thread importing numba and building its target: two
#: threads importing numba at once can see its modules half-initialized
_numba_import_lock = threading.Lock()


def _ensure_jit_primitives() -> None:
    global _jit_rand, _jit_randn, _jit_floor, _jit_ceil
    if _jit_rand is None:
        _jit_rand, _jit_randn, _jit_floor, _jit_ceil = _make_jit_primitives()


def _with_jit_random(func: types.FunctionType) -> types.FunctionType:
    """``func`` with its random draws taken from numba's generator (to be jitted)."""
    names = dict(func.__globals__, _uniform=_jit_rand, _normal=_jit_randn)
    return types.FunctionType(func.__code__, names, func.__name__)


def numba_target_ready(attempts: int = 20) -> None:
    """Build numba's CPU target (once per process), safe from the builtins race.

    Numba builds it at its first compilation and, doing so, iterates over
    ``builtins.__dict__`` while calling into LLVM (which lets other threads
    run); IPython edits that dict at every cell's start and end, in the main
    thread.  Numba reads the builtins through ``numba.core.utils.builtins``,
    so a copy taken in one step stands in for them while the target is
    built.  Should a numba version read them elsewhere, an attempt that
    meets the race is simply made again (numba repeats its set-up step until
    it succeeds once).  One thread at a time imports numba here (every path
    to numba passes through this function first): two threads importing it
    at once can find its modules half-initialized.
    """
    if _numba_target["ready"]:
        return
    with _numba_import_lock:
        if not _numba_target["ready"]:
            # numba's set-up allocates some 300,000 long-lived objects: the
            # garbage collector's full passes meanwhile would only walk them
            collecting = gc.isenabled()
            gc.disable()
            try:
                _build_numba_target(attempts)
            finally:
                if collecting:
                    gc.enable()
            _numba_target["ready"] = True
            atexit.register(_freeze_heap_at_exit)


#: Modules numba imports for features generated code never uses: cffi (calls
#: to cffi functions) and coverage (measuring the coverage of jitted code).
_UNUSED_BY_KERNELS = ("cffi", "coverage")


def _import_numba() -> None:
    """Import numba, without cffi and coverage when no other thread exists.

    The two cost about 0.1 s of a fresh process (a tenth of a warm CUBA
    script).  While numba is imported they are marked as missing, so numba
    leaves their features off, and then unmarked, so that a later import of
    either works as usual.  Only a single-threaded process does this: another
    thread importing one of them meanwhile would fail.
    """
    if "numba" in sys.modules:
        return
    hidden = []
    if threading.active_count() == 1:
        hidden = [name for name in _UNUSED_BY_KERNELS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import numba  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def _build_numba_target(attempts: int) -> None:
    # numba itself first: importing one of its submodules first fails
    _import_numba()
    from numba.core import utils
    from numba.core.registry import cpu_target

    for attempt in range(attempts):
        snapshot = type(builtins)("builtins")
        snapshot.__dict__.update(builtins.__dict__)  # one step: no thread runs meanwhile
        real, utils.builtins = getattr(utils, "builtins", builtins), snapshot
        try:
            # the target, and the typing and lowering registries numba loads
            # at its first compilation or first load from its cache
            cpu_target.target_context.refresh()
            cpu_target.typing_context.refresh()
            return
        except RuntimeError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01)
        finally:
            utils.builtins = real


def _freeze_heap_at_exit() -> None:
    """Spare the interpreter's last garbage collections (``config.quick_exit``).

    Once numba is loaded, the heap holds several hundred thousand of its
    objects (types, templates, registries), and the full collections Python
    runs while shutting down walk them all: about 0.3 s of a process's exit,
    a third of a whole warm CUBA process.  Freezing the heap (:func:`gc.freeze`)
    when the exit handlers run leaves those collections nothing to walk.
    Objects are still freed by reference counting as the modules are torn
    down; only objects caught in reference cycles are left to the operating
    system, as Python allows (it does not promise to finalize objects alive
    at exit).
    """
    from ..config import config

    if config.quick_exit:
        gc.freeze()


def helpers(jit: bool) -> dict:
    """The globals a generated module needs.

    Parameters
    ----------
    jit : bool
        True for numba-compiled helpers, False for plain Python.
    """
    if jit:
        numba_target_ready()
        _ensure_jit_primitives()
        return _numba_flavour()
    return _python_flavour()


def seed_all(value: int | None) -> None:
    """Seed brianlab's random stream (and numpy's global generator).

    Parameters
    ----------
    value : int or None
        The seed; None seeds from the operating system's entropy.
    """
    if value is None:
        value = int(np.random.SeedSequence().entropy % (2**32))
    python_random_state.seed(value)
    np.random.seed(value)
    _holder[:] = ["python", None]


#: Which generator holds the stream's current state: ["python", None], or
#: ["numba", address of the holding thread's numba generator state].
_holder: list = ["python", None]

# numba's generator state (``rnd_state_t`` in numba's _random.c, mirrored in
# numba.cpython.randomimpl): int index; uint32 mt[624]; int has_gauss;
# double gauss; int is_initialized.  numba's helpers set and get index and
# mt; the cached second normal draw is reached at its C offset.
_MT_SIZE = 624
_HAS_GAUSS_OFFSET = 4 + 4 * _MT_SIZE
_GAUSS_OFFSET = _HAS_GAUSS_OFFSET + 4
_INITIALIZED_OFFSET = _GAUSS_OFFSET + 8
#: whether the layout above is numba's (checked once, see :func:`_layout_known`)
_layout: dict = {}


def _layout_known(pointer: int) -> bool:
    """Whether numba's state struct has the layout brianlab reaches into.

    Right after numba's own ``rnd_set_state``, its pending-normal flag and
    value are 0 and its initialised flag is 1; reading them at the expected
    offsets checks the layout without writing anywhere.  If another numba
    version changed it, the cached normal draw is not handed over (the
    stream then differs from an all-Python run after an odd number of
    normal draws) and a warning says so.
    """
    if "known" not in _layout:
        known = (
            ctypes.c_int.from_address(pointer + _HAS_GAUSS_OFFSET).value == 0
            and ctypes.c_double.from_address(pointer + _GAUSS_OFFSET).value == 0.0
            and ctypes.c_int.from_address(pointer + _INITIALIZED_OFFSET).value == 1
        )
        if not known:
            import logging

            logging.getLogger("brianlab.codegen").warning(
                "This numba version keeps its random state in an unknown layout: compiled "
                "and Python runs may draw different normal numbers after a seed."
            )
        _layout["known"] = known
    return _layout["known"]


def use_random_stream(kind: str) -> None:
    """Let the generator of ``kind`` ("python" or "numba") hold the stream.

    Copies the state from the other generator when it held it, including
    a pending second normal draw, so that the sequence continues exactly.
    numba's generator is per thread: "numba" means the calling thread's,
    and the state is copied between threads when another thread's held it
    (see :func:`release_random_stream` for threads other than the main one).
    """
    if kind == "python" and _holder[0] == "python":
        return
    from numba import _helperlib

    here = _helperlib.rnd_get_np_state_ptr()
    if kind == "numba" and _holder == ["numba", here]:
        return
    if _holder[0] == "numba":  # from a numba generator (maybe another thread's) to Python
        position, key = _helperlib.rnd_get_state(_holder[1])
        has_gauss, gauss = 0, 0.0
        if _layout.get("known"):
            has_gauss = ctypes.c_int.from_address(_holder[1] + _HAS_GAUSS_OFFSET).value
            gauss = ctypes.c_double.from_address(_holder[1] + _GAUSS_OFFSET).value
        python_random_state.set_state(
            ("MT19937", np.array(key, dtype=np.uint32), position, has_gauss, gauss)
        )
        _holder[:] = ["python", None]
    if kind == "numba":
        _, key, position, pending, cached = python_random_state.get_state()
        _helperlib.rnd_set_state(here, (int(position), key.tolist()))
        if _layout_known(here):
            ctypes.c_int.from_address(here + _HAS_GAUSS_OFFSET).value = int(pending)
            ctypes.c_double.from_address(here + _GAUSS_OFFSET).value = float(cached)
        _holder[:] = ["numba", here]


def release_random_stream() -> None:
    """Hand the stream back to Python if this thread's numba generator holds it.

    A thread other than the main one calls it after each compiled kernel:
    its generator's memory goes when the thread ends, so it must not keep
    the stream.
    """
    if _holder[0] == "numba":
        use_random_stream("python")
