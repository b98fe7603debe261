"""Numba kernels for reverse-reachable (RR) sets and greedy maximum coverage over them.

Internal module: arrays in, arrays out; :mod:`graphkit.diffusion.imm` drives it.

An RR set (Borgs et al. 2014; Tang, Shi & Xiao 2015) is the set of users that would have
influenced a random root in one random live-edge world: under Independent Cascade, every in-arc
of a reached user is live with its probability; under Linear Threshold, each reached user picks at
most one live in-arc (arc ``u -> v`` with probability equal to its normalised weight) and the
reverse walk stops at a user already in the set. A seed set's expected (target-weighted) reach is
``W * P(the seed set meets an RR set)`` when roots are drawn with probability proportional to the
target weights (``W`` = their sum; uniform roots and ``W = n`` without targets).

Reproducibility: every RR set owns one 64-bit seed, drawn up front with
:func:`graphkit.rng.draw_seeds`, and a SplitMix64 stream started from it (Steele, Lea & Flood
2014), so the sets depend only on ``(rng, count)``, never on the thread count. Sets are made in
chunks by a ``nogil`` numba function run on a thread pool (one task per chunk; chunk outputs are
concatenated in set order), which lets each chunk grow its own output buffer.

For IC, a user whose in-arcs all share one probability ``p`` (always so under weighted cascade,
and under tie probabilities when all in-ties are of one kind) draws the gaps between live in-arcs
from a geometric law instead of one coin per arc: the same distribution, far fewer draws.

Examples
--------
>>> import numpy as np
>>> in_indptr = np.array([0, 0, 1, 2]); in_indices = np.array([0, 1], dtype=np.int32)  # path 0 -> 1 -> 2
>>> rr = sample_rr_sets(IC, in_indptr, in_indices, np.array([1.0, 1.0]), 6, np.random.default_rng(1))
>>> sets = [rr.nodes[rr.indptr[i]:rr.indptr[i + 1]].tolist() for i in range(rr.n_sets)]
>>> all(sorted(s) == list(range(s[0] + 1)) for s in sets)  # with p = 1 a root's set is all before it
True
"""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numba
import numpy as np
from numba import njit

from graphkit.diffusion._kernels import IC, LT
from graphkit.diffusion._random import TO_UNIT, coin_cuts, next_bits
from graphkit.rng import draw_seeds

__all__ = [
    "IC", "LT", "ChunkedSampler", "RRSampler", "RRSets", "count_hit_sets", "cover_sets", "coverage_heap",
    "fill_picks", "invert_rr_sets", "next_pick", "sample_rr_sets", "top_sum",
]



class RRSets(NamedTuple):
    """RR sets as a flat CSR: set ``i`` is ``nodes[indptr[i]:indptr[i + 1]]`` (root first)."""

    indptr: np.ndarray  # int64, n_sets + 1
    nodes: np.ndarray  # int32

    @property
    def n_sets(self) -> int:
        return len(self.indptr) - 1




@njit(inline="always")
def _push(buffer, size, value):
    if size == buffer.shape[0]:
        grown = np.empty(2 * buffer.shape[0], dtype=buffer.dtype)
        grown[:size] = buffer
        buffer = grown
    buffer[size] = value
    return buffer, size + 1


@njit(inline="always")
def draw_root(bits, root_cumulative, n):
    """The root of an RR set from its first 53 random bits: uniform over the ``n`` users, or in
    proportion to their weights when ``root_cumulative`` (their running sum) is not empty."""
    if root_cumulative.shape[0] > 0:
        x = np.float64(bits) * TO_UNIT * root_cumulative[-1]
        return min(np.searchsorted(root_cumulative, x, side="right"), n - 1)
    return min(np.int64(np.float64(bits) * TO_UNIT * n), n - 1)


