"""Arrays sent to every worker once: a cache of scattered arrays, keyed by client and content.

Examples
--------
>>> import numpy as np
>>> from graphkit import cluster
>>> with cluster.connect("local:1") as client:  # doctest: +SKIP
...     shared(client, np.arange(3)) is shared(client, np.arange(3))
True
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client, Future

__all__ = ["shared"]

_KEPT = 32  # scattered arrays kept per process, the least recently used dropped first
_CACHE: OrderedDict[tuple[str, str], Future] = OrderedDict()


def shared(client: Client, value: Any) -> Any:
    """``value`` as a future held by every worker if it is a non-trivial array, else ``value`` itself."""
    if not isinstance(value, np.ndarray) or value.nbytes < 4096:
        return value
    from dask.base import tokenize

    key = (client.id, tokenize(value))
    future = _CACHE.get(key)
    if future is None or future.status != "finished":
        future = client.scatter(value, broadcast=True, hash=False)
        _CACHE[key] = future
    _CACHE.move_to_end(key)
    while len(_CACHE) > _KEPT:
        _CACHE.popitem(last=False)
    return future
