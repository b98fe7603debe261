"""CELF seed selection with Monte Carlo estimates, as a SeedSet: any model and objective, small graphs.

:func:`celf_seed_nodes` runs the lazy greedy of :func:`graphkit.diffusion.celf.celf_picks`
(Leskovec et al. 2007) on Monte Carlo estimates of the campaign's objective
(:func:`~graphkit.diffusion.seed_set.mc_evaluator`: ``n_trials`` cascades per evaluation, the same
trial seeds every time), over every user or a given candidate pool. It costs one simulation batch
per evaluation, so it suits small graphs or a candidate pool; IMM
(:mod:`graphkit.diffusion.imm_seeds`) scales further.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> graph = graphkit.generate_social_graph(n_users=100, mean_degree=4, rng=2)
>>> seeds = celf_seed_nodes(graph, ICModel(), CampaignConstraints(k=2), candidates=[3, 5, 8, 13],
...                         n_trials=100, eval_trials=100, rng=1)
>>> set(seeds.seed_nodes.tolist()) <= {3, 5, 8, 13}, seeds.params["candidates"]
(True, 4)

References
----------
Leskovec, Krause, Guestrin, Faloutsos, VanBriesen, Glance (2007). Cost-effective outbreak
detection in networks. KDD.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from graphkit.diffusion.celf import celf_picks
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.models import Model, Objective
from graphkit.diffusion.seed_set import (
    DEFAULT_EVAL_TRIALS,
    SeedSet,
    check_seed_arguments,
    check_trials,
    finish_seed_set,
    mc_evaluator,
    split_streams,
)
from graphkit.diffusion.simulate import seed_node_array
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike

__all__ = ["celf_seed_nodes"]


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
        As in :func:`~graphkit.diffusion.imm_seeds.imm_seed_nodes`.
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
    check_seed_arguments(model, constraints, objective, eval_trials)
    check_trials(n_trials)
    bound = constraints.bind(graph.n_nodes)
    pool = np.arange(graph.n_nodes) if candidates is None else seed_node_array(graph, candidates)
    selection, evaluation = split_streams(rng)
    crn_seed = int(selection.integers(2**63 - 1))
    evaluate = mc_evaluator(graph, model, objective, bound.target_weights, n_trials, crn_seed)
    picks = celf_picks(evaluate, pool, bound)
    return finish_seed_set(
        graph, model, constraints, bound, picks, method="celf", objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng,
        arguments={"n_trials": n_trials, "candidates": None if candidates is None else len(pool)},
    )
