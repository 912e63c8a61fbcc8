"""CodeRunner: statements run for every element of a group at regular
intervals (``G.run_regularly(...)``); the base of other per-element inputs
such as PoissonInput.

A CodeRunner owns no state: its code reads and writes the group's
variables, in its own slot of the schedule and at its own interval (a
multiple of the network's time step).
"""

from __future__ import annotations

from ..codegen.network_kernel import Block
from ..core.base import BrianObject
from ..parsing.ir import Assign

__all__ = ["CodeRunner", "add_code_runner"]


class CodeRunner(BrianObject):
    """Run statements for every element of a group.

    Parameters
    ----------
    group : Group
        The group (or subgroup) whose variables the code uses.
    code : str or list of Assign
        Statements, e.g. ``'v = E_L'`` (checked for units), or statements
        already checked.
    dt : Quantity, optional
        Interval between two runs of the code (default: the group's dt).
    clock : Clock, optional
        A clock to follow instead of ``dt``.
    when : str
        Schedule slot.
    order : int
        Order within the slot.
    name : str, optional
        Unique name (default ``'coderunner'``, numbered).
    """

    _base_name = "coderunner"

    def __init__(
        self,
        group,
        code,
        dt=None,
        clock=None,
        when: str = "start",
        order: int = 0,
        name: str | None = None,
    ) -> None:
        if dt is None and clock is None:
            clock = group._clock
        super().__init__(dt=dt, clock=clock, when=when, order=order, name=name, level=1)
        self.group = group
        self.code = code
        self.statements: list[Assign] = (
            group.parse_code(code, what="run_regularly") if isinstance(code, str) else list(code)
        )

    def _prefix(self, ctx) -> list[str]:
        """Lines run once before the loop over elements (e.g. loading scalars)."""
        return []

    def build_code(self, ctx) -> None:
        lines = self.group.element_loop(ctx, self.statements, prefix=self._prefix(ctx))
        ctx.add_block(Block(self.schedule_key(), lines, ctx.every(self), type(self).__name__))

    def before_run(self, run) -> None:
        self.group.refresh_externals(run.namespace)

    def __repr__(self) -> str:
        return (
            f"CodeRunner(dt={self.clock.dt!r}, when={self.when}, order={self.order}, "
            f"name={self.name!r})"
        )


def add_code_runner(group, host, code: str, **kwargs) -> CodeRunner:
    """A :class:`CodeRunner` of ``code`` on ``group``, run with ``host``.

    ``host`` is the group itself, or for a subgroup its parent group (a
    subgroup does not run by itself).  ``kwargs`` are those of
    :class:`CodeRunner`; the default name is ``'<host>_run_regularly'``.
    """
    from ..core.base import _unique_name

    if kwargs.get("name") is None:
        kwargs["name"] = _unique_name(f"{host.name}_run_regularly")
    runner = CodeRunner(group, code, **kwargs)
    host.contained_objects.append(runner)
    return runner
