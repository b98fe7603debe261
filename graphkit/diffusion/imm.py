"""IMM: influence maximization with reverse-reachable sets and martingales, under campaign constraints.

The algorithm of Tang, Shi & Xiao (2015), with the fix of Chen (2018):

1. **Sampling phase** (Tang 2015, Algorithm 2): for ``x = W/2, W/4, ...`` draw RR sets until
   there are ``theta_i = lambda' / x`` (``lambda'`` with ``eps' = sqrt(2) * eps``), pick seeds
   greedily on them and stop at the first ``x`` whose estimated reach ``W * F_R(S)`` reaches
   ``(1 + eps') x``; then ``LB = W * F_R(S) / (1 + eps')`` is a lower bound of the optimum with
   high probability (``LB = W / n`` if no ``x`` passes).
2. **Node selection on fresh sets** (Chen 2018, workaround 1): the original IMM re-used the
   sampling-phase sets for the final selection, which makes the number of sets depend on the
   sets themselves and breaks the martingale argument. Here the sampling-phase sets are thrown
   away and ``theta = lambda* / LB`` *new* RR sets are drawn, on which the final seeds are
   picked; the ``(1 - 1/e - eps)`` guarantee then holds with probability ``1 - 1/n^ell`` (the
   failure probability is split between the phases through ``ell * (1 + log 2 / log n)``).

``W`` is the total target weight: RR roots are drawn with probability proportional to the target
weights, so covering a fraction ``F`` of the sets means a target-weighted reach of ``W * F``
(weighted influence maximization; ``W = n`` and uniform roots without a target).

Greedy selection is lazy maximum coverage (:func:`graphkit.diffusion.coverage.greedy_cover`)
honouring all constraints: required users first (their coverage counted), excluded users never,
per-community quotas, and a budget: with a budget, both the unit-cost greedy and the cost-benefit
greedy (coverage per unit of cost) run on the same sets and the better cover wins (Leskovec et
al. 2007). The ``(1 - 1/e - eps)`` guarantee is for a plain seed count; with a budget the
combined greedy guarantees ``(1 - 1/e)/2`` of the sampled optimum, with quotas (a partition
matroid) ``1/2``.

Examples
--------
>>> import numpy as np
>>> from graphkit.diffusion._rr import IC
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> in_indptr = np.array([0, 0, 1, 2, 3]); in_indices = np.array([0, 1, 0], dtype=np.int32)
>>> picks = imm_picks(IC, in_indptr, in_indices, np.full(3, 0.5), CampaignConstraints(k=1).bind(4),
...                   eps=0.5, rng=np.random.default_rng(0))
>>> picks.seed_nodes.tolist()
[0]

References
----------
Tang, Shi, Xiao (2015). Influence maximization in near-linear time: a martingale approach. SIGMOD.
Chen (2018). An issue in the martingale analysis of the influence maximization algorithm IMM.
arXiv:1808.09363.
Leskovec, Krause, Guestrin, Faloutsos, VanBriesen, Glance (2007). Cost-effective outbreak
detection in networks. KDD.
"""

from __future__ import annotations

import math

import numpy as np

from graphkit import cluster
from graphkit.diffusion._rr import RRSampler
from graphkit.diffusion.constraints import BoundConstraints, Picks
from graphkit.diffusion.coverage import LocalRRSets, greedy_cover
from graphkit.errors import InvalidInputError

__all__ = ["DEFAULT_MAX_RR_SETS", "imm_picks", "rr_set_counts"]

DEFAULT_MAX_RR_SETS = 50_000_000


