"""What every result records about how it was made.

Examples
--------
>>> from graphkit.results import make_params
>>> params = make_params("degree_discount", rng=None, k=5)
>>> params["algorithm"], params["k"]
('degree_discount', 5)
"""

from __future__ import annotations

from typing import Any

from graphkit.rng import RngLike, seed_of

__all__ = ["make_params"]


def make_params(algorithm: str, *, rng: RngLike = None, **arguments: Any) -> dict[str, Any]:
    """The ``params`` dict of a result: algorithm, its arguments, the rng seed and graphkit's version."""
    from graphkit import __version__

    return {"algorithm": algorithm, **arguments, "rng_seed": seed_of(rng), "graphkit_version": __version__}
