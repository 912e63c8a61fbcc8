"""What every simulated object shares: a unique name, a clock, a place in the
schedule, the namespace it was created in, and its scope for ``run()``'s
automatic collection of objects.
"""

from __future__ import annotations

import itertools
import numbers
import sys
import weakref

import numpy as np

from .clock import Clock, defaultclock

__all__ = ["BrianObject", "SCHEDULE", "start_scope", "current_scope", "caller_namespace"]

#: The main slots of one time step, in order (Brian 2's default schedule).
MAIN_SLOTS = ("start", "groups", "thresholds", "synapses", "resets", "end")
#: Every slot, with Brian 2's ``before_``/``after_`` variants around each one.
SCHEDULE = tuple(f"{p}{slot}" for slot in MAIN_SLOTS for p in ("before_", "", "after_"))

_creation_counter = itertools.count()
_scope = {"key": 0}
_names_in_use: dict[str, weakref.ref] = {}


def current_scope() -> int:
    """The key of the current scope (changed by :func:`start_scope`)."""
    return _scope["key"]


def start_scope() -> None:
    """Forget all objects created so far for the purpose of ``run()``.

    After this call, ``run()`` only collects objects created afterwards, as in
    Brian 2; use it at the top of each notebook cell that builds a model.
    """
    _scope["key"] += 1
    from .network import _reset_magic_network

    _reset_magic_network()


def caller_namespace(level: int = 0) -> tuple[dict, dict]:
    """The (locals, globals) of the user's frame ``level`` frames above the caller.

    At a notebook's top level the locals *are* the globals: the live dict is
    kept, not a copy.  In a function, the locals are copied (the frame goes
    away), but only values a model string can use — numbers, arrays,
    quantities, functions such as TimedArrays and text (for a clear error) —
    never other simulation objects, which would keep earlier models alive.
    """
    frame = sys._getframe(level + 2)
    if frame.f_locals is frame.f_globals:
        return {}, frame.f_globals
    kept = {
        name: value
        for name, value in frame.f_locals.items()
        if isinstance(value, (numbers.Number, np.ndarray, str, np.generic))
        or hasattr(value, "model_function")
    }
    return kept, frame.f_globals


def _unique_name(base: str) -> str:
    for k in itertools.count():
        candidate = base if k == 0 else f"{base}_{k}"
        ref = _names_in_use.get(candidate)
        if ref is None or ref() is None:
            return candidate
    raise AssertionError("unreachable")


class BrianObject:
    """Base class of everything that takes part in a simulation.

    Parameters
    ----------
    dt : Quantity, optional
        Own time step (default: the clock's, or ``defaultclock``).
    clock : Clock, optional
        The clock to use.
    when : str
        The slot of the time step it acts in (see :data:`SCHEDULE`).
    order : int
        Order within the slot.
    name : str, optional
        A unique name (default: the class name in lower case, numbered).
    level : int
        How many frames above the user's call the constructor runs (for the
        namespace the object was created in).
    """

    _base_name = "brianobject"
    #: objects that ``run()`` collects from the caller's variables
    add_to_magic_network = True

    def __init__(
        self,
        dt=None,
        clock: Clock | None = None,
        when: str = "start",
        order: int = 0,
        name: str | None = None,
        level: int = 0,
    ) -> None:
        if dt is not None and clock is not None:
            raise ValueError("give either dt or clock, not both")
        self._clock = clock if clock is not None else (Clock(dt) if dt is not None else None)
        if when not in SCHEDULE:
            raise ValueError(f"when must be one of {', '.join(SCHEDULE)}; got {when!r}")
        self.when = when
        self.order = order
        if name is None:
            name = _unique_name(self._base_name)
        # an explicit name may repeat (e.g. a notebook cell run again); two
        # objects of the same name in one network are refused by Network.add
        self.name = name
        _names_in_use[name] = weakref.ref(self)
        self._creation_index = next(_creation_counter)
        self._scope = current_scope()
        self.active = True
        self._has_run = False
        self._contained_objects: list[BrianObject] = []
        try:
            self._creation_locals, self._creation_globals = caller_namespace(level + 1)
        except ValueError:  # no such frame (called from the top of the stack)
            self._creation_locals, self._creation_globals = {}, {}

    @property
    def clock(self) -> Clock:
        """The clock this object follows."""
        return self._clock if self._clock is not None else defaultclock

    @property
    def contained_objects(self) -> list:
        """Objects created by this one that run with it (e.g. a group's rate monitor)."""
        return self._contained_objects

    def schedule_key(self) -> tuple:
        """Where this object acts within a time step."""
        return (SCHEDULE.index(self.when), self.order, self.name)

    # hooks the network calls -----------------------------------------------
    def complete_setup(self, run_namespace: dict | None) -> None:
        """Finish construction steps that waited for names defined after it (see
        :meth:`brianlab.groups.group.Group.setup_when_names_are_known`)."""

    def build_code(self, ctx) -> None:
        """Add this object's code blocks and arrays to a network build."""

    def _structure_version(self) -> int:
        """Changes whenever the object's generated code would change."""
        return 0

    def grow_buffers(self) -> None:
        """Enlarge recording buffers that filled up during a chunk."""

    def rollback(self, step: int) -> None:
        """Forget what was recorded from ``step`` on (after a divergence)."""

    def before_run(self, run) -> None:
        """Prepare for a run (resolve parameters, allocate monitor storage)."""

    def after_run(self) -> None:
        """Finish a run (trim storage)."""

    def get_state(self) -> dict:
        """A copy of everything :meth:`set_state` needs to restore this object."""
        return {}

    def set_state(self, state: dict) -> None:
        """Restore a state returned by :meth:`get_state`."""

    def state_arrays(self) -> dict:
        """Float state arrays to check for NaN/inf between chunks, by name."""
        return {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}>"
