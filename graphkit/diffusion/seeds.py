"""Seed selection for campaigns: IMM (default), CELF, heuristics, and evaluating a given seed set.

Every function takes a graph, a diffusion model (:class:`~graphkit.diffusion.models.ICModel` or
:class:`~graphkit.diffusion.models.LTModel`) and :class:`~graphkit.diffusion.constraints.CampaignConstraints`
(seed count and/or budget with per-user cost, target segment, excluded and required users,
per-community quotas), honours all constraints, and returns a frozen :class:`SeedSet`: seeds in
pick order, the method's own estimate of each pick's marginal gain, costs, the parameters and rng
seed, and ``spread`` — the chosen set's spread estimated by an **independent** Monte Carlo run
(:func:`~graphkit.diffusion.simulate.estimate_spread` on its own random stream, never the samples
the selection used, whose estimates are biased upwards by the selection itself).

Methods
-------
``imm`` (:func:`imm_seed_nodes`, default)
    Reverse-reachable sets with the IMM sample sizes (Tang, Shi & Xiao 2015) and fresh sets for
    the final selection (Chen 2018); see :mod:`graphkit.diffusion.imm`. Objective *awareness*:
    ``(1 - 1/e - eps)``-approximate with probability ``1 - 1/n^ell`` for a plain seed count.
    Objective *adoption* is not submodular and has no RR-set form, so IMM first picks a
    candidate pool (``pool_size`` users, default ``3 x`` the seeds the campaign can hold, under
    3 x its budget and quotas) by awareness RR coverage, then runs CELF with Monte Carlo on the
    adoption objective over that pool; if the awareness-optimal seeds (IMM under the campaign's
    own constraints) adopt more on the same Monte Carlo sample, they are kept instead
    (``params["adoption_picks"]`` says which), so the result never falls behind them because of
    CELF's sampling noise.
``celf`` (:func:`celf_seed_nodes`)
    Lazy greedy with Monte Carlo estimates (Leskovec et al. 2007), any model and objective;
    ``n_trials`` cascades per evaluation. Costs one simulation batch per evaluation: for small
    graphs or a candidate pool.
``degree``, ``pagerank``, ``degree-discount``, ``community-leaders``
    Baselines (:mod:`graphkit.diffusion.heuristics`).

Reach is target-weighted when the constraints carry ``target_weights``: only target users count,
each with its weight (``spread.target_reach``); otherwise it is the number of users counted by
the objective (``spread.mean``). :attr:`SeedSet.reach` gives the right one.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> from graphkit.diffusion.seeds import imm_seed_nodes
>>> graph = graphkit.generate_social_graph(n_users=300, mean_degree=6, rng=1)
>>> seeds = imm_seed_nodes(graph, ICModel(p_strong=0.2, p_weak=0.05), CampaignConstraints(k=3),
...                        eps=0.3, eval_trials=500, rng=7)
>>> len(seeds.seed_nodes), seeds.method, seeds.params["rng_seed"]
(3, 'imm', 7)
>>> seeds.spread.mean > 3
True

References
----------
Tang, Shi, Xiao (2015). Influence maximization in near-linear time: a martingale approach. SIGMOD.
Chen (2018). An issue in the martingale analysis of the influence maximization algorithm IMM.
arXiv:1808.09363.
Leskovec, Krause, Guestrin, Faloutsos, VanBriesen, Glance (2007). Cost-effective outbreak
detection in networks. KDD.
Chen, Wang, Yang (2009). Efficient influence maximization in social networks. KDD.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from graphkit.diffusion import _rr, heuristics
from graphkit.diffusion.celf import celf_picks
from graphkit.diffusion.constraints import BoundConstraints, CampaignConstraints, Picks
from graphkit.diffusion.imm import DEFAULT_MAX_RR_SETS, imm_picks
from graphkit.diffusion.models import ICModel, LTModel, Model, Objective, check_objective
from graphkit.diffusion.simulate import SpreadEstimate, estimate_spread, seed_node_array
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params
from graphkit.rng import RngLike, make_rng

__all__ = [
    "METHODS",
    "SeedSet",
    "celf_seed_nodes",
    "community_leader_seed_nodes",
    "degree_discount_seed_nodes",
    "degree_seed_nodes",
    "evaluate_seed_set",
    "imm_seed_nodes",
    "pagerank_seed_nodes",
    "select_seed_nodes",
]

METHODS: tuple[str, ...] = ("imm", "celf", "degree", "pagerank", "degree-discount", "community-leaders")
DEFAULT_EVAL_TRIALS = 10_000
_POOL_SLACK = 3  # adoption: the awareness pool may hold 3x the seeds, budget and quota of the campaign


@dataclass(frozen=True, kw_only=True, eq=False)
class SeedSet:
    """Seeds chosen for a campaign, how they were chosen, and their independently estimated spread.

    Attributes
    ----------
    seed_nodes : ndarray of int64
        Node indices in pick order (required users first).
    marginal_gains : ndarray of float64
        The method's own estimate of what each pick adds to the (target-weighted) objective given
        the picks before it (IMM: RR-set coverage; CELF: Monte Carlo); NaN for heuristics and
        given sets, which estimate nothing.
    cumulative : ndarray of float64
        Running sum of ``marginal_gains``.
    costs : ndarray of float64
        Cost of each seed (1 when the campaign has no costs).
    required : ndarray of bool
        Whether each seed was required by the campaign.
    method : str
        ``"imm"``, ``"celf"``, ``"degree"``, ``"pagerank"``, ``"degree-discount"``,
        ``"community-leaders"`` or ``"given"``.
    objective : str
        ``"awareness"`` or ``"adoption"``.
    spread : SpreadEstimate or None
        Independent Monte Carlo estimate of the whole set's spread (None only when
        ``eval_trials=0`` was asked for).
    params : dict
        Method, model, objective, constraints, tuning arguments, rng seed, graphkit version.
    """

    seed_nodes: np.ndarray
    marginal_gains: np.ndarray
    cumulative: np.ndarray
    costs: np.ndarray
    required: np.ndarray
    method: str
    objective: str
    spread: SpreadEstimate | None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def total_cost(self) -> float:
        """Sum of the seeds' costs."""
        return float(self.costs.sum())

    @property
    def reach(self) -> float | None:
        """Independent estimate of the objective: target-weighted when the campaign has a target."""
        if self.spread is None:
            return None
        return self.spread.mean if self.spread.target_reach is None else self.spread.target_reach

    def to_frame(self, node_ids: np.ndarray) -> pd.DataFrame:
        """One row per seed: ``rank`` (1-based), ``node_id``, ``marginal_gain``, ``cumulative``, ``cost``, ``required``."""
        return pd.DataFrame(
            {
                "rank": np.arange(1, len(self.seed_nodes) + 1),
                "node_id": np.asarray(node_ids, dtype=object)[self.seed_nodes],
                "marginal_gain": self.marginal_gains,
                "cumulative": self.cumulative,
                "cost": self.costs,
                "required": self.required,
            }
        )

    def to_dict(self, node_ids: np.ndarray | None = None) -> dict[str, Any]:
        """A JSON-ready summary: seeds (with ids when ``node_ids`` is given), reach, CI, params."""
        spread = self.spread
        error = None
        if spread is not None:
            error = spread.std_error if spread.target_reach is None else spread.target_std_error
        return {
            "method": self.method,
            "objective": self.objective,
            "seed_nodes": self.seed_nodes.tolist(),
            "seed_ids": None if node_ids is None else [str(v) for v in np.asarray(node_ids)[self.seed_nodes]],
            "marginal_gains": self.marginal_gains.tolist(),
            "cumulative": self.cumulative.tolist(),
            "costs": self.costs.tolist(),
            "total_cost": self.total_cost,
            "reach": self.reach,
            "reach_std_error": error,
            "ci_low": None if error is None else self.reach - 1.959963984540054 * error,
            "ci_high": None if error is None else self.reach + 1.959963984540054 * error,
            "awareness_mean": None if spread is None else spread.awareness_mean,
            "adoption_mean": None if spread is None else spread.adoption_mean,
            "params": self.params,
        }


