"""``seed()``: one call makes every random number of a simulation reproducible."""

from __future__ import annotations

from ..codegen.runtime import seed_all

__all__ = ["seed"]


def seed(seed: int | None = None) -> None:
    """Seed the random numbers of ``rand()``, ``randn()``, ``xi`` noise, Poisson
    inputs, random connectivity, and numpy's global generator.

    Parameters
    ----------
    seed : int or None
        The seed (0 <= seed < 2**32); None draws a fresh one from the system.

    Examples
    --------
    >>> seed(4321)   # the same seed gives bit-identical simulations
    """
    if seed is not None and not (0 <= int(seed) < 2**32):
        raise ValueError(f"the seed must be between 0 and 2**32 - 1; got {seed}")
    seed_all(None if seed is None else int(seed))
