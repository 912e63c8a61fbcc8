"""Networks: collecting objects, building the compiled loop, running it.

:class:`Network` builds one generated function for the whole time loop of its
objects (:mod:`brianlab.codegen.network_kernel`) and runs it in *chunks*.
Between chunks — and only there — Python runs: progress reports, checks for
NaN/inf, a pending Ctrl-C / kernel interrupt, ``network_operation``
callbacks.  A run interrupted or stopped by an error leaves every object at
the end of the last completed chunk (or, for a divergence, at the last
finite step), with monitors holding what was recorded until then; the next
``run()`` continues from there.

The module-level :func:`run`, :func:`store`, :func:`restore` use the *magic
network*: the objects bound to variables in the calling code, as Brian 2.
"""

from __future__ import annotations

import logging
import math
import signal
import sys
import threading
import time
from dataclasses import dataclass

import numpy as np

from ..codegen.compiler import tiered_kernel
from ..codegen.network_kernel import KernelBuilder
from ..config import config
from ..errors import (
    ElementIndexError,
    InvalidParameterError,
    MagicError,
    ResourceLimitError,
    SimulationDiverged,
)
from ..units import Quantity, second
from .base import BrianObject, current_scope
from .clock import check_time, defaultclock

__all__ = ["Network", "run", "store", "restore", "collect", "network_operation", "RunInfo"]

logger = logging.getLogger("brianlab.network")


@dataclass
class RunInfo:
    """What objects need to know when a run starts."""

    namespace: dict | None
    n_steps: int
    start_step: int
    dt: float


def _timestep(t: float, dt: float) -> int:
    return int((t + 1e-3 * dt) / dt)


class _InterruptGuard:
    """Turns Ctrl-C during a run into a flag checked between chunks."""

    def __init__(self) -> None:
        self.requested = False
        self._old = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            self._old = signal.getsignal(signal.SIGINT)
            signal.signal(signal.SIGINT, self._handler)
        return self

    def _handler(self, signum, frame) -> None:
        self.requested = True

    def __exit__(self, *exc) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


