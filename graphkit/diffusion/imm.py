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
from graphkit.diffusion._hist import hist_picks
from graphkit.diffusion._online_bounds import (
    covered_sets,
    doubling_schedule,
    log_binomial,
    opim_c_bounds,
    opim_c_max_sets,
)
from graphkit.diffusion._rr import IC, ChunkedSampler, RRSampler, top_sum
from graphkit.diffusion._subsim import SubsimSampler
from graphkit.diffusion.constraints import BoundConstraints, Picks
from graphkit.diffusion.coverage import LocalRRSets, greedy_cover
from graphkit.errors import InvalidInputError

__all__ = ["DEFAULT_MAX_RR_SETS", "SAMPLERS", "STOPPING_RULES", "imm_picks", "make_sampler", "rr_set_counts"]

DEFAULT_MAX_RR_SETS = 50_000_000
SAMPLERS = ("standard", "subsim")
"""RR-set samplers: ``standard`` (:mod:`~graphkit.diffusion._rr`) or ``subsim`` (IC only,
:mod:`~graphkit.diffusion._subsim`): the same distribution of sets, drawn differently."""
STOPPING_RULES = ("imm", "opim-c", "hist")
"""How many sets: IMM's schedule (any constraints), OPIM-C's online bounds or HIST's two phases on
sets cut short at sentinel seeds (a plain seed count)."""


def rr_set_counts(n: int, k: int, total_weight: float, eps: float, ell: float) -> tuple[float, float]:
    """IMM's ``(lambda' * ..., lambda*)`` factors: sets needed are ``lambda_prime / x`` and ``lambda_star / LB``.

    Both include the ``W`` factor, so ``theta_i = lambda_prime / x`` for a trial bound ``x`` and
    ``theta = lambda_star / LB``.
    """
    log_n = math.log(max(n, 2))
    ell = ell * (1.0 + math.log(2.0) / log_n)
    eps_prime = math.sqrt(2.0) * eps
    log_choose = log_binomial(max(n, k), k)
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


