"""Building a model once and re-running it: the engine behind every widget.

:class:`ModelSpec` is what the equation editor produces (equations,
threshold, reset, refractory, method).  :class:`Simulation` owns a
:class:`~brianlab.Network`, the namespace its groups read and the state
stored before the first run.  It re-runs from that stored state when a
slider moves (parameters are kernel arguments, so nothing is recompiled),
and runs long simulations chunk by chunk with a progress estimate, a stop
request honoured at the next chunk, optional *live* parameters (slider
values read again between chunks) and optionally in a background thread so
that a notebook stays responsive.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from ...core.network import Network
from ...errors import BrianlabError
from ...groups.group import Group
from ...groups.neurongroup import NeuronGroup
from ...monitors.spikemonitor import PopulationRateMonitor, SpikeMonitor
from ...monitors.statemonitor import StateMonitor
from ...units import Quantity, second

__all__ = ["ModelSpec", "Simulation", "widget_object_name", "captured_log"]

_counts: dict[str, int] = {}


def widget_object_name(role: str) -> str:
    """A fresh object name for a widget's own objects (never a learner's name).

    Names are numbered per role, so that the same notebook gives the same
    names — hence the same generated source and kernel-cache hits — in
    every new kernel.
    """
    _counts[role] = _counts.get(role, 0) + 1
    return f"widget_{role}_{_counts[role]}"


@contextmanager
def captured_log(messages: list):
    """Collect brianlab's log messages into ``messages`` instead of printing them.

    The widgets show them (e.g. which integration method was chosen) next
    to the model rather than as stderr lines under the cell.
    """

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("brianlab")
    saved = logger.handlers[:]
    logger.handlers = [_Collect(logging.INFO)]
    try:
        yield
    finally:
        logger.handlers = saved


@dataclass(frozen=True)
class ModelSpec:
    """A single-population model as a learner writes it.

    Attributes
    ----------
    equations : str
        The model equations.
    threshold, reset : str or None
        Spiking condition and reset statements.
    refractory : str, Quantity or False
        Refractory period (``5*ms`` or ``'5*ms'``) or condition; False for none.
    method : str or None
        Integration method (None: chosen automatically).
    """

    equations: str
    threshold: str | None = None
    reset: str | None = None
    refractory: object = False
    method: str | None = None

    def neuron_group(self, N: int, namespace: dict, name: str | None = None) -> NeuronGroup:
        """A NeuronGroup of ``N`` neurons of this model reading ``namespace``."""
        return NeuronGroup(
            N,
            self.equations,
            threshold=self.threshold,
            reset=self.reset,
            refractory=self.refractory,
            method=self.method,
            namespace=namespace,
            name=name or widget_object_name("neurons"),
        )


class Simulation:
    """A network that is run again and again from its stored initial state.

    Parameters
    ----------
    objects : iterable
        The network's objects (groups, monitors, …).
    namespace : dict
        The values of the model's external names; sliders write into it.
        It is also the run namespace, so groups created without
        ``namespace=`` see it too.
    duration : Quantity
        How long a re-run simulates.
    progress_after : float
        Wall-clock seconds above which a run shows a progress bar.

    Attributes
    ----------
    network : Network
    runs : int
        Number of completed or stopped runs.
    """

    def __init__(
        self,
        objects: Iterable,
        namespace: dict,
        duration: Quantity,
        *,
        progress_after: float = 1.0,
    ) -> None:
        self.network = Network(*objects, name=widget_object_name("network"))
        self.namespace = namespace
        self.duration = duration
        self.progress_after = progress_after
        self.live = False
        self.runs = 0
        self._chunk_listeners: list[Callable[[Simulation], None]] = []
        self._finish_listeners: list[Callable[[Simulation], None]] = []
        self._thread: threading.Thread | None = None
        self._run_lock = threading.Lock()
        self._state = {
            "running": False,
            "progress": 0.0,
            "show_progress": False,
            "elapsed": 0.0,
            "stopped": False,
            "error": None,
            "status": "ready",
        }
        # a run of no time builds and compiles the kernel now, so that the
        # learner's first slider move is as fast as the following ones
        self.network.run(0 * second, namespace=namespace)
        self.network.store("initial")

    # objects ---------------------------------------------------------------
    def objects_of(self, kind: type) -> list:
        """The network's objects of one type, in creation order."""
        return [o for o in self.network.objects if isinstance(o, kind)]

    @property
    def state_monitors(self) -> list[StateMonitor]:
        return self.objects_of(StateMonitor)

    @property
    def spike_monitors(self) -> list[SpikeMonitor]:
        return self.objects_of(SpikeMonitor)

    @property
    def rate_monitors(self) -> list[PopulationRateMonitor]:
        return self.objects_of(PopulationRateMonitor)

    # listeners ---------------------------------------------------------------
    def on_chunk(self, callback: Callable[[Simulation], None]) -> None:
        """Call ``callback(sim)`` between chunks of a run (in the running thread)."""
        self._chunk_listeners.append(callback)

    def on_finish(self, callback: Callable[[Simulation], None]) -> None:
        """Call ``callback(sim)`` when a run ends (completed, stopped or failed)."""
        self._finish_listeners.append(callback)

    # running -----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._state["running"]

    @property
    def state(self) -> dict:
        """Run status: ``running``, ``progress`` (0–1), ``show_progress``,
        ``elapsed`` (s), ``stopped``, ``error`` (message or None), ``status`` text,
        ``t`` (simulated ms), ``live``, ``runs``."""
        return {
            **self._state,
            "t": self.network.t_ * 1e3,
            "live": self.live,
            "runs": self.runs,
        }

    def apply_parameters(self) -> None:
        """Read the namespace's current values into every group (between chunks)."""
        for group in self.objects_of(Group):
            group.refresh_externals(self.namespace)

    def rerun(
        self, duration: Quantity | None = None, *, background: bool = False, live: bool = False
    ):
        """Go back to the stored initial state and run again.

        Parameters
        ----------
        duration : Quantity, optional
            Simulated time (default: the simulation's ``duration``).
        background : bool
            Run in a thread and return at once (the thread is returned).
        live : bool
            Read the namespace again between chunks, so that slider moves act
            on the running simulation.
        """
        return self.run(duration, background=background, live=live, from_start=True)

    def run(
        self,
        duration: Quantity | None = None,
        *,
        background: bool = False,
        live: bool = False,
        from_start: bool = False,
    ):
        """Run, continuing from the current state (or from the start).

        Returns
        -------
        threading.Thread or None
            The thread of a background run.

        Raises
        ------
        RuntimeError
            When a run is already going on.
        """
        duration = self.duration if duration is None else duration
        if not self._run_lock.acquire(blocking=False):
            raise RuntimeError("a run is already going on; stop it first.")
        self.live = live
        self._state.update(
            running=True,
            progress=0.0,
            show_progress=False,
            elapsed=0.0,
            stopped=False,
            error=None,
            status="running",
        )
        if not background:
            self._run(duration, from_start, reraise=True)
            return None
        self._thread = threading.Thread(
            target=self._run,
            args=(duration, from_start, False),
            daemon=True,
            name="brianlab-widget-run",
        )
        self._thread.start()
        return self._thread

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background run to end."""
        if self._thread is not None:
            self._thread.join(timeout)

    def stop(self) -> None:
        """End the current run at the end of its current chunk (nothing is lost)."""
        if self.running:
            self.network.stop()

    def _run(self, duration: Quantity, from_start: bool, reraise: bool) -> None:
        began = time.perf_counter()
        try:
            if from_start:
                self.network.restore("initial")
            self.network.run(
                duration,
                report=self._report,
                report_period=0 * second,
                namespace=self.namespace,
            )
        except BrianlabError as err:
            self._state.update(error=err.full_message, status=f"error: {err.full_message}")
            if reraise:
                raise
        except Exception as err:  # shown in the widget instead of killing its thread
            self._state.update(error=str(err), status=f"error: {err}")
            if reraise:
                raise
        finally:
            stopped = self.network.stop_requested
            self.network.stop_requested = False
            elapsed = time.perf_counter() - began
            self.runs += 1
            if self._state["error"] is None:
                t_ms = self.network.t_ * 1e3
                word = "stopped" if stopped else "done"
                took = f"{elapsed:.2f} s" if elapsed >= 1 else f"{elapsed * 1e3:.1f} ms"
                self._state.update(
                    status=f"{word} at t = {t_ms:g} ms ({took})",
                    progress=self._state["progress"] if stopped else 1.0,
                )
            self._state.update(running=False, stopped=stopped, elapsed=elapsed)
            self._run_lock.release()
            for callback in list(self._finish_listeners):
                callback(self)

    def _report(self, elapsed, completed, start, duration) -> None:
        seconds = float(elapsed / second)
        total = float(duration / second)
        fraction = float(completed / second) / total if total > 0 else 1.0
        estimate = seconds / fraction if fraction > 0 else 0.0
        show = (
            self._state["show_progress"]
            or seconds >= self.progress_after
            or (seconds >= 0.2 * self.progress_after and estimate >= self.progress_after)
        )
        self._state.update(progress=fraction, elapsed=seconds, show_progress=show)
        if self.live:
            self.apply_parameters()
        for callback in list(self._chunk_listeners):
            callback(self)