class Network:
    """A set of objects simulated together.

    Parameters
    ----------
    *objects : BrianObject or list
        The objects (lists and tuples are flattened).
    name : str
        A name for the network.
    """

    def __init__(self, *objects, name: str = "network") -> None:
        self.name = name
        self.objects: list[BrianObject] = []
        self._t = 0.0
        self._stored: dict[str, dict] = {}
        self._kernel = None
        self._runner = None  # the flavour of self._kernel the current run uses
        self._builder = None
        self._structure = None
        self.stop_requested = False
        self.add(*objects)

    # membership ----------------------------------------------------------
    def add(self, *objects) -> None:
        """Add objects (or lists of objects) to the network."""
        for obj in objects:
            if isinstance(obj, (list, tuple, set)):
                self.add(*obj)
                continue
            if isinstance(obj, Network):
                self.add(*obj.objects)
                continue
            if not isinstance(obj, BrianObject):
                raise TypeError(f"cannot add {type(obj).__name__} to a Network")
            if obj not in self.objects:
                twin = next((o for o in self.objects if o.name == obj.name), None)
                if twin is not None:
                    raise ValueError(
                        f"two objects are called {obj.name!r} in one network; give them "
                        "different names (or call start_scope() before re-creating them)."
                    )
                self.objects.append(obj)
                for inner in obj.contained_objects:
                    self.add(inner)
        self._kernel = None

    def remove(self, *objects) -> None:
        """Remove objects from the network."""
        for obj in objects:
            if obj in self.objects:
                self.objects.remove(obj)
        self._kernel = None

    def __contains__(self, obj) -> bool:
        return obj in self.objects

    def __len__(self) -> int:
        return len(self.objects)

    def __getitem__(self, name: str) -> BrianObject:
        for obj in self.objects:
            if obj.name == name:
                return obj
        raise KeyError(f"no object named {name!r} in the network")

    # time ----------------------------------------------------------------
    @property
    def t(self) -> Quantity:
        """The current simulation time."""
        return Quantity(self._t, dim=second.dim)

    @property
    def t_(self) -> float:
        """The current simulation time in seconds."""
        return self._t

    def _set_t(self, t: float) -> None:
        self._t = t
        defaultclock._t = t
        for obj in self.objects:
            obj.clock._t = t

    def _base_dt(self) -> float:
        active = [o for o in self.objects if o.active]
        return min((o.clock.dt_ for o in active), default=defaultclock.dt_)

    # building ------------------------------------------------------------
    def _build(self) -> KernelBuilder:
        dt = self._base_dt()
        active = sorted((o for o in self.objects if o.active), key=lambda o: o.schedule_key())
        key = (dt, tuple(id(o) for o in active), tuple(o._structure_version() for o in active))
        if self._kernel is not None and self._structure == key:
            return self._builder
        builder = KernelBuilder(dt=dt)
        for obj in active:
            obj._network = self
            obj.build_code(builder)
        source = builder.render()
        self._kernel = tiered_kernel(source, "run_chunk")
        self._builder = builder
        self._structure = key
        self.source = source
        return builder

    # running -------------------------------------------------------------
    def run(
        self,
        duration,
        report=None,
        report_period=10 * second,
        namespace: dict | None = None,
        profile: bool = False,
        level: int = 0,
    ) -> None:
        """Simulate for ``duration``.

        Parameters
        ----------
        duration : Quantity
            How long, e.g. ``100*ms``.
        report : None, 'text', 'stdout', 'stderr' or callable
            Progress reports; a callable gets ``(elapsed, completed, start,
            duration)`` as Brian 2's.
        report_period : Quantity
            Wall-clock time between reports.
        namespace : dict, optional
            Values for external names (default: the caller's variables).
        profile : bool
            Accepted for compatibility; ignored.
        level : int
            Frames above the caller whose variables are the namespace.
        """
        seconds = check_time(duration, "duration", example="100*ms")
        if namespace is None:
            frame = sys._getframe(level + 1)
            namespace = dict(frame.f_globals)
            namespace.update(frame.f_locals)
        active = [o for o in self.objects if o.active]
        if not active:
            logger.warning("The network has no objects; run() only advances the time.")
        for obj in active:
            obj.complete_setup(namespace)
        dt = self._base_dt()
        start_step = _timestep(self._t, dt)
        end_step = _timestep(self._t + seconds, dt)
        n_steps = end_step - start_step
        self._check_limits(n_steps, dt, active)
        builder = self._build()
        info = RunInfo(namespace, n_steps, start_step, dt)
        for obj in active:
            obj.before_run(info)
        self.stop_requested = False
        reporter = _make_reporter(report, report_period, self._t, seconds)
        try:
            self._run_steps(builder, start_step, n_steps, dt, reporter, active)
        finally:
            for obj in active:
                obj.after_run()
                obj._has_run = True

    def stop(self) -> None:
        """Stop a running simulation at the end of the current chunk."""
        self.stop_requested = True

    def _choose_kernel(self, builder, n_steps: int, dt: float, active) -> bool:
        """Pick the flavour of the network kernel that starts this run.

        Sets ``self._runner``.  With numba on, a compiled kernel is used when
        it exists.  The first run of a new kernel starts as Python instead,
        unless it is clearly large (more than ``config.python_first_run_work``
        neuron, synapse and monitor updates); :meth:`_switch_to_compiled`
        decides between chunks whether to go on as Python, and a run that
        ends as Python hands the kernel to the compiler thread (only then:
        compiling meanwhile would compete with the run for the interpreter).
        Later runs always use the compiled kernel (see
        :mod:`brianlab.codegen.compiler` for why).

        Returns
        -------
        bool
            Whether the run starts as Python while numba compiles.
        """
        kernel = self._kernel
        if not config.jit:
            self._runner = kernel.python
            return False
        elements = sum(getattr(obj, "N", 0) for obj in active) + len(active)
        if (
            not kernel.ready
            and kernel.python_runs == 0
            and n_steps * elements <= config.python_first_run_work
        ):
            kernel.python_runs += 1
            self._runner = kernel.python
            return True
        self._runner = kernel.compiled(_typical_arguments(builder, dt))
        return False

    def _switch_to_compiled(
        self, builder, dt: float, python_seconds: float, steps_done: int, steps_left: int
    ) -> bool:
        """Between two chunks of a run started as Python: use the compiled kernel now?

        Yes when it is ready, or when the rest of the run would take more
        than ``config.python_first_run_seconds`` as Python (judged from the
        steps done so far), in which case it is compiled now.  The
        two flavours compute the same bits from one random stream, so the
        switch does not change the results.
        """
        kernel = self._kernel
        projected = python_seconds / max(steps_done, 1) * steps_left
        if kernel.ready or projected > config.python_first_run_seconds:
            self._runner = kernel.compiled(_typical_arguments(builder, dt))
            return True
        return False

    def _run_steps(self, builder, start_step, n_steps, dt, reporter, active) -> None:
        tiering = self._choose_kernel(builder, n_steps, dt, active)
        try:
            self._run_chunks(builder, start_step, n_steps, dt, reporter, active, tiering)
        finally:
            if self._runner is self._kernel.python and config.jit:
                self._kernel.compile_in_background(_typical_arguments(builder, dt))

    def _run_chunks(self, builder, start_step, n_steps, dt, reporter, active, tiering) -> None:
        python_seconds = 0.0
        step = start_step
        end = start_step + n_steps
        chunk = 1 if n_steps > 10 else n_steps
        wall_start = time.perf_counter()
        operations = [o for o in active if hasattr(o, "run_operation")]
        check = config.check_finite
        with _InterruptGuard() as guard:
            while step < end:
                if operations:
                    for op in operations:
                        op.run_operation(step, dt)
                    chunk_end = min(end, min(op.next_step(step, dt) for op in operations))
                else:
                    chunk_end = end
                n = max(1, min(chunk, chunk_end - step))
                if tiering and step > start_step:
                    tiering = not self._switch_to_compiled(
                        builder, dt, python_seconds, step - start_step, end - step
                    )
                snapshot = self._snapshot(active) if check else None
                began = time.perf_counter()
                try:
                    done = self._runner(step, n, dt, *builder.arguments())
                except IndexError:
                    self._explain_index_error(snapshot, builder, active, step, n, dt)
                    raise
                except (ZeroDivisionError, FloatingPointError):
                    if snapshot is None:
                        raise SimulationDiverged(
                            f"a division by zero stopped the run between t = "
                            f"{step * dt * 1e3:g} ms and {(step + n) * dt * 1e3:g} ms.",
                            "With brianlab.config.check_finite off, the state is left partly "
                            "updated; turn it on to keep the last consistent step.",
                        ) from None
                    # raises at the step that divides by zero, or replays all n steps
                    self._locate_divergence(snapshot, step, n, dt, builder, active)
                    done = n
                elapsed = time.perf_counter() - began
                if tiering:
                    python_seconds += elapsed
                if done < n:  # a buffer is full: grow it and go on
                    for obj in active:
                        obj.grow_buffers()
                step += done
                self._set_t(step * dt)
                if check:
                    self._check_finite(active, snapshot, step - done, done, dt, builder)
                if reporter is not None:
                    reporter(time.perf_counter() - wall_start, (step - start_step) * dt)
                if guard.requested:
                    raise KeyboardInterrupt(
                        f"run interrupted at t = {self._t * 1e3:g} ms; the network is "
                        "consistent there and the next run() continues from it."
                    )
                if self.stop_requested:
                    logger.info("Simulation stopped at t = %g s.", self._t)
                    break
                # aim for config.chunk_seconds of compiled work per chunk
                if elapsed < config.chunk_seconds / 4:
                    chunk = min(chunk * 4, 1 << 30)
                elif elapsed > config.chunk_seconds:
                    chunk = max(1, int(chunk * config.chunk_seconds / elapsed))
        if reporter is not None:
            reporter(time.perf_counter() - wall_start, (step - start_step) * dt, final=True)

    def _explain_index_error(self, snapshot, builder, active, step: int, n: int, dt) -> None:
        """Turn a kernel's IndexError into advice when a 2-D TimedArray can cause it.

        The compiled helper can only say that a column index was out of
        range; here the arrays and the groups calling them are known.  With
        a snapshot of the chunk's start, the chunk is replayed step by step
        to the failing step, and the network is left just before it.
        """
        where = f"between t = {step * dt * 1e3:g} ms and {(step + n) * dt * 1e3:g} ms"
        if snapshot is not None:
            self._rewind(snapshot, active, step, dt)
            for k in range(step, step + n):
                before = self._snapshot(active)
                try:
                    self._runner(k, 1, dt, *builder.arguments())
                except IndexError:
                    self._rewind(before, active, k, dt)
                    where = f"at t = {k * dt * 1e3:g} ms (step {k})"
                    break
                self._set_t((k + 1) * dt)
        tables = []
        for obj in active:
            for name, function in getattr(obj, "_functions", {}).items():
                if function.code != "_timedarray" or 2 not in function.n_args:
                    continue
                values = next(get for label, _, get in function.data if label == "values")
                columns = values(dt).shape[1]
                size = getattr(obj, "N", None)
                tables.append(
                    f"'{name}' has {columns} columns, used by {obj.name} ({size} elements)"
                )
        if not tables:
            return
        raise ElementIndexError(
            f"{where}, a TimedArray was read at an element index outside its columns: "
            f"{'; '.join(tables)}.",
            "Called as f(t, i), a TimedArray needs one column per element: values of "
            "shape (time steps, N), e.g. TimedArray(values.T*nA, dt=1*ms) for an array "
            "of N rows.",
        ) from None

    def _snapshot(self, active) -> list:
        return [(obj, obj.get_state()) for obj in active if obj.state_arrays()]

    def _check_finite(self, active, snapshot, chunk_start, done, dt, builder) -> None:
        for obj in active:
            for arr in obj.state_arrays().values():
                if arr.size and not np.isfinite(arr).all():
                    self._locate_divergence(snapshot, chunk_start, done, dt, builder, active)
                    return

    def _locate_divergence(self, snapshot, chunk_start, done, dt, builder, active) -> None:
        """Re-run the bad chunk step by step, stop before the first non-finite step."""
        self._rewind(snapshot, active, chunk_start, dt)
        step = chunk_start
        for _ in range(done):
            before = self._snapshot(active)
            try:
                self._runner(step, 1, dt, *builder.arguments())
            except (ZeroDivisionError, FloatingPointError):
                self._rewind(before, active, step, dt)
                raise SimulationDiverged(
                    f"a division by zero happened at t = {step * dt * 1e3:g} ms (step {step}).",
                    _DIVERGED_HINT,
                ) from None
            for obj in active:
                for name, arr in obj.state_arrays().items():
                    bad = np.flatnonzero(~np.isfinite(arr))
                    if bad.size:
                        value = arr[bad[0]]
                        self._rewind(before, active, step, dt)
                        what = "NaN" if np.isnan(value) else "inf"
                        raise SimulationDiverged(
                            f"'{name}' of neuron {bad[0]} in {obj.name} became {what} at "
                            f"t = {step * dt * 1e3:g} ms (step {step}).",
                            _DIVERGED_HINT,
                        )
            step += 1
            self._set_t(step * dt)
        # the step-by-step replay stayed finite (random inputs differ): go on
        logger.warning("A non-finite value could not be reproduced step by step; continuing.")

    def _rewind(self, snapshot, active, step: int, dt: float) -> None:
        """Put every object back to ``snapshot``, taken at ``step``."""
        for obj, state in snapshot:
            obj.set_state(state)
        for obj in active:
            if hasattr(obj, "rollback"):
                obj.rollback(step)
        self._set_t(step * dt)

    def _check_limits(self, n_steps: int, dt: float, active) -> None:
        limits = config.limits
        if n_steps > limits.max_steps:
            raise ResourceLimitError(
                f"run() of {n_steps:,} steps (dt = {dt * 1e3:g} ms) is above brianlab's limit "
                f"of {limits.max_steps:,} steps (brianlab.config.limits.max_steps).",
                "Run for a shorter time or use a larger dt.",
            )
        elements = sum(obj.N for obj in active if hasattr(obj, "variables"))
        work = float(n_steps) * elements
        if work > limits.max_work:
            raise ResourceLimitError(
                f"run() of {n_steps:,} steps (dt = {dt * 1e3:g} ms) for {elements:,} neurons "
                f"and synapses is about {work:.3g} updates (roughly "
                f"{work / _UPDATES_PER_SECOND / 3600:.2g} hours); brianlab's limit is "
                f"{limits.max_work:.3g} (brianlab.config.limits.max_work).",
                "Run for a shorter time, simulate fewer neurons, or raise the limit if you "
                "are prepared to wait.",
            )
        total = 0
        for obj in active:
            if hasattr(obj, "estimate_bytes"):
                need = obj.estimate_bytes(n_steps, dt)
                if need > limits.max_monitor_bytes:
                    raise ResourceLimitError(
                        f"{type(obj).__name__} '{obj.name}' would need about "
                        f"{need / 1e9:.3g} GB to record "
                        f"{n_steps:,} steps; the limit is "
                        f"{limits.max_monitor_bytes / 1e9:.3g} GB "
                        "(brianlab.config.limits.max_monitor_bytes).",
                        "Record fewer neurons (record=[0, 1]), fewer variables, or use a "
                        "larger monitor dt (dt=1*ms).",
                    )
                total += need
        if total > limits.max_total_bytes:
            raise ResourceLimitError(
                f"the monitors would need about {total / 1e9:.3g} GB together; the limit is "
                f"{limits.max_total_bytes / 1e9:.3g} GB.",
                "Record less, or run for a shorter time.",
            )

    # storing -------------------------------------------------------------
    def store(self, name: str = "default", filename: str | None = None) -> None:
        """Remember the state of every object and the time, under ``name``."""
        state = {
            "t": self._t,
            "objects": {id(o): o.get_state() for o in self.objects},
        }
        if filename is not None:
            import pickle

            by_name = {o.name: o.get_state() for o in self.objects}
            with open(filename, "wb") as handle:
                pickle.dump({"t": self._t, "by_name": by_name, "name": name}, handle)
        self._stored[name] = state

    def restore(
        self,
        name: str = "default",
        filename: str | None = None,
        restore_random_state: bool = False,
    ) -> None:
        """Go back to a state saved by :meth:`store`."""
        if restore_random_state:
            raise NotImplementedError(
                "restore_random_state=True is not supported by brianlab yet; call seed(...) "
                "after restore() for reproducible random numbers."
            )
        if filename is not None:
            import pickle

            with open(filename, "rb") as handle:
                data = pickle.load(handle)  # noqa: S301 - a file the user stored
            self._set_t(data["t"])
            for obj in self.objects:
                if obj.name in data["by_name"]:
                    obj.set_state(data["by_name"][obj.name])
            return
        if name not in self._stored:
            raise KeyError(f"no state stored under the name {name!r}; call store() first")
        state = self._stored[name]
        self._set_t(state["t"])
        for obj in self.objects:
            if id(obj) in state["objects"]:
                obj.set_state(state["objects"][id(obj)])

    def __repr__(self) -> str:
        return f"<Network {self.name!r} with {len(self.objects)} objects at t={self.t}>"