@njit(nogil=True, cache=True)
def _rr_chunk(kind, in_indptr, in_indices, in_value, in_cut, node_p, root_cumulative, stop_at, set_seeds,
              first, last):
    """RR sets ``first..last-1``; returns (nodes, sizes). See the module docstring.

    ``stop_at`` (uint8 per node, or empty): a set stops growing at the first node it reaches with
    ``stop_at`` set, which it keeps (the truncated sets of :meth:`ChunkedSampler.truncated`).
    """
    n = in_indptr.shape[0] - 1
    stopping = stop_at.shape[0] > 0
    n_sets = last - first
    mark = np.full(n, -1, dtype=np.int64)
    out = np.empty(max(16, 4 * n_sets), dtype=np.int32)
    size = 0
    sizes = np.zeros(n_sets, dtype=np.int64)
    for s in range(first, last):
        state, bits = next_bits(set_seeds[s])
        root = draw_root(bits, root_cumulative, n)
        start = size
        mark[root] = s
        out, size = _push(out, size, root)
        if kind == IC:
            head = size if stopping and stop_at[root] else start  # a stop node as root: the set is itself
            while head < size:
                v = out[head]
                head += 1
                lo = in_indptr[v]
                hi = in_indptr[v + 1]
                p = node_p[v]
                if p >= 0.0:  # every in-arc of v has probability p: geometric gaps between live arcs
                    if p == 0.0:
                        continue
                    if p >= 1.0:
                        for arc in range(lo, hi):
                            u = in_indices[arc]
                            if mark[u] != s:
                                mark[u] = s
                                out, size = _push(out, size, u)
                                if stopping and stop_at[u]:
                                    head = size
                                    break
                        continue
                    log_q = np.log1p(-p)
                    arc = lo - 1
                    while True:
                        state, bits = next_bits(state)
                        uniform = (np.float64(bits) + 1.0) * TO_UNIT  # in (0, 1]
                        arc += 1 + np.int64(np.floor(np.log(uniform) / log_q))
                        if arc >= hi:
                            break
                        u = in_indices[arc]
                        if mark[u] != s:
                            mark[u] = s
                            out, size = _push(out, size, u)
                            if stopping and stop_at[u]:
                                head = size
                                break
                else:
                    for arc in range(lo, hi):
                        state, bits = next_bits(state)
                        if bits < in_cut[arc]:
                            u = in_indices[arc]
                            if mark[u] != s:
                                mark[u] = s
                                out, size = _push(out, size, u)
                                if stopping and stop_at[u]:
                                    head = size
                                    break
        else:  # LT: reverse random walk; in_value holds cumulative in-weights within each node
            v = root
            while not (stopping and stop_at[v]):
                lo = in_indptr[v]
                hi = in_indptr[v + 1]
                if lo == hi:
                    break
                state, bits = next_bits(state)
                x = np.float64(bits) * TO_UNIT
                if x >= in_value[hi - 1]:
                    break
                arc = lo + np.searchsorted(in_value[lo:hi], x, side="right")
                u = in_indices[arc]
                if mark[u] == s:
                    break
                mark[u] = s
                out, size = _push(out, size, u)
                v = u
        sizes[s - first] = size - start
    return out[:size].copy(), sizes


_SETS_PER_CHUNK = 2048
"""Default chunks hold at least this many sets (at most ``4 x`` numba threads chunks)."""


