"""One place that turns a user's ``rng`` argument into a numpy Generator.

Examples
--------
>>> from graphkit.rng import make_rng
>>> bool(make_rng(42).integers(0, 100) == make_rng(42).integers(0, 100))
True
"""

from __future__ import annotations

import numpy as np

from graphkit.errors import InvalidInputError

__all__ = ["RngLike", "make_rng", "seed_of", "draw_seeds"]

RngLike = int | np.random.SeedSequence | np.random.Generator | None


def make_rng(rng: RngLike) -> np.random.Generator:
    """Return a ``numpy.random.Generator`` for ``rng``.

    Parameters
    ----------
    rng : int, SeedSequence, Generator or None
        An int or SeedSequence seeds a new PCG64 generator; a Generator is returned as is;
        None draws fresh OS entropy (results then differ run to run).
    """
    if isinstance(rng, bool):
        raise InvalidInputError(f"rng must be an int, SeedSequence or Generator, got {rng!r}")
    if rng is None or isinstance(rng, (int, np.integer, np.random.SeedSequence)):
        if isinstance(rng, (int, np.integer)) and rng < 0:
            raise InvalidInputError(f"rng must be a non-negative int, got {rng}")
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    raise InvalidInputError(f"rng must be an int, SeedSequence or Generator, got {type(rng).__name__}")


def seed_of(rng: RngLike) -> int | None:
    """The integer seed to record in a result's ``params`` (None when not reproducible from an int)."""
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return int(rng)
    if isinstance(rng, np.random.SeedSequence) and isinstance(rng.entropy, int):
        return int(rng.entropy)
    return None


def draw_seeds(rng: np.random.Generator, count: int) -> np.ndarray:
    """Draw ``count`` independent 63-bit seeds, one per parallel trial (uint64 array)."""
    return rng.integers(0, 2**63 - 1, size=count, dtype=np.int64).astype(np.uint64)
