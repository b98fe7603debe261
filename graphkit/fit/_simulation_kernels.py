"""Numba kernel: Independent Cascade cascades with adoption times and parents, one seed node each.

Internal module: :mod:`graphkit.fit.simulate` is the public face. Unlike the Monte Carlo kernel of
:mod:`graphkit.diffusion._kernels`, which only counts, this one records every cascade's adopters,
times and parents, so it writes rows and runs in two passes (count, then fill at offsets); both
passes replay the same per-cascade random streams, so they see the same cascades.

A cascade is a Dijkstra run (a binary heap with decrease-key, O(n_nodes) scratch per chunk): the
seed adopts at time 0; when ``u`` adopts at ``t`` it draws once per out-arc to a user who has not
adopted (SplitMix64, :mod:`graphkit.diffusion._random`) and on success offers the target time
``t + delay``; a user adopts at the smallest time offered, with the first user to offer it as
parent. ``delay`` is 1 (Saito's discrete steps: every adopter tries its out-neighbours at the next
step) or an Exp(1) draw (continuous time). Chunks of cascades run in parallel, each with its own
scratch arrays; results depend only on the per-cascade seeds.

Examples
--------
>>> import numpy as np
>>> # path 0 -> 1 -> 2, every arc succeeds; one cascade from node 0
>>> indptr, indices, always = np.array([0, 1, 2, 2]), np.array([1, 2], np.int32), np.full(2, 2**53)
>>> ptr, node, time, parent = cascade_rows(indptr, indices, always, np.array([0]), np.array([7], np.uint64),
...                                        False, 1)
>>> node.tolist(), time.tolist(), parent.tolist()
([0, 1, 2], [0.0, 1.0, 2.0], [-1, 0, 1])
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from graphkit.diffusion._random import TO_UNIT, next_bits

__all__ = ["cascade_rows"]


@njit(inline="always")
def _sift_up(heap, position, best, i):
    """Move the node at heap slot ``i`` up to its place in the min-heap on ``best``."""
    v = heap[i]
    while i > 0:
        up = (i - 1) // 2
        if best[heap[up]] <= best[v]:
            break
        heap[i] = heap[up]
        position[heap[i]] = i
        i = up
    heap[i] = v
    position[v] = i


@njit(inline="always")
def _pop(heap, position, best, size):
    """Remove the node with the smallest ``best``; return it and the new size."""
    root = heap[0]
    position[root] = -1
    size -= 1
    if size > 0:
        v = heap[size]
        i = 0
        while True:
            child = 2 * i + 1
            if child >= size:
                break
            if child + 1 < size and best[heap[child + 1]] < best[heap[child]]:
                child += 1
            if best[heap[child]] >= best[v]:
                break
            heap[i] = heap[child]
            position[heap[i]] = i
            i = child
        heap[i] = v
        position[v] = i
    return root, size


@njit(cache=True)
def _run_chunk(first, last, indptr, indices, arc_cut, seeds, cascade_seeds, continuous, offsets, node, time,
               parent, fill):
    """Cascades ``first`` to ``last - 1``: write rows from ``offsets[c]`` (fill) or set ``offsets[c]``
    to the cascade's size (count)."""
    n = indptr.shape[0] - 1
    best = np.full(n, np.inf)  # earliest time offered so far
    offered_by = np.empty(n, dtype=np.int64)
    adopted = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n, dtype=np.int64)
    heap = np.empty(n, dtype=np.int64)  # nodes offered a time, not adopted yet, by best
    position = np.full(n, -1, dtype=np.int64)  # slot in heap, -1 when not in it
    for c in range(first, last):
        state = cascade_seeds[c]
        row = offsets[c] if fill else 0
        best[seeds[c]] = 0.0
        offered_by[seeds[c]] = -1
        touched[0] = seeds[c]
        n_touched = 1
        heap[0] = seeds[c]
        position[seeds[c]] = 0
        size = 1
        while size > 0:
            u, size = _pop(heap, position, best, size)
            t = best[u]
            adopted[u] = True
            if fill:
                node[row], time[row], parent[row] = u, t, offered_by[u]
            row += 1
            for arc in range(indptr[u], indptr[u + 1]):
                v = indices[arc]
                if adopted[v]:
                    continue
                state, bits = next_bits(state)
                if bits >= arc_cut[arc]:
                    continue
                arrival = t + 1.0
                if continuous:
                    state, bits = next_bits(state)
                    arrival = t - np.log1p(-np.float64(bits) * TO_UNIT)
                if arrival < best[v]:
                    if best[v] == np.inf:
                        touched[n_touched] = v
                        n_touched += 1
                        heap[size] = v
                        size += 1
                        position[v] = size - 1
                    best[v] = arrival
                    offered_by[v] = u
                    _sift_up(heap, position, best, position[v])
        for i in range(n_touched):
            best[touched[i]] = np.inf
            adopted[touched[i]] = False
        if not fill:
            offsets[c] = row


@njit(cache=True, parallel=True)
def _run(indptr, indices, arc_cut, seeds, cascade_seeds, continuous, offsets, node, time, parent, fill,
         n_chunks):
    n_cascades = seeds.shape[0]
    for chunk in prange(n_chunks):
        _run_chunk(chunk * n_cascades // n_chunks, (chunk + 1) * n_cascades // n_chunks, indptr, indices,
                   arc_cut, seeds, cascade_seeds, continuous, offsets, node, time, parent, fill)


def cascade_rows(indptr, indices, arc_cut, seeds, cascade_seeds, continuous, n_chunks):
    """Both passes. ``arc_cut`` = ``ceil(p * 2**53)`` per arc (int64). Returns flat ``(ptr, node,
    time, parent)``, cascade ``c`` from ``seeds[c]`` with stream ``cascade_seeds[c]``."""
    args = (indptr, indices, arc_cut, seeds, cascade_seeds, bool(continuous))
    sizes = np.zeros(len(seeds), dtype=np.int64)
    _run(*args, sizes, np.empty(0, np.int32), np.empty(0), np.empty(0, np.int32), False, n_chunks)
    ptr = np.zeros(len(seeds) + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    node = np.empty(ptr[-1], dtype=np.int32)
    time = np.empty(ptr[-1], dtype=np.float64)
    parent = np.empty(ptr[-1], dtype=np.int32)
    _run(*args, ptr[:-1].copy(), node, time, parent, True, n_chunks)
    return ptr, node, time, parent
