"""CELF: lazy greedy seed selection with any objective estimator, under campaign constraints.

Leskovec et al. (2007), "cost-effective lazy forward": a greedy that keeps every candidate's last
marginal gain in a priority queue and re-evaluates only the top one, which is valid because
marginal gains of a submodular objective only shrink as seeds are added. Under a budget, it runs
twice on the same evaluations — once ranking by gain (unit cost), once by gain per unit of cost
(cost-benefit) — and returns the better of the two seed sets, which guarantees
``(1 - 1/e)/2`` of the optimum for a submodular objective (Leskovec 2007, Theorem 4).

The objective is a black box ``evaluate(seed_nodes) -> float``; :mod:`graphkit.diffusion.celf_seeds`
passes Monte Carlo estimates from :func:`graphkit.diffusion.simulate.estimate_spread` (same
``rng`` seed for every evaluation, i.e. common random numbers, so differences between candidate
sets are not swamped by independent noise). The adoption objective is not submodular, so there
CELF is a well-behaved heuristic without the guarantee. Required users are taken first (their
gains evaluated in order); excluded users, quotas and the budget are honoured at every step.

Examples
--------
>>> import numpy as np
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> value = np.array([3.0, 2.0, 1.0])
>>> picks = celf_picks(lambda seeds: float(value[list(seeds)].sum()), np.arange(3),
...                    CampaignConstraints(k=2).bind(3))
>>> picks.seed_nodes.tolist(), picks.cumulative.tolist()
([0, 1], [3.0, 5.0])

References
----------
Leskovec, Krause, Guestrin, Faloutsos, VanBriesen, Glance (2007). Cost-effective outbreak
detection in networks. KDD.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

import numpy as np

from graphkit.diffusion.constraints import BoundConstraints, Picks

__all__ = ["celf_picks"]

Evaluate = Callable[[Sequence[int]], float]


def celf_picks(evaluate: Evaluate, candidates: np.ndarray, bound: BoundConstraints) -> Picks:
    """Lazy greedy over ``candidates`` maximizing ``evaluate`` under ``bound``.

    Parameters
    ----------
    evaluate : callable
        Objective value of a seed set (a sequence of node indices, pick order).
    candidates : ndarray of int
        Nodes that may be picked (besides the required ones); ineligible ones are skipped.
    bound : BoundConstraints
        The campaign constraints checked against the graph.

    Returns
    -------
    Picks
        ``details``: ``evaluations`` (calls of ``evaluate``) and ``greedy_rule``.
    """
    cache: dict[frozenset, float] = {}

    def value(seeds: Sequence[int]) -> float:
        key = frozenset(seeds)
        if key not in cache:
            cache[key] = float(evaluate(list(seeds))) if seeds else 0.0
        return cache[key]

    rules = ["unit"] + (["cost_benefit"] if bound.has_budget else [])
    best = None
    for rule in rules:
        seeds, gains = _lazy_greedy(value, candidates, bound, by_ratio=rule == "cost_benefit")
        total = float(np.sum(gains))
        if best is None or total > best[2]:
            best = (seeds, gains, total, rule)
    seeds, gains, _, rule = best
    return Picks(
        seed_nodes=np.asarray(seeds, dtype=np.int64),
        marginal_gains=np.asarray(gains, dtype=np.float64),
        cumulative=np.cumsum(np.asarray(gains, dtype=np.float64)),
        details={"evaluations": len(cache), "greedy_rule": rule},
    )


def _lazy_greedy(value, candidates, bound: BoundConstraints, *, by_ratio: bool):
    tracker = bound.tracker()
    seeds: list[int] = []
    gains: list[float] = []
    current = 0.0
    for node in tracker.taken:
        seeds.append(node)
        total = value(seeds)
        gains.append(total - current)
        current = total
    cost = bound.cost

    def key(gain: float, node: int) -> float:
        return gain / cost[node] if by_ratio else gain

    heap = []
    for node in np.unique(np.asarray(candidates, dtype=np.int64)):
        node = int(node)
        if tracker.fits(node):
            gain = value(seeds + [node]) - current
            heap.append((-key(gain, node), node, len(seeds), gain))
    heapq.heapify(heap)
    while heap and not tracker.full:
        _, node, evaluated_at, gain = heapq.heappop(heap)
        if not tracker.fits(node):
            continue  # stays infeasible: the budget only shrinks and quotas only fill
        if evaluated_at != len(seeds):
            gain = value(seeds + [node]) - current
            heapq.heappush(heap, (-key(gain, node), node, len(seeds), gain))
            continue
        if bound.stop_at_zero_gain and gain <= 0:
            break
        tracker.take(node)
        seeds.append(node)
        gains.append(gain)
        current = value(seeds)
    return seeds, gains
