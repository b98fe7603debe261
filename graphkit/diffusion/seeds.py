"""Seed selection for campaigns, one front door: pick with any method, or evaluate a given seed set.

Every method takes a graph, a diffusion model (:class:`~graphkit.diffusion.models.ICModel` or
:class:`~graphkit.diffusion.models.LTModel`) and :class:`~graphkit.diffusion.constraints.CampaignConstraints`
(seed count and/or budget with per-user cost, target segment, excluded and required users,
per-community quotas), honours all constraints, and returns a frozen
:class:`~graphkit.diffusion.seed_set.SeedSet`: seeds in pick order, the method's own estimate of
each pick's marginal gain, costs, the parameters and rng seed, and ``spread`` — the chosen set's
spread estimated by an **independent** Monte Carlo run (:mod:`graphkit.diffusion.seed_set`).
:func:`select_seed_nodes` dispatches on the method's name; :func:`evaluate_seed_set` gives the same
result for a set the user brings. Every name stays importable from here.

Methods
-------
``imm`` (:func:`~graphkit.diffusion.imm_seeds.imm_seed_nodes`, default)
    Reverse-reachable sets with the IMM sample sizes (Tang, Shi & Xiao 2015) and fresh sets for
    the final selection (Chen 2018); ``(1 - 1/e - eps)``-approximate for awareness and a plain
    seed count. Adoption: an awareness pool, then CELF with Monte Carlo on it
    (:mod:`graphkit.diffusion.imm_seeds`).
``celf`` (:func:`~graphkit.diffusion.celf_seeds.celf_seed_nodes`)
    Lazy greedy with Monte Carlo estimates (Leskovec et al. 2007), any model and objective;
    ``n_trials`` cascades per evaluation. Costs one simulation batch per evaluation: for small
    graphs or a candidate pool.
``degree``, ``pagerank``, ``degree-discount``, ``community-leaders``
    Baselines (:mod:`graphkit.diffusion.heuristic_seeds`).

Reach is target-weighted when the constraints carry ``target_weights``: only target users count,
each with its weight (``spread.target_reach``); otherwise it is the number of users counted by
the objective (``spread.mean``). :attr:`SeedSet.reach` gives the right one.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> from graphkit.diffusion.seeds import evaluate_seed_set, select_seed_nodes
>>> graph = graphkit.generate_social_graph(n_users=300, mean_degree=6, rng=1)
>>> model = ICModel(p_strong=0.2, p_weak=0.05)
>>> picked = select_seed_nodes(graph, model, CampaignConstraints(k=3), method="degree-discount",
...                            eval_trials=500, rng=7)
>>> same = evaluate_seed_set(graph, picked.seed_nodes, model, n_trials=500, rng=7)
>>> picked.method, len(picked.seed_nodes), same.spread.mean > 3
('degree-discount', 3, True)

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

import inspect
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from graphkit.diffusion.celf_seeds import celf_seed_nodes
from graphkit.diffusion.constraints import CampaignConstraints, Picks
from graphkit.diffusion.heuristic_seeds import (
    community_leader_seed_nodes,
    degree_discount_seed_nodes,
    degree_seed_nodes,
    pagerank_seed_nodes,
)
from graphkit.diffusion.imm_seeds import imm_seed_nodes
from graphkit.diffusion.models import Model, Objective
from graphkit.diffusion.seed_set import DEFAULT_EVAL_TRIALS, SeedSet, check_trials, seed_set_from_picks
from graphkit.diffusion.simulate import seed_node_array
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike

__all__ = [
    "DEFAULT_EVAL_TRIALS",
    "METHODS",
    "SeedSet",
    "celf_seed_nodes",
    "community_leader_seed_nodes",
    "degree_discount_seed_nodes",
    "degree_seed_nodes",
    "evaluate_seed_set",
    "imm_seed_nodes",
    "method_options",
    "pagerank_seed_nodes",
    "select_seed_nodes",
]

METHODS: tuple[str, ...] = ("imm", "celf", "degree", "pagerank", "degree-discount", "community-leaders")

_DISPATCH: dict[str, Callable[..., SeedSet]] = {
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
    return _method_function(method)(graph, model, constraints, **options)


def method_options(method: str, **options: Any) -> dict[str, Any]:
    """The ``options`` that ``method``'s function takes (its keyword arguments); the others are dropped.

    For a caller that holds every tuning value whatever the method (a command line with ``--eps``
    and ``--trials``): ``select_seed_nodes(..., method=method, **method_options(method, ...))``.

    Examples
    --------
    >>> method_options("celf", eps=0.3, n_trials=500, rng=1)
    {'n_trials': 500, 'rng': 1}
    >>> method_options("degree", eps=0.3, n_trials=500, rng=1)
    {'rng': 1}
    """
    parameters = inspect.signature(_method_function(method)).parameters
    return {
        name: value
        for name, value in options.items()
        if name in parameters and parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
    }


def _method_function(method: str) -> Callable[..., SeedSet]:
    if method not in _DISPATCH:
        raise InvalidInputError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    return _DISPATCH[method]


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
        As in :func:`~graphkit.diffusion.imm_seeds.imm_seed_nodes`.
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
    check_trials(n_trials)
    constraints = CampaignConstraints(
        k=max(1, len(seeds)),
        cost=None if cost is None else np.asarray(list(cost), dtype=np.float64),
        target_weights=None if target_weights is None else np.asarray(list(target_weights), dtype=np.float64),
        communities=None if communities is None else np.asarray(list(communities)),
    )
    nan = np.full(len(seeds), np.nan)
    return seed_set_from_picks(
        graph, model, constraints,
        lambda bound: Picks(seeds, nan, nan.copy(), {"seed_nodes": seeds.tolist()}),
        method="given", objective=objective, eval_trials=n_trials, rng=rng,
    )