# ---------------------------------------------------------------------------------------------- helpers
def _check_common(model: Any, constraints: Any, objective: Any, eval_trials: Any) -> None:
    if not isinstance(model, (ICModel, LTModel)):
        raise InvalidInputError(f"model must be an ICModel or LTModel, got {type(model).__name__}")
    if not isinstance(constraints, CampaignConstraints):
        raise InvalidInputError(
            f"constraints must be a CampaignConstraints (e.g. CampaignConstraints(k=10)), got {constraints!r}"
        )
    check_objective(objective)
    if isinstance(eval_trials, bool) or not isinstance(eval_trials, (int, np.integer)) or (
        eval_trials != 0 and eval_trials < 2
    ):
        raise InvalidInputError(f"eval_trials must be 0 (no estimate) or an int >= 2, got {eval_trials!r}")


def _check_trials(n_trials: Any) -> None:
    if isinstance(n_trials, bool) or not isinstance(n_trials, (int, np.integer)) or n_trials < 2:
        raise InvalidInputError(f"n_trials must be an int >= 2, got {n_trials!r}")


def _streams(rng: RngLike) -> tuple[np.random.Generator, np.random.Generator]:
    """Two independent streams from ``rng``: one for the selection, one for the evaluation."""
    selection, evaluation = make_rng(rng).spawn(2)
    return selection, evaluation