def _log_binomial(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def rr_set_counts(n: int, k: int, total_weight: float, eps: float, ell: float) -> tuple[float, float]:
    """IMM's ``(lambda' * ..., lambda*)`` factors: sets needed are ``lambda_prime / x`` and ``lambda_star / LB``.

    Both include the ``W`` factor, so ``theta_i = lambda_prime / x`` for a trial bound ``x`` and
    ``theta = lambda_star / LB``.
    """
    log_n = math.log(max(n, 2))
    ell = ell * (1.0 + math.log(2.0) / log_n)
    eps_prime = math.sqrt(2.0) * eps
    log_choose = _log_binomial(max(n, k), k)
    lambda_prime = (
        (2.0 + 2.0 / 3.0 * eps_prime)
        * (log_choose + ell * log_n + math.log(max(math.log2(max(n, 2)), 1.0)))
        * total_weight
        / eps_prime**2
    )
    alpha = math.sqrt(ell * log_n + math.log(2.0))
    beta = math.sqrt((1.0 - 1.0 / math.e) * (log_choose + ell * log_n + math.log(2.0)))
    lambda_star = 2.0 * total_weight * ((1.0 - 1.0 / math.e) * alpha + beta) ** 2 / eps**2
    return lambda_prime, lambda_star


def _select(sets, bound: BoundConstraints) -> tuple[np.ndarray, np.ndarray, str]:
    """Constrained greedy cover of ``sets``; returns (seeds, sets covered by each, rule used)."""
    rules = ["unit"] + (["cost_benefit"] if bound.has_budget else [])
    best = None
    for rule in rules:
        seeds, gains = greedy_cover(
            *sets.coverage(), required=bound.required, eligible=bound.eligible, cost=bound.cost,
            budget=float(bound.budget), max_seeds=int(bound.max_seeds), community=bound.community,
            quota=bound.quota, by_ratio=rule == "cost_benefit", stop_at_zero=bound.stop_at_zero_gain,
        )
        if best is None or gains.sum() > best[1].sum():
            best = (seeds, gains, rule)
    return best


def imm_picks(
    kind: int,
    in_indptr: np.ndarray,
    in_indices: np.ndarray,
    in_value: np.ndarray,
    bound: BoundConstraints,
    *,
    eps: float = 0.1,
    ell: float = 1.0,
    max_rr_sets: int = DEFAULT_MAX_RR_SETS,
    rng: np.random.Generator,
) -> Picks:
    """Pick seeds by IMM (see the module docstring) over the in-arc CSR of a graph.

    Parameters
    ----------
    kind : int
        ``_rr.IC`` or ``_rr.LT``.
    in_indptr, in_indices, in_value : ndarray
        In-arc CSR and per-in-arc probability (IC) or normalised weight (LT).
    bound : BoundConstraints
        The campaign constraints checked against the graph.
    eps : float, default 0.1
        Approximation slack, in (0, 1).
    ell : float, default 1.0
        The guarantee holds with probability at least ``1 - 1/n^ell`` (> 0).
    max_rr_sets : int, default 50,000,000
        Refuse to draw more RR sets than this in one phase.
    rng : Generator
        Source of randomness.

    Returns
    -------
    Picks
        Gains and cumulative values are target-weighted reach estimated on the fresh sets;
        ``details`` hold ``rr_sets_sampling``, ``rr_sets_selection``, ``lower_bound`` and
        ``greedy_rule``.

    Raises
    ------
    InvalidInputError
        If ``eps`` or ``ell`` are out of range, or IMM would need more than ``max_rr_sets`` sets.
    """
    if not (isinstance(eps, (int, float)) and 0.0 < eps < 1.0):
        raise InvalidInputError(f"eps must be in (0, 1), got {eps!r}")
    if not (isinstance(ell, (int, float)) and ell > 0 and math.isfinite(ell)):
        raise InvalidInputError(f"ell must be a finite number > 0, got {ell!r}")
    n = bound.n_nodes
    total_weight = bound.total_weight
    k = max(1, bound.max_seeds)
    lambda_prime, lambda_star = rr_set_counts(n, k, total_weight, eps, ell)
    eps_prime = math.sqrt(2.0) * eps
    sampler = RRSampler(kind, in_indptr, in_indices, in_value, root_weights=bound.target_weights)
    client = cluster.current()
    if client is None:
        sets = LocalRRSets(sampler, n)
    else:
        from graphkit.cluster.rr_sets import ClusterRRSets

        sets = ClusterRRSets(client, sampler)

    def draw(count: int) -> None:
        if count > max_rr_sets:
            raise InvalidInputError(
                f"IMM needs {count:,} RR sets, more than max_rr_sets={max_rr_sets:,}; "
                "raise eps or max_rr_sets (a tiny or unreachable target segment needs many sets)"
            )
        sets.add(count, rng)

    try:  # the sets go when IMM ends, also on an error (on a cluster they live on the workers)
        lower_bound = total_weight / max(n, 1)
        sampled = 0
        for i in range(1, max(2, math.ceil(math.log2(max(n, 2))))):
            x = total_weight / 2.0**i
            theta_i = math.ceil(lambda_prime / x)
            if theta_i > sets.n_sets:
                draw(theta_i - sets.n_sets)
                sampled = sets.n_sets
            _, gains, _ = _select(sets, bound)
            estimate = total_weight * gains.sum() / sets.n_sets
            if estimate >= (1.0 + eps_prime) * x:
                lower_bound = estimate / (1.0 + eps_prime)
                break
        sets.clear()
        theta = math.ceil(lambda_star / lower_bound)
        draw(theta)
        seeds, gains, rule = _select(sets, bound)
        marginal = total_weight * gains / theta
        details = {
            "rr_sets_sampling": sampled,
            "rr_sets_selection": theta,
            **sets.report(),
            "lower_bound": lower_bound,
            "greedy_rule": rule,
        }
    finally:
        sets.clear()
    return Picks(seed_nodes=seeds, marginal_gains=marginal, cumulative=np.cumsum(marginal), details=details)
