"""Baseline seed selection as a SeedSet: degree, PageRank, degree-discount, community leaders.

Each function ranks users with a heuristic of :mod:`graphkit.diffusion.heuristics` under the
campaign's constraints and returns a :class:`~graphkit.diffusion.seed_set.SeedSet` whose spread is
estimated by the same independent Monte Carlo run as IMM's and CELF's, so the baselines compare
fairly; ``model`` and ``objective`` only serve that estimate. The picks carry no marginal gains
(NaN): heuristics estimate nothing.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> graph = graphkit.generate_social_graph(n_users=100, rng=2)
>>> seeds = pagerank_seed_nodes(graph, ICModel(), CampaignConstraints(k=3, excluded=[0]),
...                             eval_trials=100, rng=0)
>>> len(seeds.seed_nodes), 0 in seeds.seed_nodes, seeds.params["damping"]
(3, False, 0.85)

References
----------
Chen, Wang, Yang (2009). Efficient influence maximization in social networks. KDD.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from graphkit.diffusion import heuristics
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.models import ICModel, Model, Objective
from graphkit.diffusion.seed_set import DEFAULT_EVAL_TRIALS, SeedSet, seed_set_from_picks
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike

__all__ = [
    "community_leader_seed_nodes",
    "degree_discount_seed_nodes",
    "degree_seed_nodes",
    "pagerank_seed_nodes",
]


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
    :func:`~graphkit.diffusion.imm_seeds.imm_seed_nodes`.

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
    return seed_set_from_picks(
        graph, model, constraints,
        lambda bound: heuristics.ranked_picks(heuristics.degree_scores(graph), bound),
        method="degree", objective=objective, eval_trials=eval_trials, rng=rng,
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
    return seed_set_from_picks(
        graph, model, constraints,
        lambda bound: heuristics.ranked_picks(heuristics.reverse_pagerank_scores(graph, damping=damping), bound),
        method="pagerank", objective=objective, eval_trials=eval_trials, rng=rng,
        arguments={"damping": damping},
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
    return seed_set_from_picks(
        graph, model, constraints,
        lambda bound: heuristics.degree_discount_picks(graph, bound, p=p),
        method="degree-discount", objective=objective, eval_trials=eval_trials, rng=rng,
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
    return seed_set_from_picks(
        graph, model, constraints,
        lambda bound: heuristics.community_leader_picks(score, np.asarray(labels), bound),
        method="community-leaders", objective=objective, eval_trials=eval_trials, rng=rng,
        arguments={"scores": "degree" if scores is None else "given"},
    )
