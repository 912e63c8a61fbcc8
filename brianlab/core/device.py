"""Brian 2's devices, as far as brianlab has them: ``set_device``, ``device``.

Brian 2 can run a script on its *runtime* device (the simulation runs in the
Python process) or generate a standalone program (``cpp_standalone``, or
``cuda_standalone`` and ``genn`` from other packages), which runs when the
script calls ``device.build()`` or at its first ``run()``.  brianlab has one
device, the runtime one, and its runs are compiled anyway.  So that a Brian 2
script with ``set_device('cpp_standalone')`` still runs, a standalone device
is accepted with a warning saying what happens instead, and ``device.build()``,
``device.reinit()`` and ``device.activate()`` do nothing: every ``run()`` has
already happened when the script calls them, with the same results.
"""

from __future__ import annotations

import logging

from ..errors import InvalidParameterError

__all__ = ["Device", "device", "get_device", "set_device", "reset_device"]

logger = logging.getLogger("brianlab.devices")

#: Brian 2's standalone devices (the first ships with Brian 2, the others
#: with brian2cuda and brian2genn).
STANDALONE_DEVICES = ("cpp_standalone", "cuda_standalone", "genn")


class Device:
    """The device simulations run on: always the current Python process.

    Attributes
    ----------
    name : str
        ``'runtime'``, or the standalone device a script asked for.
    """

    def __init__(self) -> None:
        self.name = "runtime"

    def build(self, *args, **kwargs) -> None:
        """Nothing to build: each ``run()`` simulated at once (Brian 2 builds here)."""

    def reinit(self) -> None:
        """Nothing to reset between builds (Brian 2's standalone devices need it)."""

    def activate(self, *args, **kwargs) -> None:
        """Nothing to activate (Brian 2's standalone devices need it)."""

    def delete(self, *args, **kwargs) -> None:
        """Nothing to delete: brianlab writes no project folder."""

    def __repr__(self) -> str:
        return f"<Device {self.name!r}: simulations run in this Python process>"


#: The device of this process (Brian 2's ``device``).
device = Device()


def set_device(name: str, *args, build_on_run: bool = True, **kwargs) -> None:
    """Choose the device simulations run on (Brian 2's ``set_device``).

    Parameters
    ----------
    name : str
        ``'runtime'``; a Brian 2 standalone device (``'cpp_standalone'``, …)
        is accepted with a warning, and simulations run here as usual.
    build_on_run, *args, **kwargs
        The standalone devices' options (``directory=``, …), accepted and
        ignored.

    Raises
    ------
    InvalidParameterError
        For a name that is no device of Brian 2's.
    """
    if name == "runtime":
        device.name = name
        return
    if name not in STANDALONE_DEVICES:
        raise InvalidParameterError(
            f"'{name}' is not a device: Brian 2 has 'runtime' and 'cpp_standalone' "
            "(and 'cuda_standalone' or 'genn' from other packages).",
            None,
        )
    device.name = name
    logger.warning(
        "brianlab has no '%s' device: simulations run in this Python process, compiled "
        "with numba, with the same results, and device.build() does nothing. To generate "
        "a standalone program, run this script with 'from brian2 import *'.",
        name,
    )


def get_device() -> Device:
    """The device of this process (Brian 2's ``get_device``)."""
    return device


def reset_device(name: str | None = None) -> None:
    """Go back to the runtime device (Brian 2's ``reset_device``)."""
    set_device(name or "runtime")
