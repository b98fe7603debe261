"""Greedy maximum coverage of RR sets under campaign constraints, wherever the sets are kept.

:func:`greedy_cover` is IMM's one greedy: required users first, then lazily the feasible user
covering the most uncovered sets (or the most per unit of cost), then, unless told to stop at zero
gain, feasible users no set names, in index order. It reads the sets only through a *coverage*:
per-node counts of uncovered sets holding each node, and ``cover(v)``, which marks the sets holding
``v`` covered, lowers the counts of their nodes and returns how many it covered. The sets live in
this process (:class:`LocalRRSets`) or on the workers of a Dask cluster
(:class:`graphkit.cluster.rr_sets.ClusterRRSets`); both give the same seeds and gains, because
the counts are the same sums and ties go to the lower node index either way.

Examples
--------
>>> import numpy as np
>>> from graphkit.diffusion._rr import RRSets
>>> sets = LocalRRSets.of(RRSets(np.array([0, 2, 3, 5]), np.array([0, 1, 1, 2, 0], dtype=np.int32)), n=3)
>>> counts, cover = sets.coverage()
>>> counts.tolist()
[2, 2, 1]
>>> seeds, gains = greedy_cover(counts, cover, required=[], eligible=np.ones(3, bool), cost=np.ones(3),
...                             budget=np.inf, max_seeds=2, community=np.zeros(3, np.int64),
...                             quota=np.array([3]), by_ratio=False, stop_at_zero=True)
>>> seeds.tolist(), gains.tolist()
([0, 1], [2, 1])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from graphkit.diffusion._rr import (
    ChunkedSampler,
    RRSets,
    cover_sets,
    coverage_heap,
    fill_picks,
    invert_rr_sets,
    next_pick,
)

__all__ = ["LocalRRSets", "greedy_cover"]

Cover = Callable[[int], int]


def greedy_cover(
    counts: np.ndarray,
    cover: Cover,
    *,
    required: Sequence[int],
    eligible: np.ndarray,
    cost: np.ndarray,
    budget: float,
    max_seeds: int,
    community: np.ndarray,
    quota: np.ndarray,
    by_ratio: bool,
    stop_at_zero: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Lazy greedy maximum coverage under a budget, a seed count and per-community quotas.

    ``counts`` (int64 per node) must be the coverage's own array, which ``cover`` lowers. A user is
    feasible while its cost fits the remaining budget and its community is under quota; see
    :func:`graphkit.diffusion._rr.next_pick` for the lazy evaluation. Returns (seed nodes int64,
    sets newly covered by each int64).
    """
    cost = np.asarray(cost, dtype=np.float64)
    community = np.asarray(community, dtype=np.int64)
    quota = np.asarray(quota, dtype=np.int64)
    picked = np.empty(max_seeds, dtype=np.int64)
    gains = np.empty(max_seeds, dtype=np.int64)
    taken = np.zeros(len(counts), dtype=np.bool_)
    used = np.zeros(len(quota), dtype=np.int64)
    n_picked, spent = 0, 0.0

    def take(v: int) -> None:
        nonlocal n_picked, spent
        picked[n_picked] = v
        gains[n_picked] = cover(v)
        n_picked += 1
        spent += cost[v]
        used[community[v]] += 1

    for v in required:
        take(int(v))
    keys, nodes, size = coverage_heap(counts, eligible, cost, by_ratio)
    while n_picked < max_seeds:
        v, size = next_pick(keys, nodes, size, counts, cost, float(budget), spent, used, community, quota, by_ratio)
        if v < 0:
            break
        taken[v] = True
        take(int(v))
    if not stop_at_zero:
        n_picked = fill_picks(picked, gains, n_picked, taken, eligible, cost, float(budget), spent, used, community, quota)
    return picked[:n_picked].copy(), gains[:n_picked].copy()


class LocalRRSets:
    """RR sets kept in this process, drawn from ``sampler`` and covered greedily.

    Parameters
    ----------
    sampler : ChunkedSampler or None
        Where :meth:`add` draws new sets from (None: only the sets given to :meth:`of`).
    n : int
        Number of nodes.
    """

    def __init__(self, sampler: ChunkedSampler | None, n: int) -> None:
        self.sampler = sampler
        self.n = n
        self.clear()

    @classmethod
    def of(cls, rr: RRSets, n: int) -> LocalRRSets:
        """Sets already drawn."""
        sets = cls(None, n)
        sets.rr = rr
        return sets

    @property
    def n_sets(self) -> int:
        return self.rr.n_sets

    def add(self, count: int, rng: np.random.Generator) -> None:
        """Draw ``count`` more sets (the same sets as ``sampler.draw(count, rng)``)."""
        self._inverse = None
        self.rr = self.sampler.draw(count, rng, after=self.rr)

    def clear(self) -> None:
        """Drop every set."""
        self.rr = RRSets(np.zeros(1, dtype=np.int64), np.empty(0, dtype=np.int32))
        self._inverse = None

    def coverage(self) -> tuple[np.ndarray, Cover]:
        """Fresh ``(counts, cover)`` with nothing covered yet (see the module docstring)."""
        if self._inverse is None:
            self._inverse = invert_rr_sets(self.rr.indptr, self.rr.nodes, self.n)
        node_indptr, set_ids = self._inverse
        counts = np.diff(node_indptr)
        covered = np.zeros(self.n_sets, dtype=np.bool_)
        indptr, nodes = self.rr

        def cover(v: int) -> int:
            return int(cover_sets(v, indptr, nodes, node_indptr, set_ids, covered, counts))

        return counts, cover

    def report(self) -> dict[str, int]:
        """What the sets hold: ``rr_set_entries``."""
        return {"rr_set_entries": int(self.rr.indptr[-1])}