_DIVERGED_HINT = (
    "The equation grows faster than dt can follow, or divides by zero: reduce dt, use "
    "method='rk4', or check the signs and time constants. The network is left at the last "
    "finite step."
)
#: A rough speed of compiled code, for the time estimate of a refused run.
_UPDATES_PER_SECOND = 1e8


def _typical_arguments(builder: KernelBuilder, dt: float) -> list:
    """Arguments like a chunk's, whose types the kernel is compiled for."""
    return [0, 1, dt, *builder.arguments()]


def _make_reporter(report, period, t0: float, duration: float):
    if report is None:
        return None
    period_s = float(period / second) if isinstance(period, Quantity) else float(period)
    state = {"last": -math.inf}

    def fmt(seconds: float) -> str:
        return str(Quantity(seconds, dim=second.dim))

    if callable(report):

        def call(elapsed, completed, final=False):
            if final or elapsed - state["last"] >= period_s:
                state["last"] = elapsed
                report(elapsed * second, completed * second, t0 * second, duration * second)

        return call
    stream = sys.stderr if report == "stderr" else sys.stdout
    if report not in ("text", "stdout", "stderr"):
        raise InvalidParameterError(
            f"report must be None, 'text', 'stdout', 'stderr' or a function; got {report!r}.",
            None,
        )
    print(f"Starting simulation at t={fmt(t0)} for a duration of {fmt(duration)}", file=stream)

    def text(elapsed, completed, final=False):
        if final or elapsed - state["last"] >= period_s:
            state["last"] = elapsed
            percent = 100.0 * completed / duration if duration else 100.0
            print(
                f"{fmt(completed)} ({percent:.0f}%) simulated in {elapsed:.2f}s",
                file=stream,
            )

    return text


