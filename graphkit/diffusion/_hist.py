"""HIST (Guo, Wu, Cui & Xiao 2020): IMM's seeds from RR sets cut short at a few sentinel seeds.

Internal module: :func:`graphkit.diffusion.imm.imm_picks` runs :func:`hist_picks` for
``stopping="hist"`` (a plain seed count ``k``). On a graph where one user reaches many, an RR set
holds a large part of the graph, and most of its breadth-first search is spent after it has met
one of the best few seeds, which cover it anyway. HIST picks those few seeds first and then draws
sets that stop growing there:

1. **Sentinel set** (the paper's ``SentinelSet``, with ``eps1 = eps / 2`` and ``delta1 = delta / 2``).
   Full sets ``R1`` double from OPIM-C's start. In each round the greedy picks up to ``k / 4`` users
   on ``R1`` (``k / 8`` after the first round, never fewer than the least ``b`` with a positive
   target); the sentinel set ``S_b`` is the longest prefix whose estimate on ``R1`` passes its target
   by 20% (at least 10 users when the greedy picked as many; the paper's rule),
   and fresh sets cut short at ``S_b`` (cheap: they stop at it) give OPIM-C's lower bound of its
   reach. ``R1`` gives an upper bound ``U`` of the optimum of ``k`` seeds: the least of its top-``k``
   coverage, the prefix's coverage plus the top-``k`` marginal coverage, and the prefix's coverage
   over ``1 - (1 - 1/k)^b'`` (``b'`` greedy steps; each gains at least ``1/k`` of what the optimum
   still lacks). ``S_b`` is kept once ``lower >= (1 - (1 - 1/k)^b - eps1) U``: ``S_b`` is then, with
   the bounds' failure probability, ``(1 - (1 - 1/k)^b - eps1)``-approximate against the optimum of
   ``k`` seeds, the paper's condition. If no round proves it by OPIM-C's ``theta_max`` (for ``eps1``),
   there is no sentinel (``b = 0``) and the second phase is OPIM-C's rule on full sets.
2. **Seeds on truncated sets** (the paper's ``IM-Sentinel``, ``eps2 = eps - eps1``, ``delta2 = delta / 2``;
   ``eps2 = eps`` without sentinels). ``R1`` now holds sets that stop at the first sentinel they reach
   (:meth:`~graphkit.diffusion._rr.ChunkedSampler.truncated`). Such a set meets a seed set holding
   ``S_b`` exactly when the full set would, so every coverage of ``S_b`` plus other users is the full
   sets' coverage: the greedy takes ``S_b``, then picks ``k - b`` more on ``R1``; fresh sets that stop
   at any of the ``k`` seeds validate them (OPIM-C's lower bound), and the optimum ``O`` is bounded
   from ``R1`` through ``S_b + O`` (whose truncated coverage is full coverage, at least ``O``'s):
   the least of ``Cov(S_b) + top-k`` and ``Cov(S) + top-k`` marginal coverage, and the greedy's
   own bound ``(Cov(S) - c Cov(S_b)) / (1 - c)``, ``c = (1 - 1/k)^(k - b)`` (every step of the greedy
   after ``S_b`` gains at least ``(Cov(O) - Cov(current)) / k``). Sampling doubles until
   ``lower >= (1 - 1/e - eps) upper``, or until ``theta_max = 2 n (alpha + beta)^2 / (k eps2^2)``
   sets (``alpha = sqrt(ln(6/delta2))``, ``beta = sqrt((1 - 1/e)(ln C(n, k - b) + ln(6/delta2)))``,
   the authors' bound for this phase): there the greedy's seeds cover at least
   ``(1 - c) Cov(O) + c Cov(S_b)``, a mean of at least ``(1 - 1/e - eps1) OPT`` by phase 1, and the
   usual Chernoff argument (lower tail for that fixed mixture, a union over the ``C(n, k - b)``
   completions) gives ``1 - 1/e - eps1 - eps2``.

The guarantee is IMM's: ``(1 - 1/e - eps)`` with probability at least ``1 - 1/n^ell``. ``delta =
1/n^ell`` is split in two halves: phase 1's two bounds a round over its rounds (``ln(4 rounds /
delta)`` each), phase 2's like OPIM-C's (``delta2 / 3`` for ``theta_max``, ``delta2 / 3`` for each
side's bounds over its rounds). A stop on the bounds needs neither phase 1's guarantee nor
``theta_max``; only the stop at ``theta_max`` leans on phase 1.

Each collection of sets is drawn by the caller's ``draw(sets, count)`` from its ``rng`` in a fixed
order, so the seeds depend only on ``rng``: the same on any thread count and on a Dask cluster
(the stop mask travels with the sampler's arrays).

Examples
--------
>>> import numpy as np
>>> from graphkit.diffusion._rr import IC, RRSampler
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> from graphkit.diffusion.coverage import LocalRRSets
>>> degree = np.r_[0, np.ones(9), 0, np.ones(9), np.zeros(10)]  # 0 -> 1..9 and 10 -> 11..19, p = 1
>>> in_indptr = np.r_[0, np.cumsum(degree)].astype(np.int64); in_indices = np.repeat([0, 10], 9).astype(np.int32)
>>> sampler = RRSampler(IC, in_indptr, in_indices, np.ones(18))
>>> rng = np.random.default_rng(0)
>>> picks = hist_picks(lambda s: LocalRRSets(s, 30), lambda sets, count: sets.add(count, rng), sampler,
...                    CampaignConstraints(k=4).bind(30), eps=0.2, ell=1.0)
>>> sorted(picks.seed_nodes[:2].tolist()), picks.details["hist_sentinels"]
([0, 10], 1)

References
----------
Guo, Wu, Cui, Xiao (2020). Influence maximization revisited: efficient reverse reachable set
generation with bound tightened. SIGMOD.
Tang, Tang, Xiao, Yuan (2018). Online processing algorithms for influence maximization. SIGMOD.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from graphkit.diffusion._online_bounds import (
    RATIO,
    covered_sets,
    doubling_schedule,
    log_binomial,
    opim_c_bounds,
    opim_c_max_sets,
)
from graphkit.diffusion._rr import ChunkedSampler, top_sum
from graphkit.diffusion.constraints import BoundConstraints, Picks
from graphkit.diffusion.coverage import greedy_cover

__all__ = ["hist_picks"]

_MIN_SENTINELS = 10  # the paper's least sentinel set, when k / 4 allows it
_MARGIN = 1.2  # a prefix is a candidate when its estimate on R1 passes its target by this factor


class _Sentinels(NamedTuple):
    """Phase 1's outcome: the sentinel users, the ratio proved for them, rounds run and sets drawn,
    and each sentinel's share of their greedy gains on phase 1's full sets."""

    nodes: np.ndarray
    proved: float | None
    rounds: int
    sets_drawn: int
    shares: np.ndarray


def _greedy(sets, bound: BoundConstraints, max_seeds: int, eligible: np.ndarray, fixed: np.ndarray, *,
            fill: bool):
    """Greedy on ``sets``: ``fixed`` users first, then up to ``max_seeds`` of ``eligible`` (exactly that many
    with ``fill``, else only while they cover new sets).

    Returns (seeds, sets covered by each, coverage of ``fixed``, the top-``k`` marginal coverage after
    ``fixed`` and after all, with ``k`` the seed count asked for).
    """
    counts, cover = sets.coverage()
    k = max(1, min(bound.max_seeds, int(bound.eligible.sum())))
    fixed_gains = np.array([cover(int(v)) for v in fixed], dtype=np.int64)
    top_after_fixed = int(top_sum(counts, bound.eligible, k))
    seeds, gains = greedy_cover(
        counts, cover, required=[], eligible=eligible, cost=bound.cost, budget=math.inf, max_seeds=max_seeds,
        community=bound.community, quota=bound.quota, by_ratio=False, stop_at_zero=not fill,
    )
    top_after_all = int(top_sum(counts, bound.eligible, k))
    return (np.concatenate([fixed.astype(np.int64), seeds]), np.concatenate([fixed_gains, gains]),
            int(fixed_gains.sum()), top_after_fixed, top_after_all)


def _validated(new_sets: Callable, draw: Callable, sampler: ChunkedSampler, seeds: np.ndarray,
               count: int) -> int:
    """How many of ``count`` fresh sets, cut short at ``seeds``, meet ``seeds``."""
    mask = np.zeros(sampler.n, dtype=np.bool_)
    mask[seeds] = True
    sets = new_sets(sampler.truncated(mask))
    try:
        draw(sets, count)
        return covered_sets(sets, seeds)
    finally:
        sets.clear()


def _sentinel_set(new_sets, draw, sampler, bound: BoundConstraints, k: int, eps1: float,
                  log_inv_delta1: float) -> _Sentinels:
    """Phase 1 (module docstring): a sentinel set proved ``(1 - (1 - 1/k)^b - eps1)``-approximate, or none."""
    n = bound.n_nodes
    keep = 1.0 - 1.0 / k
    fewest = math.floor(math.log(1.0 - eps1) / math.log(keep)) + 1 if k > 1 else 1  # 1 - keep^b > eps1
    theta_max = opim_c_max_sets(n, k, eps1, log_inv_delta1)
    theta, rounds = doubling_schedule(theta_max, n, k, eps1)
    slack = math.log(2.0 * rounds) + log_inv_delta1  # a lower and an upper bound a round
    sets, drawn = new_sets(sampler), 0
    try:
        draw(sets, theta)
        drawn += theta
        for round_ in range(1, rounds + 1):
            most = min(k, max(fewest, k // 4 if round_ == 1 else k // 8))
            seeds, gains, _, top_k, top_after = _greedy(
                sets, bound, most, bound.eligible, np.empty(0, np.int64), fill=True
            )
            covered = np.cumsum(gains)
            upper_coverage = min(top_k, covered[-1] + top_after, covered[-1] / (1.0 - keep ** len(seeds)))
            b = _prefix_length(covered, upper_coverage, theta, n, slack, keep, eps1, most, fewest)
            b = min(b, max(int((gains > 0).sum()), fewest))  # users that cover nothing only to reach fewest
            validated = _validated(new_sets, draw, sampler, seeds[:b], theta)
            drawn += theta
            lower, upper = opim_c_bounds(validated, upper_coverage, theta, n, slack)
            if lower >= (1.0 - keep**b - eps1) * upper:
                total = gains[:b].sum()
                shares = gains[:b] / total if total > 0 else np.full(b, 1.0 / b)
                return _Sentinels(seeds[:b], lower / upper, round_, drawn, shares)
            if round_ < rounds:
                draw(sets, theta)
                drawn += theta
                theta *= 2
    finally:
        sets.clear()
    return _Sentinels(np.empty(0, dtype=np.int64), None, rounds, drawn, np.empty(0))


def _prefix_length(covered, upper_coverage, theta, n, slack, keep, eps1, most, fewest) -> int:
    """The paper's choice of ``b``: the longest greedy prefix whose bounds on ``R1`` pass its target by 20%,
    at least ``min(10, most)`` and ``fewest`` users, at most the prefix picked."""
    b = 0
    for length in range(len(covered), 0, -1):
        lower, upper = opim_c_bounds(int(covered[length - 1]), upper_coverage, theta, n, slack)
        if lower > _MARGIN * (1.0 - keep**length - eps1) * upper:
            b = length
            break
    return min(len(covered), max(b, min(_MIN_SENTINELS, most), fewest))


def hist_picks(new_sets: Callable, draw: Callable, sampler: ChunkedSampler, bound: BoundConstraints,
               eps: float, ell: float) -> Picks:
    """HIST's seeds (module docstring) for a plain seed count.

    ``new_sets(sampler)`` makes an empty collection of sets drawn by ``sampler``; ``draw(sets,
    count)`` adds ``count`` sets to it. ``details``: ``rr_sets_selection`` (phase 2's ``R1``),
    ``rr_sets_sampling`` (every other set drawn: phase 1's and the validation sets),
    ``rr_set_entries`` (of phase 2's ``R1``), ``hist_sentinels`` (``b``), ``hist_sentinel_bound`` (the
    ratio phase 1 proved, or None), ``hist_rounds`` (of each phase), ``reach_lower_bound``,
    ``optimum_upper_bound`` and ``approximation_bound`` (as OPIM-C's). The marginal gains are counted
    on ``R1`` (sentinels first).
    """
    n = bound.n_nodes
    k = max(1, min(bound.max_seeds, int(bound.eligible.sum())))
    log_inv_delta_half = ell * math.log(max(n, 2)) + math.log(2.0)  # delta / 2 for each phase
    sentinels = _sentinel_set(new_sets, draw, sampler, bound, k, eps / 2.0, log_inv_delta_half) \
        if k >= 4 else _Sentinels(np.empty(0, dtype=np.int64), None, 0, 0, np.empty(0))
    b = len(sentinels.nodes)
    eps2 = eps / 2.0 if b else eps
    log_6_delta = math.log(6.0) + log_inv_delta_half
    beta = math.sqrt(RATIO * (log_binomial(max(n, k - b), k - b) + log_6_delta))
    theta_max = 2.0 * n * (math.sqrt(log_6_delta) + beta) ** 2 / (eps2**2 * k)
    theta, rounds = doubling_schedule(theta_max, n, k, eps2)
    slack = math.log(3.0 * rounds) + log_inv_delta_half
    is_sentinel = np.zeros(n, dtype=np.bool_)
    is_sentinel[sentinels.nodes] = True
    rest_eligible = bound.eligible & ~is_sentinel
    damp = (1.0 - 1.0 / k) ** (k - b)  # c: the share of what O lacks after S_b that the greedy may miss
    selection = new_sets(sampler.truncated(is_sentinel) if b else sampler)
    drawn = sentinels.sets_drawn
    try:
        draw(selection, theta)
        for round_ in range(1, rounds + 1):
            seeds, gains, sentinel_coverage, first_top, last_top = _greedy(
                selection, bound, k - b, rest_eligible, sentinels.nodes, fill=True
            )
            covered = int(gains.sum())
            upper_coverage = min(sentinel_coverage + first_top, covered + last_top)
            if damp < 1.0:
                upper_coverage = min(upper_coverage, (covered - damp * sentinel_coverage) / (1.0 - damp))
            validated = _validated(new_sets, draw, sampler, seeds, theta)
            drawn += theta
            lower, upper = opim_c_bounds(validated, upper_coverage, theta, n, slack)
            if lower >= (RATIO - eps) * upper or round_ == rounds:
                break
            draw(selection, theta)
            theta *= 2
        marginal = n * gains / theta
        # a truncated set holds only the first sentinel it reached: the sentinels' total is right, its
        # split among them is not a greedy's; split it as phase 1's greedy did on full sets
        marginal[:b] = marginal[:b].sum() * sentinels.shares
        details = {
            "rr_sets_sampling": drawn,
            "rr_sets_selection": theta,
            **selection.report(),
            "hist_sentinels": b,
            "hist_sentinel_bound": sentinels.proved,
            "hist_rounds": [sentinels.rounds, round_],
            "reach_lower_bound": lower,
            "optimum_upper_bound": upper,
            "approximation_bound": lower / upper,
            "greedy_rule": "unit",
        }
    finally:
        selection.clear()
    return Picks(seed_nodes=seeds, marginal_gains=marginal, cumulative=np.cumsum(marginal), details=details)