def make_sampler(
    name: str, kind: int, in_indptr: np.ndarray, in_indices: np.ndarray, in_value: np.ndarray, *,
    root_weights: np.ndarray | None = None,
) -> ChunkedSampler:
    """The RR-set sampler called ``name`` (one of :data:`SAMPLERS`) for a graph and model.

    Examples
    --------
    >>> import numpy as np
    >>> make_sampler("subsim", IC, np.array([0, 0, 1]), np.array([0], dtype=np.int32), np.array([0.5])).name
    'subsim'
    """
    if name not in SAMPLERS:
        raise InvalidInputError(f"sampler must be one of {', '.join(SAMPLERS)}, got {name!r}")
    if name == "standard":
        return RRSampler(kind, in_indptr, in_indices, in_value, root_weights=root_weights)
    if kind != IC:
        raise InvalidInputError("sampler='subsim' samples Independent Cascade RR sets; use 'standard' for LT")
    return SubsimSampler(in_indptr, in_indices, in_value, root_weights=root_weights)


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
    sampler: str = "standard",
    stopping: str = "imm",
    rng: np.random.Generator,
) -> Picks:
    """Pick seeds by IMM (see the module docstring) over the in-arc CSR of a graph.

    Parameters
    ----------
    kind : int
        ``_rr.IC`` or ``_rr.LT``.
    in_indptr, in_indices, in_value : ndarray
        In-arc CSR and per-in-arc probability (IC) or normalised weight (LT); ``in_value`` may
        give IC probabilities per user instead (:class:`graphkit.diffusion._rr.PerHead`).
    bound : BoundConstraints
        The campaign constraints checked against the graph.
    eps : float, default 0.1
        Approximation slack, in (0, 1).
    ell : float, default 1.0
        The guarantee holds with probability at least ``1 - 1/n^ell`` (> 0).
    max_rr_sets : int, default 50,000,000
        Refuse to draw more RR sets than this in one phase.
    sampler : {"standard", "subsim"}, default "standard"
        How RR sets are drawn (:data:`SAMPLERS`); both give sets of the same distribution, so the
        guarantee is the same, but not the same sets for one ``rng``.
    stopping : {"imm", "opim-c", "hist"}, default "imm"
        How many sets: IMM's schedule, OPIM-C's online bounds (:func:`_opim_c_picks`), or HIST's two
        phases, which cut the sets short at a few sentinel seeds (:mod:`~graphkit.diffusion._hist`);
        the last two for a plain seed count only, without target weights, required users, budget or
        quotas.
    rng : Generator
        Source of randomness.

    Returns
    -------
    Picks
        Gains and cumulative values are target-weighted reach estimated on the fresh sets;
        ``details`` hold ``rr_sets_sampling``, ``rr_sets_selection``, ``lower_bound`` (of the
        optimum; OPIM-C's and HIST's bounds instead, see :func:`_opim_c_picks` and
        :func:`~graphkit.diffusion._hist.hist_picks`), ``greedy_rule``, ``sampler`` and ``stopping``.

    Raises
    ------
    InvalidInputError
        If ``eps``, ``ell``, ``sampler`` or ``stopping`` are out of range, or IMM would need more
        than ``max_rr_sets`` sets.
    """
    if not (isinstance(eps, (int, float)) and 0.0 < eps < 1.0):
        raise InvalidInputError(f"eps must be in (0, 1), got {eps!r}")
    if not (isinstance(ell, (int, float)) and ell > 0 and math.isfinite(ell)):
        raise InvalidInputError(f"ell must be a finite number > 0, got {ell!r}")
    if stopping not in STOPPING_RULES:
        raise InvalidInputError(f"stopping must be one of {', '.join(STOPPING_RULES)}, got {stopping!r}")
    if stopping != "imm":
        _check_plain_count(bound, stopping)
    rr_sampler = make_sampler(
        sampler, kind, in_indptr, in_indices, in_value, root_weights=bound.target_weights
    )
    if bound.n_nodes == 0:  # no users, no seeds (as every other method answers)
        details = {"rr_sets_sampling": 0, "rr_sets_selection": 0, "lower_bound": 0.0, "greedy_rule": "unit"}
        return Picks(np.empty(0, np.int64), np.empty(0), np.empty(0), {**details, "sampler": sampler,
                                                                        "stopping": stopping})
    client = cluster.current()

    def new_sets(drawn_by: ChunkedSampler = rr_sampler):
        if client is None:
            return LocalRRSets(drawn_by, bound.n_nodes)
        from graphkit.cluster.rr_sets import ClusterRRSets

        return ClusterRRSets(client, drawn_by)

    def draw(sets, count: int) -> None:
        if count > max_rr_sets:
            raise InvalidInputError(
                f"IMM needs {count:,} RR sets, more than max_rr_sets={max_rr_sets:,}; "
                "raise eps or max_rr_sets (a tiny or unreachable target segment needs many sets)"
            )
        sets.add(count, rng)

    if stopping == "hist":
        picks = hist_picks(new_sets, draw, rr_sampler, bound, eps, ell)
    else:
        run = _imm_schedule if stopping == "imm" else _opim_c_picks
        picks = run(new_sets, draw, bound, eps, ell)
    picks.details.update(sampler=sampler, stopping=stopping)
    return picks


def _imm_schedule(new_sets, draw, bound: BoundConstraints, eps: float, ell: float) -> Picks:
    """IMM's two phases (module docstring) on sets from ``new_sets()``, drawn by ``draw(sets, count)``."""
    n = bound.n_nodes
    total_weight = bound.total_weight
    k = max(1, bound.max_seeds)
    lambda_prime, lambda_star = rr_set_counts(n, k, total_weight, eps, ell)
    eps_prime = math.sqrt(2.0) * eps
    sets = new_sets()
    try:  # the sets go when IMM ends, also on an error (on a cluster they live on the workers)
        lower_bound = total_weight / max(n, 1)
        sampled = 0
        for i in range(1, max(2, math.ceil(math.log2(max(n, 2))))):
            x = total_weight / 2.0**i
            theta_i = math.ceil(lambda_prime / x)
            if theta_i > sets.n_sets:
                draw(sets, theta_i - sets.n_sets)
                sampled = sets.n_sets
            _, gains, _ = _select(sets, bound)
            estimate = total_weight * gains.sum() / sets.n_sets
            if estimate >= (1.0 + eps_prime) * x:
                lower_bound = estimate / (1.0 + eps_prime)
                break
        sets.clear()
        theta = math.ceil(lambda_star / lower_bound)
        draw(sets, theta)
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


