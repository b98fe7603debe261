"""Numba kernels: the exposures of observed cascades over a graph's CSR arrays, and their counts by group.

Internal module: arrays in, arrays out; :mod:`graphkit.fit.exposures` is the public face and defines
what an event and a failure are. :func:`count_groups` folds exposure rows by arc group for
:mod:`graphkit.fit.em`.

Each cascade is scanned once per pass, adopter by adopter in time order: the adopter's in-arcs
give its candidate parents and the failed attempts of earlier adopters that it outlasted; its
out-arcs to users who never adopt in the cascade give the remaining failed attempts. The first
pass counts the rows each cascade writes, the second fills them at offsets made from those counts,
so the output is laid out by cascade whatever the chunking. Both passes run the same code
(``fill`` says whether to write). Cascades are split into chunks run in parallel (``prange``),
each with its own scratch array of adoption times, so results do not depend on the thread count.

Examples
--------
>>> import numpy as np
>>> # arc 0: node 0 -> node 1; one cascade: node 0 at t=0, then node 1 at t=1
>>> starts, *_, candidate_arc, failure_arc = exposure_rows(
...     np.array([0, 2]), np.array([0, 1], np.int32), np.array([0.0, 1.0]), np.array([-1, -1], np.int32),
...     np.array([0, 1, 1]), np.array([1], np.int32), np.array([0, 0, 1]), np.array([0], np.int32),
...     np.array([0]), np.inf, 1)
>>> starts[-1].tolist(), candidate_arc.tolist(), failure_arc.tolist()  # events, candidates, failures
([1, 1, 0], [0], [])
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

__all__ = ["count_groups", "exposure_rows"]


@njit(cache=True)
def _scan_chunk(first, last, ptr, node, time, parent, indptr, indices, in_indptr, in_indices, in_arc, window,
                offsets, event_candidates, event_node, candidate_arc, failure_arc, fill, adopted_at):
    """Cascades ``first`` to ``last - 1``; ``offsets[c]`` = (event, candidate, failure) row to start at
    (fill) or, on return, the rows cascade ``c`` needs (count)."""
    for c in range(first, last):
        lo, hi = ptr[c], ptr[c + 1]
        for i in range(lo, hi):
            adopted_at[node[i]] = time[i]
        n_events, n_candidates, n_failures = offsets[c, 0], offsets[c, 1], offsets[c, 2]
        for i in range(lo, hi):
            v, t_v, known = node[i], time[i], parent[i]
            first_candidate = n_candidates
            for k in range(in_indptr[v], in_indptr[v + 1]):
                u = in_indices[k]
                t_u = adopted_at[u]
                if u == v:
                    continue
                if known >= 0 and u == known and t_u <= t_v:
                    candidate = True  # the recorded parent takes the credit, window or not
                elif t_u < t_v:
                    candidate = known < 0 and t_v - t_u <= window
                else:
                    continue  # u adopted after v, or never: no attempt on v
                if candidate:
                    if fill:
                        candidate_arc[n_candidates] = in_arc[k]
                    n_candidates += 1
                else:
                    if fill:
                        failure_arc[n_failures] = in_arc[k]
                    n_failures += 1
            if n_candidates > first_candidate:
                if fill:
                    event_candidates[n_events] = first_candidate
                    event_node[n_events] = v
                n_events += 1
            for a in range(indptr[v], indptr[v + 1]):
                if adopted_at[indices[a]] == np.inf:
                    if fill:
                        failure_arc[n_failures] = a
                    n_failures += 1
        for i in range(lo, hi):
            adopted_at[node[i]] = np.inf
        if not fill:
            offsets[c, 0], offsets[c, 1], offsets[c, 2] = n_events, n_candidates, n_failures


@njit(cache=True, parallel=True)
def _scan(ptr, node, time, parent, indptr, indices, in_indptr, in_indices, in_arc, window, offsets, n_chunks,
          event_candidates, event_node, candidate_arc, failure_arc, fill):
    n_cascades = ptr.shape[0] - 1
    for chunk in prange(n_chunks):
        adopted_at = np.full(indptr.shape[0] - 1, np.inf)
        _scan_chunk(chunk * n_cascades // n_chunks, (chunk + 1) * n_cascades // n_chunks, ptr, node, time,
                    parent, indptr, indices, in_indptr, in_indices, in_arc, window, offsets, event_candidates,
                    event_node, candidate_arc, failure_arc, fill, adopted_at)


def exposure_rows(ptr, node, time, parent, indptr, indices, in_indptr, in_indices, in_arc, window, n_chunks):
    """Both passes. Returns ``(starts, event_candidates, event_node, candidate_arc, failure_arc)``:
    ``starts[c]`` = cascade ``c``'s first (event, candidate, failure) row, shape (n_cascades + 1, 3);
    ``event_candidates`` has the closing entry (the number of candidate rows)."""
    n_cascades = len(ptr) - 1
    args = (ptr, node, time, parent, indptr, indices, in_indptr, in_indices, in_arc, np.float64(window))
    counts = np.zeros((n_cascades, 3), dtype=np.int64)
    empty = np.empty(0, dtype=np.int64)
    _scan(*args, counts, n_chunks, empty, np.empty(0, dtype=np.int32), empty, empty, False)
    starts = np.zeros((n_cascades + 1, 3), dtype=np.int64)
    np.cumsum(counts, axis=0, out=starts[1:])
    n_events, n_candidates, n_failures = starts[-1]
    event_candidates = np.empty(n_events + 1, dtype=np.int64)
    event_candidates[n_events] = n_candidates
    event_node = np.empty(n_events, dtype=np.int32)
    candidate_arc = np.empty(n_candidates, dtype=np.int64)
    failure_arc = np.empty(n_failures, dtype=np.int64)
    _scan(*args, starts[:-1].copy(), n_chunks, event_candidates, event_node, candidate_arc, failure_arc, True)
    return starts, event_candidates, event_node, candidate_arc, failure_arc


@njit(cache=True, parallel=True)
def count_groups(ptr, arc, arc_group, n_groups):
    """Rows ``ptr[r]:ptr[r + 1]`` of ``arc`` counted by ``arc_group``: an (len(ptr) - 1, n_groups)
    int64 table.

    >>> count_groups(np.array([0, 3, 3]), np.array([0, 1, 1]), np.array([1, 0]), 2).tolist()
    [[2, 1], [0, 0]]
    """
    counts = np.zeros((ptr.shape[0] - 1, n_groups), dtype=np.int64)
    for r in prange(ptr.shape[0] - 1):
        for i in range(ptr[r], ptr[r + 1]):
            counts[r, arc_group[arc[i]]] += 1
    return counts