def _objective_value(estimate: SpreadEstimate) -> float:
    return estimate.mean if estimate.target_reach is None else float(estimate.target_reach)


def _mc_evaluator(graph, model, objective, weights, n_trials: int, seed: int):
    """``seed_nodes -> estimated objective``: Monte Carlo with the same seed every call (common random numbers)."""

    def evaluate(seed_nodes) -> float:
        estimate = estimate_spread(
            graph, np.asarray(seed_nodes, dtype=np.int64), model, objective=objective, n_trials=n_trials,
            target_weights=weights, rng=seed,
        )
        return _objective_value(estimate)

    return evaluate


def _finish(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    bound: BoundConstraints,
    picks: Picks,
    *,
    method: str,
    objective: str,
    eval_trials: int,
    evaluation: np.random.Generator,
    rng: RngLike,
    arguments: dict[str, Any],
) -> SeedSet:
    seeds = np.asarray(picks.seed_nodes, dtype=np.int64)
    spread = None
    if eval_trials:
        spread = estimate_spread(
            graph, seeds, model, objective=objective, n_trials=int(eval_trials),
            target_weights=bound.target_weights, communities=constraints.communities, rng=evaluation,
        )
    params = make_params(
        method,
        rng=rng,
        model=model.to_dict(),
        objective=objective,
        constraints=constraints.to_dict(),
        eval_trials=int(eval_trials),
        **arguments,
        **picks.details,
    )
    return SeedSet(
        seed_nodes=_frozen(seeds),
        marginal_gains=_frozen(np.asarray(picks.marginal_gains, dtype=np.float64)),
        cumulative=_frozen(np.asarray(picks.cumulative, dtype=np.float64)),
        costs=_frozen(bound.cost[seeds].astype(np.float64)),
        required=_frozen(np.isin(seeds, bound.required)),
        method=method,
        objective=objective,
        spread=spread,
        params=params,
    )


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


def _prefix_picks(evaluate, seed_nodes: np.ndarray) -> Picks:
    """``seed_nodes`` with each one's marginal gain measured by ``evaluate`` on the prefixes."""
    cumulative = np.array([evaluate(seed_nodes[: i + 1]) for i in range(len(seed_nodes))])
    return Picks(np.asarray(seed_nodes, dtype=np.int64), np.diff(cumulative, prepend=0.0), cumulative, {})


def _rr_inputs(graph: SocialGraph, model: Model) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    in_indptr, in_indices, in_arc = graph.reverse()
    if isinstance(model, ICModel):
        return _rr.IC, in_indptr, in_indices, model.arc_probabilities(graph)[in_arc]
    return _rr.LT, in_indptr, in_indices, model.arc_weights(graph)[in_arc]


