"""Run controls: Run, Stop, live mode, duration and a progress bar.

The buttons act on a :class:`~.models.simulation.Simulation`.  A run starts
in a background thread, so that the notebook keeps handling clicks and
slider moves: Stop ends the run at the next chunk (every object stays
consistent, monitors keep what they recorded), and in live mode slider
values are read again between chunks.  The progress bar appears only for
runs that take more than about a second.
"""

from __future__ import annotations

import ipywidgets as w

from ..units import ms
from .models.simulation import Simulation

__all__ = ["RunControls"]


class RunControls(w.VBox):
    """Buttons and progress for long runs of a simulation.

    Parameters
    ----------
    sim : Simulation
        What to run.
    duration : Quantity, optional
        The initial value of the duration field (default: the simulation's).
    background : bool
        Run in a thread (set False in scripts to run synchronously).

    Attributes
    ----------
    run_button, stop_button : ipywidgets.Button
    live : ipywidgets.Checkbox
    duration : ipywidgets.FloatText
        Simulated time in ms.
    progress : ipywidgets.FloatProgress
    status : ipywidgets.Label
    """

    def __init__(self, sim: Simulation, duration=None, *, background: bool = True) -> None:
        self.background = background
        self.run_button = w.Button(description="Run", icon="play", button_style="success")
        self.stop_button = w.Button(description="Stop", icon="stop", disabled=True)
        self.live = w.Checkbox(value=False, description="live sliders", indent=False)
        self.duration = w.FloatText(
            description="duration (ms)",
            value=0.0,
            style={"description_width": "initial"},
            layout=w.Layout(width="180px"),
        )
        self.progress = w.FloatProgress(
            min=0.0, max=1.0, value=0.0, layout=w.Layout(visibility="hidden")
        )
        self.status = w.Label()
        self.run_button.on_click(lambda button: self.start())
        self.stop_button.on_click(lambda button: self.sim.stop())
        super().__init__(
            [
                w.HBox([self.run_button, self.stop_button, self.duration, self.live]),
                w.HBox([self.progress, self.status]),
            ]
        )
        self.sim: Simulation | None = None
        self.bind(sim, duration)

    def bind(self, sim: Simulation, duration=None) -> None:
        """Act on another simulation (after the model was rebuilt)."""
        self.sim = sim
        duration = sim.duration if duration is None else duration
        self.duration.value = float(duration / ms)
        sim.on_chunk(self._chunk)
        sim.on_finish(self._finished)

    def start(self) -> None:
        """Run from the initial state for the chosen duration (what Run does)."""
        if self.sim.running:
            return
        self.run_button.disabled = True
        self.stop_button.disabled = False
        self.status.value = "running…"
        self.progress.layout.visibility = "hidden"
        self.progress.value = 0.0
        self.sim.rerun(self.duration.value * ms, background=self.background, live=self.live.value)

    def _chunk(self, sim: Simulation) -> None:
        if sim is not self.sim:
            return
        state = sim.state
        if state["show_progress"]:
            self.progress.layout.visibility = "visible"
            self.progress.value = state["progress"]
            self.status.value = f"t = {state['t']:.1f} ms"

    def _finished(self, sim: Simulation) -> None:
        if sim is not self.sim:
            return
        state = sim.state
        self.progress.value = state["progress"]
        self.run_button.disabled = False
        self.stop_button.disabled = True
        self.status.value = state["status"]

    @property
    def state(self) -> dict:
        """The simulation's run state plus ``progress_visible``."""
        return {**self.sim.state, "progress_visible": self.progress.layout.visibility == "visible"}