class ChunkedSampler:
    """Draws RR sets in chunks on a thread pool: ``kernel(*kernel_arrays(), set_seeds, first, last)``.

    Subclasses set ``name`` and ``kernel`` (a ``nogil`` numba function returning ``(nodes, sizes)``
    of sets ``first..last-1``) and define :meth:`kernel_arrays`, whose last array is :attr:`stop_at`.
    """

    name: str
    n: int
    stop_at: np.ndarray = np.empty(0, dtype=np.uint8)
    """uint8 per node: sets stop growing at these nodes (:meth:`truncated`); empty: full sets."""

    def truncated(self, stop_at: np.ndarray) -> ChunkedSampler:
        """This sampler, drawing sets that stop growing at the first node they reach with ``stop_at`` True.

        Such a node stays in the set, so a set meets the stop nodes exactly when the full set from the
        same seed does, and is that full set when it does not: the coverage of any seed set holding
        all the stop nodes is unchanged (HIST's truncated sets, :mod:`graphkit.diffusion._hist`).

        Examples
        --------
        >>> import numpy as np
        >>> in_indptr = np.array([0, 0, 1, 2]); in_indices = np.array([0, 1], dtype=np.int32)  # 0 -> 1 -> 2
        >>> sampler = RRSampler(IC, in_indptr, in_indices, np.array([1.0, 1.0]))
        >>> rr = sampler.truncated(np.array([False, True, False])).draw(6, np.random.default_rng(1))
        >>> sorted({tuple(rr.nodes[rr.indptr[i]:rr.indptr[i + 1]].tolist()) for i in range(6)})  # not past 1
        [(0,), (1,), (2, 1)]
        """
        other = copy.copy(self)
        other.stop_at = np.ascontiguousarray(stop_at, dtype=np.uint8)
        if len(other.stop_at) != self.n:
            raise ValueError(f"stop_at needs one entry per node ({self.n}), got {len(other.stop_at)}")
        return other

    def draw(
        self, n_sets: int, rng: np.random.Generator, *, n_chunks: int | None = None,
        after: RRSets | None = None,
    ) -> RRSets:
        """``n_sets`` new RR sets; ``n_chunks`` (default ``4 x`` numba threads, fewer for few sets) never
        changes them.

        With ``after``: the sets ``after`` holds, then the new ones, joined in one copy.
        """
        set_seeds = draw_seeds(rng, n_sets)
        parts = self._chunks(set_seeds, n_chunks) if n_sets and self.n else []
        before = RRSets(np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int32)) if after is None else after
        indptr = np.empty(before.n_sets + n_sets + 1, dtype=np.int64)
        indptr[: before.n_sets + 1] = before.indptr
        sizes = [sizes for _, sizes in parts] or [np.zeros(n_sets, dtype=np.int64)]
        np.cumsum(np.concatenate(sizes), out=indptr[before.n_sets + 1 :])
        indptr[before.n_sets + 1 :] += before.indptr[-1]
        return RRSets(indptr, np.concatenate([before.nodes, *(chunk for chunk, _ in parts)]))

    def _chunks(self, set_seeds: np.ndarray, n_chunks: int | None) -> list[tuple[np.ndarray, np.ndarray]]:
        """(nodes, sizes) of each chunk of the sets ``set_seeds`` seed, in set order."""
        n_sets = len(set_seeds)
        threads = numba.get_num_threads()
        if n_chunks is None:  # each chunk clears an n-long mark: few sets make few chunks
            n_chunks = min(4 * threads, -(-n_sets // _SETS_PER_CHUNK))
        n_chunks = max(1, min(n_sets, n_chunks))
        bounds = [n_sets * i // n_chunks for i in range(n_chunks + 1)]
        kernel, arrays = type(self).kernel, self.kernel_arrays()

        def run(i: int):
            return kernel(*arrays, set_seeds, np.int64(bounds[i]), np.int64(bounds[i + 1]))

        if threads > 1 and n_chunks > 1:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                return list(pool.map(run, range(n_chunks)))
        return [run(i) for i in range(n_chunks)]


class PerHead(NamedTuple):
    """IC probabilities given per user: every in-arc of user ``v`` has probability ``p[v]`` (weighted
    cascade; 0 for a user without in-arcs). A sampler given it makes no array of the arcs' size.

    Examples
    --------
    >>> import numpy as np
    >>> in_indptr = np.array([0, 0, 1, 2]); in_indices = np.array([0, 1], dtype=np.int32)  # 0 -> 1 -> 2
    >>> by_head = RRSampler(IC, in_indptr, in_indices, PerHead(np.array([0.0, 0.5, 1.0])))
    >>> by_arc = RRSampler(IC, in_indptr, in_indices, np.array([0.5, 1.0]))
    >>> by_head.draw(50, np.random.default_rng(3)).nodes.tolist() == by_arc.draw(50, np.random.default_rng(3)).nodes.tolist()
    True
    """

    p: np.ndarray

    def checked(self, n: int) -> np.ndarray:
        """``p`` as contiguous float64, checked to hold one probability per user of ``n``."""
        p = np.ascontiguousarray(self.p, dtype=np.float64)
        if len(p) != n:
            raise ValueError(f"PerHead needs one probability per user ({n}), got {len(p)}")
        return p


class RRSampler(ChunkedSampler):
    """Draws RR sets from one graph and model; the per-arc tables are prepared once.

    Parameters
    ----------
    kind : int
        ``IC`` or ``LT``.
    in_indptr, in_indices : ndarray
        The in-arc CSR (``SocialGraph.reverse()``).
    in_value : ndarray or PerHead
        float64 per in-arc: activation probability (IC) or normalised weight (LT); or (IC) the
        probabilities per user, :class:`PerHead`.
    root_weights : ndarray, optional
        Non-negative float64 per node; roots are drawn in proportion to it (uniform if omitted).
    """

    name = "standard"
    kernel = _rr_chunk

    def __init__(self, kind, in_indptr, in_indices, in_value, *, root_weights=None) -> None:
        self.kind = int(kind)
        self.in_indptr = np.ascontiguousarray(in_indptr, dtype=np.int64)
        self.in_indices = np.ascontiguousarray(in_indices, dtype=np.int32)
        self.n = len(self.in_indptr) - 1
        if isinstance(in_value, PerHead):
            if self.kind != IC:
                raise ValueError("PerHead gives IC probabilities")
            self.node_p = in_value.checked(self.n)
            self.in_cut, self.value = np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        elif self.kind == IC:  # keeps per node p, and per in-arc cuts only if some node's in-arcs differ
            in_value = np.ascontiguousarray(in_value, dtype=np.float64)
            self.node_p = _uniform_in_probability(self.in_indptr, in_value)
            self.in_cut = coin_cuts(in_value) if (self.node_p < 0).any() else np.empty(0, dtype=np.int64)
            self.value = np.empty(0, dtype=np.float64)
        else:
            self.node_p = np.empty(0, dtype=np.float64)
            self.in_cut = np.empty(0, dtype=np.int64)
            self.value = _cumulative_within_nodes(self.in_indptr, np.asarray(in_value, dtype=np.float64))
        self.cumulative = (
            np.empty(0, dtype=np.float64) if root_weights is None else np.cumsum(root_weights, dtype=np.float64)
        )

    def kernel_arrays(self) -> tuple:
        """The arrays :func:`_rr_chunk` reads before the set seeds, in order."""
        return (np.int64(self.kind), self.in_indptr, self.in_indices, self.value, self.in_cut, self.node_p,
                self.cumulative, self.stop_at)


def sample_rr_sets(kind, in_indptr, in_indices, in_value, n_sets, rng, *, root_weights=None, n_chunks=None) -> RRSets:
    """``n_sets`` RR sets in one call (see :class:`RRSampler` for the arguments)."""
    sampler = RRSampler(kind, in_indptr, in_indices, in_value, root_weights=root_weights)
    return sampler.draw(n_sets, rng, n_chunks=n_chunks)


def _uniform_in_probability(in_indptr: np.ndarray, in_value: np.ndarray) -> np.ndarray:
    """Per node: the common probability of its in-arcs, or -1 where they differ."""
    n = len(in_indptr) - 1
    degree = np.diff(in_indptr)
    node_p = np.full(n, -1.0)
    has = degree > 0
    first = in_value[in_indptr[:-1][has]]
    high = np.maximum.reduceat(in_value, in_indptr[:-1][has]) if has.any() else first
    low = np.minimum.reduceat(in_value, in_indptr[:-1][has]) if has.any() else first
    node_p[has] = np.where(high == low, first, -1.0)
    node_p[~has] = 0.0
    return node_p


def _cumulative_within_nodes(in_indptr: np.ndarray, in_value: np.ndarray) -> np.ndarray:
    """Running sum of in-arc weights, restarting at every node."""
    total = np.cumsum(in_value)
    start = np.repeat(in_indptr[:-1], np.diff(in_indptr))
    before = np.concatenate([[0.0], total])[start]
    return total - before


@njit(cache=True)
def invert_rr_sets(rr_indptr, rr_nodes, n):
    """The sets containing each node, as a CSR ``(node_indptr int64, set_ids int32)``."""
    count = np.zeros(n + 1, dtype=np.int64)
    for i in range(rr_nodes.shape[0]):
        count[rr_nodes[i] + 1] += 1
    for v in range(n):
        count[v + 1] += count[v]
    fill = count[:-1].copy()
    set_ids = np.empty(rr_nodes.shape[0], dtype=np.int32)
    for s in range(rr_indptr.shape[0] - 1):
        for j in range(rr_indptr[s], rr_indptr[s + 1]):
            v = rr_nodes[j]
            set_ids[fill[v]] = s
            fill[v] += 1
    return count, set_ids


@njit(inline="always")
def _before(key_a, node_a, key_b, node_b):
    """Heap order: larger key first, then smaller node index."""
    return key_a > key_b or (key_a == key_b and node_a < node_b)


@njit
def _heap_push(keys, nodes, size, key, node):
    i = size
    keys[i] = key
    nodes[i] = node
    while i > 0:
        parent = (i - 1) // 2
        if _before(keys[i], nodes[i], keys[parent], nodes[parent]):
            keys[i], keys[parent] = keys[parent], keys[i]
            nodes[i], nodes[parent] = nodes[parent], nodes[i]
            i = parent
        else:
            break
    return size + 1


@njit
def _heap_pop(keys, nodes, size):
    key = keys[0]
    node = nodes[0]
    size -= 1
    keys[0] = keys[size]
    nodes[0] = nodes[size]
    i = 0
    while True:
        left = 2 * i + 1
        best = i
        if left < size and _before(keys[left], nodes[left], keys[best], nodes[best]):
            best = left
        if left + 1 < size and _before(keys[left + 1], nodes[left + 1], keys[best], nodes[best]):
            best = left + 1
        if best == i:
            break
        keys[i], keys[best] = keys[best], keys[i]
        nodes[i], nodes[best] = nodes[best], nodes[i]
        i = best
    return key, node, size


@njit(cache=True)
def cover_sets(v, rr_indptr, rr_nodes, node_indptr, set_ids, covered, counts):
    """Mark the uncovered sets holding ``v`` covered, lower ``counts`` of their nodes; returns how many."""
    gain = 0
    for j in range(node_indptr[v], node_indptr[v + 1]):
        s = set_ids[j]
        if not covered[s]:
            covered[s] = True
            gain += 1
            for i in range(rr_indptr[s], rr_indptr[s + 1]):
                counts[rr_nodes[i]] -= 1
    return gain


@njit(cache=True)
def _fits(v, cost, budget, spent, used, community, quota):
    return spent + cost[v] <= budget and used[community[v]] < quota[community[v]]


@njit(cache=True)
def coverage_heap(counts, eligible, cost, by_ratio):
    """The greedy's heap ``(keys, nodes, size)`` of the eligible nodes that cover some set."""
    n = counts.shape[0]
    keys = np.empty(n, dtype=np.float64)
    nodes = np.empty(n, dtype=np.int64)
    size = 0
    for v in range(n):
        if eligible[v] and counts[v] > 0:
            key = counts[v] / cost[v] if by_ratio else np.float64(counts[v])
            size = _heap_push(keys, nodes, size, key, v)
    return keys, nodes, size


@njit(cache=True)
def next_pick(keys, nodes, size, counts, cost, budget, spent, used, community, quota, by_ratio):
    """Pop the heap down to the feasible node covering the most sets now; returns (node, heap size).

    Node -1 when no feasible node covers a new set. Counts only fall as sets get covered, so a
    stale key is an upper bound (lazy evaluation); ties go to the lower node index. A node that
    does not fit stays out: the budget only shrinks and quotas only fill.
    """
    while size > 0:
        key, v, size = _heap_pop(keys, nodes, size)
        if not _fits(v, cost, budget, spent, used, community, quota):
            continue
        current = counts[v] / cost[v] if by_ratio else np.float64(counts[v])
        if current < key:
            size = _heap_push(keys, nodes, size, current, v)
            continue
        if counts[v] == 0:
            return -1, size
        return v, size
    return -1, size


@njit(cache=True)
def top_sum(counts, eligible, k):
    """Sum of the ``k`` largest ``counts`` over eligible nodes (a size-``k`` min-heap in one pass)."""
    heap = np.zeros(k, dtype=np.int64)  # zeros stand for nodes not seen yet: counts are >= 0
    for v in range(counts.shape[0]):
        c = counts[v]
        if c <= heap[0] or not eligible[v]:
            continue
        heap[0] = c
        i = 0
        while True:
            left = 2 * i + 1
            small = i
            if left < k and heap[left] < heap[small]:
                small = left
            if left + 1 < k and heap[left + 1] < heap[small]:
                small = left + 1
            if small == i:
                break
            heap[i], heap[small] = heap[small], heap[i]
            i = small
    return heap.sum()


@njit(cache=True)
def count_hit_sets(rr_indptr, rr_nodes, is_seed):
    """How many sets hold a node with ``is_seed`` True."""
    hit = 0
    for s in range(rr_indptr.shape[0] - 1):
        for i in range(rr_indptr[s], rr_indptr[s + 1]):
            if is_seed[rr_nodes[i]]:
                hit += 1
                break
    return hit


@njit(cache=True)
def fill_picks(picked, gains, n_picked, taken, eligible, cost, budget, spent, used, community, quota):
    """Fill ``picked`` up with feasible users no set names, in index order; returns the new count."""
    for v in range(eligible.shape[0]):
        if n_picked == picked.shape[0]:
            break
        if eligible[v] and not taken[v] and _fits(v, cost, budget, spent, used, community, quota):
            taken[v] = True
            picked[n_picked] = v
            gains[n_picked] = 0
            n_picked += 1
            spent += cost[v]
            used[community[v]] += 1
    return n_picked