# ---------------------------------------------------------------------------------------------- methods
def imm_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    objective: Objective = "awareness",
    eps: float = 0.1,
    ell: float = 1.0,
    pool_size: int | None = None,
    n_trials: int = 1000,
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    max_rr_sets: int = DEFAULT_MAX_RR_SETS,
    rng: RngLike = None,
) -> SeedSet:
    """Pick seeds by IMM with reverse-reachable sets (default method).

    Parameters
    ----------
    graph : SocialGraph
        The network.
    model : ICModel or LTModel
        The diffusion model.
    constraints : CampaignConstraints
        Seed count and/or budget, target, exclusions, requirements, quotas.
    objective : {"awareness", "adoption"}, default "awareness"
        What the campaign maximizes (see :mod:`graphkit.diffusion.models`). Adoption: IMM picks
        a candidate pool by awareness, then CELF with Monte Carlo decides (module docstring).
    eps : float, default 0.1
        Approximation slack of IMM, in (0, 1); smaller is more accurate and slower.
    ell : float, default 1.0
        Failure probability ``1/n^ell`` of the guarantee (> 0).
    pool_size : int, optional
        Adoption only: candidates kept for CELF; default ``3 x`` the seeds the campaign can hold.
    n_trials : int, default 1000
        Adoption only: Monte Carlo cascades per CELF evaluation (>= 2).
    eval_trials : int, default 10,000
        Cascades of the independent spread estimate (0 = skip it; for benchmarks).
    max_rr_sets : int, default 50,000,000
        Refuse to draw more RR sets than this in one phase.
    rng : int, SeedSequence or Generator, optional
        Randomness; the same value gives the same seeds on any number of threads.

    Returns
    -------
    SeedSet
        ``params`` include the RR-set counts and IMM's lower bound of the optimum.

    Raises
    ------
    InvalidInputError
        If an argument is out of range or the constraints don't fit the graph.
    """
    _check_common(model, constraints, objective, eval_trials)
    bound = constraints.bind(graph.n_nodes)
    selection, evaluation = _streams(rng)
    kind, in_indptr, in_indices, in_value = _rr_inputs(graph, model)
    arguments: dict[str, Any] = {"eps": eps, "ell": ell, "max_rr_sets": max_rr_sets}
    if objective == "awareness":
        picks = imm_picks(
            kind, in_indptr, in_indices, in_value, bound, eps=eps, ell=ell, max_rr_sets=max_rr_sets, rng=selection
        )
    else:
        _check_trials(n_trials)
        size = 3 * bound.max_seeds if pool_size is None else pool_size
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise InvalidInputError(f"pool_size must be an int >= 1, got {pool_size!r}")
        pool_bound = dataclasses.replace(  # the campaign's limits, three times over, so the pool
            bound,                          # holds what the campaign can afford in each circle
            max_seeds=min(len(bound.required) + int(size), graph.n_nodes),
            budget=_POOL_SLACK * bound.budget,
            quota=np.minimum(_POOL_SLACK * bound.quota, graph.n_nodes + 1),
            has_k=True,
        )
        pool = imm_picks(
            kind, in_indptr, in_indices, in_value, pool_bound, eps=eps, ell=ell, max_rr_sets=max_rr_sets,
            rng=selection,
        )
        crn_seed = int(selection.integers(2**63 - 1))
        evaluate = _mc_evaluator(graph, model, objective, bound.target_weights, n_trials, crn_seed)
        picks = celf_picks(evaluate, pool.seed_nodes, bound)
        by_awareness = imm_picks(
            kind, in_indptr, in_indices, in_value, bound, eps=eps, ell=ell, max_rr_sets=max_rr_sets, rng=selection
        )
        kept = "celf"
        if evaluate(by_awareness.seed_nodes) > evaluate(picks.seed_nodes):
            picks, kept = _prefix_picks(evaluate, by_awareness.seed_nodes), "awareness"
        picks = dataclasses.replace(
            picks,
            details={
                "pool_size": int(len(pool.seed_nodes) - len(bound.required)),
                **{f"pool_{key}": value for key, value in pool.details.items()},
                **picks.details,
                "adoption_picks": kept,
            },
        )
        arguments["n_trials"] = n_trials
    return _finish(
        graph, model, constraints, bound, picks, method="imm", objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng, arguments=arguments,
    )


