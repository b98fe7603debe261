"""Arc orders for SocialGraph's CSR arrays, in linear time (counting sorts, numba).

:func:`arc_order` puts arcs in (tail, head) order, the order of the out-arc CSR;
:func:`stable_order` groups them by one key, keeping their order within a key (the in-arc CSR:
arcs already in (tail, head) order grouped by head come out in (head, tail) order). Input that is
already in order, the usual case for graphs read from a store, costs one pass and no sort.

Examples
--------
>>> import numpy as np
>>> from graphkit._arcs import arc_order, stable_order
>>> arc_order(np.array([1, 0, 1]), np.array([0, 2, 1]), 3).tolist()
[1, 0, 2]
>>> order, starts = stable_order(np.array([2, 0, 2, 1]), 3)
>>> order.tolist(), starts.tolist()
([1, 3, 0, 2], [0, 1, 2, 4])
"""

from __future__ import annotations

from functools import cache

import numpy as np

__all__ = ["arc_order", "in_order", "key_starts", "positions", "stable_order"]

_COUNT_SLICE = 1 << 20  # keys counted at a time by key_starts (an 8 MB int64 copy)


def in_order(tail: np.ndarray, head: np.ndarray) -> bool:
    """Whether the arcs are already in strictly increasing (tail, head) order."""
    before, after = tail[:-1], tail[1:]
    return bool(np.all((after > before) | ((after == before) & (head[1:] > head[:-1]))))


def arc_order(tail: np.ndarray, head: np.ndarray, n_nodes: int) -> np.ndarray:
    """Positions of the arcs in (tail, head) order, ties kept in input order (see :func:`positions`).

    The same as ``np.lexsort((head, tail))``, in two counting-sort passes.
    """
    if in_order(tail, head):
        return np.arange(len(tail), dtype=positions(len(tail)))
    by_head, _ = stable_order(head, n_nodes)
    by_tail, _ = stable_order(tail[by_head], n_nodes)
    return by_head[by_tail]


def key_starts(keys: np.ndarray, n_keys: int) -> np.ndarray:
    """Where each key in [0, n_keys) starts once ``keys`` are grouped (int64, ``n_keys + 1`` long):
    the CSR offsets. Counted a slice at a time: ``np.bincount`` makes an int64 copy of what it
    counts, 80 MB for 10M int32 keys at once (a slice holds 2**20 keys, or ``n_keys`` when more).

    Examples
    --------
    >>> key_starts(np.array([2, 0, 2], dtype=np.int32), 4).tolist()
    [0, 1, 1, 3, 3]
    """
    starts = np.zeros(n_keys + 1, dtype=np.int64)
    step = max(_COUNT_SLICE, n_keys)  # at least n_keys per slice, so each bincount's zeroing pays for itself
    for first in range(0, len(keys), step):
        starts[1:] += np.bincount(keys[first : first + step], minlength=n_keys)
    np.cumsum(starts, out=starts)
    return starts


def stable_order(keys: np.ndarray, n_keys: int) -> tuple[np.ndarray, np.ndarray]:
    """``(order, starts)``: positions grouped by key in [0, n_keys), stable (see :func:`positions`),
    and where each key starts (int64)."""
    starts = key_starts(keys, n_keys)
    order = np.empty(len(keys), dtype=positions(len(keys)))
    _counting_order()(keys, starts, order)
    return order, starts


def positions(length: int) -> type:
    """The dtype of positions into arrays of ``length``: int32 while they fit (half the memory of
    int64 for a graph's per-arc orders), else int64."""
    return np.int32 if length < 2**31 else np.int64


@cache
def _counting_order():
    """The counting-sort kernel, compiled (or loaded from numba's cache) on first use: importing
    this module does not import numba."""
    from numba import njit

    @njit(cache=True, nogil=True)
    def counting_order(keys, starts, order):  # pragma: no cover - compiled
        next_slot = starts[:-1].copy()
        for position in range(len(keys)):
            key = keys[position]
            order[next_slot[key]] = position
            next_slot[key] += 1

    return counting_order