# the magic network -----------------------------------------------------------
_magic: dict = {"network": None, "objects": frozenset()}


def _reset_magic_network() -> None:
    _magic["network"] = None
    _magic["objects"] = frozenset()


def collect(level: int = 0) -> list:
    """The objects bound to variables in the calling code (current scope only)."""
    frame = sys._getframe(level + 1)
    found = {}
    for space in (frame.f_locals, frame.f_globals):
        for value in list(space.values()):
            if (
                isinstance(value, BrianObject)
                and value.add_to_magic_network
                and value._scope == current_scope()
            ):
                found[id(value)] = value
    return sorted(found.values(), key=lambda o: o._creation_index)


def _with_contained(objects) -> list:
    out = []
    for obj in objects:
        out.append(obj)
        out.extend(_with_contained(obj.contained_objects))
    return out


def _magic_network(level: int) -> Network:
    objects = collect(level + 1)
    ids = frozenset(id(o) for o in _with_contained(objects))
    net = _magic["network"]
    if net is not None and ids == _magic["objects"]:
        return net
    ran = [o for o in _with_contained(objects) if o._has_run]
    new = [o for o in _with_contained(objects) if not o._has_run]
    if ran and new:
        raise MagicError(
            "The magic network contains a mix of objects that have been run before and new "
            f"objects ({', '.join(o.name for o in new)}).",
            "Call start_scope() at the start of the cell, then create all objects again, or "
            "use an explicit Network(...).",
        )
    previous = net
    net = Network(*objects, name="magicnetwork")
    if previous is not None and ran:
        net._t = previous._t
        net._stored = previous._stored
    _magic["network"] = net
    _magic["objects"] = ids
    return net