def celf_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    objective: Objective = "awareness",
    n_trials: int = 1000,
    candidates: Iterable[int] | None = None,
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """Pick seeds by CELF with Monte Carlo estimates (any model and objective; small graphs).

    Parameters
    ----------
    graph, model, constraints, objective, eval_trials, rng
        As in :func:`imm_seed_nodes`.
    n_trials : int, default 1000
        Monte Carlo cascades per evaluation (>= 2). Every evaluation uses the same trial seeds
        (common random numbers).
    candidates : iterable of int, optional
        Restrict the search to these users (e.g. a pool from another method); default all.

    Returns
    -------
    SeedSet
        ``params["evaluations"]`` counts the Monte Carlo batches run.

    Examples
    --------
    >>> import graphkit
    >>> from graphkit.diffusion.models import ICModel
    >>> from graphkit.diffusion.constraints import CampaignConstraints
    >>> graph = graphkit.generate_social_graph(n_users=100, mean_degree=4, rng=2)
    >>> cost = graph.users["cost"].to_numpy()
    >>> seeds = celf_seed_nodes(graph, ICModel(), CampaignConstraints(budget=100.0, cost=cost),
    ...                         n_trials=200, eval_trials=200, rng=1)
    >>> seeds.total_cost <= 100.0
    True
    """
    _check_common(model, constraints, objective, eval_trials)
    _check_trials(n_trials)
    bound = constraints.bind(graph.n_nodes)
    pool = np.arange(graph.n_nodes) if candidates is None else seed_node_array(graph, candidates)
    selection, evaluation = _streams(rng)
    crn_seed = int(selection.integers(2**63 - 1))
    evaluate = _mc_evaluator(graph, model, objective, bound.target_weights, n_trials, crn_seed)
    picks = celf_picks(evaluate, pool, bound)
    return _finish(
        graph, model, constraints, bound, picks, method="celf", objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng,
        arguments={"n_trials": n_trials, "candidates": None if candidates is None else len(pool)},
    )


def _heuristic(graph, model, constraints, objective, eval_trials, rng, method, pick, arguments=None) -> SeedSet:
    _check_common(model, constraints, objective, eval_trials)
    bound = constraints.bind(graph.n_nodes)
    _, evaluation = _streams(rng)
    picks = pick(bound)
    return _finish(
        graph, model, constraints, bound, picks, method=method, objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng, arguments=arguments or {},
    )


def degree_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    objective: Objective = "awareness",
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """Highest out-degree users that fit the constraints (baseline).

    ``model`` and ``objective`` only serve the independent spread estimate; arguments as in
    :func:`imm_seed_nodes`.

    Examples
    --------
    >>> import graphkit
    >>> from graphkit.diffusion.models import ICModel
    >>> from graphkit.diffusion.constraints import CampaignConstraints
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=2)
    >>> seeds = degree_seed_nodes(graph, ICModel(), CampaignConstraints(k=2), eval_trials=100, rng=0)
    >>> bool(graph.out_degree()[seeds.seed_nodes[0]] == graph.out_degree().max())
    True
    """
    return _heuristic(
        graph, model, constraints, objective, eval_trials, rng, "degree",
        lambda bound: heuristics.ranked_picks(heuristics.degree_scores(graph), bound),
    )


def pagerank_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    objective: Objective = "awareness",
    damping: float = 0.85,
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """Highest PageRank (of the reversed graph) users that fit the constraints (baseline).

    ``damping`` in (0, 1), default 0.85; other arguments as in :func:`degree_seed_nodes`.
    """
    return _heuristic(
        graph, model, constraints, objective, eval_trials, rng, "pagerank",
        lambda bound: heuristics.ranked_picks(heuristics.reverse_pagerank_scores(graph, damping=damping), bound),
        {"damping": damping},
    )


def degree_discount_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    objective: Objective = "awareness",
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """DegreeDiscountIC (Chen, Wang & Yang 2009) under the constraints (baseline).

    The discount uses the mean arc probability of ``model`` (IC) or mean arc weight (LT) as its
    uniform ``p``; other arguments as in :func:`degree_seed_nodes`.
    """
    values = model.arc_probabilities(graph) if isinstance(model, ICModel) else model.arc_weights(graph)
    p = float(values.mean()) if len(values) else 0.0
    return _heuristic(
        graph, model, constraints, objective, eval_trials, rng, "degree-discount",
        lambda bound: heuristics.degree_discount_picks(graph, bound, p=p),
    )