def _check_plain_count(bound: BoundConstraints, stopping: str) -> None:
    """OPIM-C's and HIST's bounds are for a plain seed count: refuse the constraints they do not cover."""
    if bound.has_budget or not bound.has_k or bound.target_weights is not None or len(bound.required) \
            or bool((bound.quota < bound.max_seeds).any()):
        raise InvalidInputError(
            f"stopping={stopping!r} is for a plain seed count k (exclusions allowed): no budget, target weights, "
            "required users or quotas; use stopping='imm'"
        )


def _opim_c_picks(new_sets, draw, bound: BoundConstraints, eps: float, ell: float) -> Picks:
    """OPIM-C (Tang, Tang, Xiao & Yuan 2018): stop as soon as the seeds are provably good enough.

    Two independent collections of sets, ``R1`` (selection) and ``R2`` (validation), start at
    ``theta_0`` sets each and double. After each doubling the greedy picks ``S`` on ``R1``;
    ``R2`` gives a lower confidence bound ``sigma_l(S)`` of its reach and ``R1`` an upper bound
    ``sigma_u`` of the optimum (from ``min(Cov(S) / (1 - 1/e), Cov(S_i) + top-k marginal
    coverage)`` at the greedy's first and last step, Tang et al.'s tightened bound). It stops once
    ``sigma_l / sigma_u >= 1 - 1/e - eps``, or once it has ``theta_max`` sets (OPIM-C's own bound,
    where the greedy's guarantee holds without the check). With ``delta = 1/n^ell``, split between
    the last round's bound (``delta/3``) and the rounds' upper and lower bounds (``delta/3`` each,
    over all rounds; see :func:`opim_c_bounds`), the seeds are ``(1 - 1/e - eps)``-approximate with probability at least ``1 - delta``: IMM's guarantee,
    usually with far fewer sets (but, for a given ``eps``, often seeds of lower measured reach).

    ``details``: ``rr_sets_sampling`` and ``rr_sets_selection`` (the sizes of ``R2`` and ``R1``),
    ``reach_lower_bound``, ``optimum_upper_bound``, their ratio ``approximation_bound`` and
    ``opim_c_rounds``. The marginal gains are counted on ``R1``, the sets the seeds were picked on
    (so biased upward by the picking); ``reach_lower_bound`` and the seed set's Monte Carlo
    evaluation are the independent figures.

    References
    ----------
    Tang, Tang, Xiao, Yuan (2018). Online processing algorithms for influence maximization. SIGMOD.
    """
    n = bound.n_nodes
    k = max(1, min(bound.max_seeds, int(bound.eligible.sum())))
    log_inv_delta = ell * math.log(max(n, 2))  # delta = 1/n^ell, as its log: it underflows for a large ell
    ratio = 1.0 - 1.0 / math.e
    theta_max = opim_c_max_sets(n, k, eps, log_inv_delta)
    theta_0, rounds = doubling_schedule(theta_max, n, k, eps)
    slack = math.log(3.0 * rounds) + log_inv_delta  # ln(3 rounds / delta): a bound a round on each side
    selection_sets, validation_sets = new_sets(), new_sets()
    try:
        theta = theta_0
        draw(selection_sets, theta)
        draw(validation_sets, theta)
        for round_ in range(1, rounds + 1):
            counts, cover = selection_sets.coverage()
            first_bound = int(top_sum(counts, bound.eligible, k))
            seeds, gains = greedy_cover(
                counts, cover, required=[], eligible=bound.eligible, cost=bound.cost, budget=math.inf,
                max_seeds=int(bound.max_seeds), community=bound.community, quota=bound.quota, by_ratio=False,
                stop_at_zero=False,
            )
            covered = int(gains.sum())
            last_bound = covered + int(top_sum(counts, bound.eligible, k))
            upper_coverage = min(covered / ratio, first_bound, last_bound)
            validated = covered_sets(validation_sets, seeds)
            lower, upper = opim_c_bounds(validated, upper_coverage, theta, n, slack)
            if lower >= (ratio - eps) * upper or round_ == rounds:
                break
            draw(selection_sets, theta)
            draw(validation_sets, theta)
            theta *= 2
        marginal = n * gains / theta
        details = {
            "rr_sets_sampling": theta,
            "rr_sets_selection": theta,
            **selection_sets.report(),
            "reach_lower_bound": lower,
            "optimum_upper_bound": upper,
            "approximation_bound": lower / upper,
            "opim_c_rounds": round_,
            "greedy_rule": "unit",
        }
    finally:
        selection_sets.clear()
        validation_sets.clear()
    return Picks(seed_nodes=seeds, marginal_gains=marginal, cumulative=np.cumsum(marginal), details=details)