def run(duration, report=None, report_period=10 * second, namespace=None, level: int = 0):
    """Run the objects visible in the calling code for ``duration`` (Brian 2's ``run``)."""
    net = _magic_network(level + 1)
    if namespace is None:
        frame = sys._getframe(level + 1)
        namespace = dict(frame.f_globals)
        namespace.update(frame.f_locals)
    net.run(duration, report=report, report_period=report_period, namespace=namespace)


def store(name: str = "default", filename: str | None = None, level: int = 0) -> None:
    """Store the state of the objects visible in the calling code."""
    _magic_network(level + 1).store(name, filename)


def restore(
    name: str = "default",
    filename: str | None = None,
    restore_random_state: bool = False,
    level: int = 0,
) -> None:
    """Restore a state saved with :func:`store`."""
    _magic_network(level + 1).restore(name, filename, restore_random_state)


class NetworkOperation(BrianObject):
    """A Python function called between compiled chunks at its own ``dt``."""

    _base_name = "networkoperation"

    def __init__(self, function, dt=None, when="start", order=0, name=None) -> None:
        super().__init__(dt=dt, when=when, order=order, name=name, level=1)
        self.function = function
        import inspect

        self._takes_t = len(inspect.signature(function).parameters) >= 1

    def run_operation(self, step: int, dt: float) -> None:
        every = max(1, int(round(self.clock.dt_ / dt)))
        if step % every == 0:
            if self._takes_t:
                self.function(Quantity(step * dt, dim=second.dim))
            else:
                self.function()

    def next_step(self, step: int, dt: float) -> int:
        every = max(1, int(round(self.clock.dt_ / dt)))
        return (step // every + 1) * every


def network_operation(*args, **kwargs):
    """Decorator: call a Python function during runs (``@network_operation(dt=1*ms)``)."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return NetworkOperation(args[0])

    def decorate(function):
        return NetworkOperation(function, *args, **kwargs)

    return decorate