def community_leader_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    communities: Iterable[int] | None = None,
    scores: Iterable[float] | None = None,
    objective: Objective = "awareness",
    eval_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """The top user of each community, largest community first, then runners-up (baseline).

    Parameters
    ----------
    communities : array of int, optional
        Community label per user; default ``constraints.communities`` (one of them is needed).
    scores : array of float, optional
        Who leads a community: default out-degree (e.g. pass leader scores from analysis).
    graph, model, constraints, objective, eval_trials, rng
        As in :func:`degree_seed_nodes`.
    """
    labels = constraints.communities if communities is None else np.asarray(list(communities))
    if labels is None:
        raise InvalidInputError("community-leaders needs communities (argument or constraints.communities)")
    score = heuristics.degree_scores(graph) if scores is None else np.asarray(list(scores), dtype=np.float64)
    if score.shape != (graph.n_nodes,):
        raise InvalidInputError(f"scores must have one value per user ({graph.n_nodes}), got shape {score.shape}")
    return _heuristic(
        graph, model, constraints, objective, eval_trials, rng, "community-leaders",
        lambda bound: heuristics.community_leader_picks(score, np.asarray(labels), bound),
        {"scores": "degree" if scores is None else "given"},
    )


_DISPATCH = {
    "imm": imm_seed_nodes,
    "celf": celf_seed_nodes,
    "degree": degree_seed_nodes,
    "pagerank": pagerank_seed_nodes,
    "degree-discount": degree_discount_seed_nodes,
    "community-leaders": community_leader_seed_nodes,
}


def select_seed_nodes(
    graph: SocialGraph,
    model: Model,
    constraints: CampaignConstraints,
    *,
    method: str = "imm",
    **options: Any,
) -> SeedSet:
    """Pick seeds with ``method`` (one of :data:`METHODS`); ``options`` go to that method's function.

    Examples
    --------
    >>> import graphkit
    >>> from graphkit.diffusion.models import ICModel
    >>> from graphkit.diffusion.constraints import CampaignConstraints
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=2)
    >>> select_seed_nodes(graph, ICModel(), CampaignConstraints(k=2), method="magic")
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: method must be one of imm, celf, degree, pagerank, degree-discount, community-leaders, got 'magic'
    """
    if method not in _DISPATCH:
        raise InvalidInputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return _DISPATCH[method](graph, model, constraints, **options)


def evaluate_seed_set(
    graph: SocialGraph,
    seed_nodes: Iterable[int],
    model: Model,
    *,
    objective: Objective = "awareness",
    cost: Iterable[float] | None = None,
    target_weights: Iterable[float] | None = None,
    communities: Iterable[int] | None = None,
    n_trials: int = DEFAULT_EVAL_TRIALS,
    rng: RngLike = None,
) -> SeedSet:
    """Estimate the spread of a seed set the user brings, as a SeedSet (method ``"given"``).

    Parameters
    ----------
    graph, model, objective, rng
        As in :func:`imm_seed_nodes`.
    seed_nodes : iterable of int
        Distinct node indices, in the user's order.
    cost, target_weights, communities : arrays, optional
        Per-user cost (for ``costs``), target weights and community labels (for the estimate).
    n_trials : int, default 10,000
        Monte Carlo cascades (>= 2).

    Examples
    --------
    >>> import graphkit
    >>> from graphkit.diffusion.models import ICModel
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=2)
    >>> given = evaluate_seed_set(graph, [0, 5], ICModel(), n_trials=200, rng=3)
    >>> given.method, given.spread.mean >= 2
    ('given', True)
    """
    seeds = seed_node_array(graph, seed_nodes)
    _check_trials(n_trials)
    constraints = CampaignConstraints(
        k=max(1, len(seeds)),
        cost=None if cost is None else np.asarray(list(cost), dtype=np.float64),
        target_weights=None if target_weights is None else np.asarray(list(target_weights), dtype=np.float64),
        communities=None if communities is None else np.asarray(list(communities)),
    )
    nan = np.full(len(seeds), np.nan)
    return _heuristic(
        graph, model, constraints, objective, n_trials, rng, "given",
        lambda bound: Picks(seeds, nan, nan.copy(), {"seed_nodes": seeds.tolist()}),
    )
