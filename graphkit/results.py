"""What every result records about how it was made, and how results become JSON.

Examples
--------
>>> from graphkit.results import make_params, to_jsonable
>>> params = make_params("degree_discount", rng=None, k=5)
>>> params["algorithm"], params["k"]
('degree_discount', 5)
>>> import numpy as np
>>> to_jsonable({"reach": np.float64(2.5), "seeds": np.array([1, 2]), "ci": float("nan")})
{'reach': 2.5, 'seeds': [1, 2], 'ci': None}
"""

from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np

from graphkit.rng import RngLike, seed_of
from graphkit.version import __version__

__all__ = ["make_params", "to_jsonable"]


def make_params(algorithm: str, *, rng: RngLike = None, **arguments: Any) -> dict[str, Any]:
    """The ``params`` dict of a result: algorithm, its arguments, the rng seed and graphkit's version."""
    return {"algorithm": algorithm, **arguments, "rng_seed": seed_of(rng), "graphkit_version": __version__}


def to_jsonable(value: Any) -> Any:
    """``value`` with numpy scalars and arrays, DataFrames (as lists of records) and tuples made plain,
    and NaN / infinity replaced by None, so ``json.dumps`` writes standard JSON."""
    pandas = sys.modules.get("pandas")  # not imported: no DataFrame to meet
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if pandas is not None and isinstance(value, pandas.DataFrame):
        return [to_jsonable(row) for row in value.to_dict("records")]
    if isinstance(value, np.ndarray):
        return [to_jsonable(item) for item in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
