"""IMM seed selection (the default method): reverse-reachable sets on a graph and model, as a SeedSet.

:func:`imm_seed_nodes` turns the graph and an IC or LT model into the in-arc arrays the RR-set
sampler reads, runs :func:`graphkit.diffusion.imm.imm_picks` (IMM sample sizes of Tang, Shi & Xiao
2015, fresh sets for the final selection after Chen 2018) under the campaign's constraints, and
returns a :class:`~graphkit.diffusion.seed_set.SeedSet` with an independent spread estimate.

Objective *awareness*: ``(1 - 1/e - eps)``-approximate with probability ``1 - 1/n^ell`` for a
plain seed count. Objective *adoption* is not submodular and has no RR-set form, so IMM first
picks a candidate pool (``pool_size`` users, default ``3 x`` the seeds the campaign can hold,
under 3 x its budget and quotas) by awareness RR coverage, then runs CELF
(:func:`graphkit.diffusion.celf.celf_picks`) with Monte Carlo on the adoption objective over that
pool; if the awareness-optimal seeds (IMM under the campaign's own constraints) adopt more on the
same Monte Carlo sample, they are kept instead (``params["adoption_picks"]`` says which), so the
result never falls behind them because of CELF's sampling noise.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.diffusion.constraints import CampaignConstraints
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
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from graphkit.diffusion import _rr
from graphkit.diffusion.celf import celf_picks
from graphkit.diffusion.constraints import CampaignConstraints, Picks
from graphkit.diffusion.imm import DEFAULT_MAX_RR_SETS, imm_picks
from graphkit.diffusion.models import ICModel, Model, Objective
from graphkit.diffusion.seed_set import (
    DEFAULT_EVAL_TRIALS,
    SeedSet,
    check_seed_arguments,
    check_trials,
    finish_seed_set,
    mc_evaluator,
    split_streams,
)
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike

__all__ = ["imm_seed_nodes"]

_POOL_SLACK = 3  # adoption: the awareness pool may hold 3x the seeds, budget and quota of the campaign


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
    sampler: str = "standard",
    stopping: str = "imm",
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
    sampler : {"standard", "subsim"}, default "standard"
        How RR sets are drawn: ``"subsim"`` (IC only) draws sets of the same distribution by subset
        sampling with geometric skips (Guo et al. 2020), faster; the guarantee is unchanged, the sets
        (so the seeds) for one ``rng`` differ from the standard sampler's.
    stopping : {"imm", "opim-c", "hist"}, default "imm"
        How many sets: IMM's schedule, OPIM-C's online bounds (Tang et al. 2018), or HIST (Guo et al.
        2020): OPIM-C-style bounds in two phases, the second on sets that stop growing at a few
        sentinel seeds picked first (cheaper sets where one user reaches many). The last two for a
        plain seed count only (exclusions allowed), the same guarantee usually with far fewer sets.
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
    check_seed_arguments(model, constraints, objective, eval_trials)
    bound = constraints.bind(graph.n_nodes)
    selection, evaluation = split_streams(rng)
    kind, in_indptr, in_indices, in_value = _rr_inputs(graph, model)
    tuning = {"eps": eps, "ell": ell, "max_rr_sets": max_rr_sets, "sampler": sampler, "stopping": stopping}
    arguments: dict[str, Any] = {"eps": eps, "ell": ell, "max_rr_sets": max_rr_sets}  # sampler, stopping: details
    if objective == "awareness":
        picks = imm_picks(kind, in_indptr, in_indices, in_value, bound, **tuning, rng=selection)
    else:
        check_trials(n_trials)
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
        pool = imm_picks(kind, in_indptr, in_indices, in_value, pool_bound, **tuning, rng=selection)
        crn_seed = int(selection.integers(2**63 - 1))
        evaluate = mc_evaluator(graph, model, objective, bound.target_weights, n_trials, crn_seed)
        picks = celf_picks(evaluate, pool.seed_nodes, bound)
        by_awareness = imm_picks(kind, in_indptr, in_indices, in_value, bound, **tuning, rng=selection)
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
                "sampler": sampler,
                "stopping": stopping,
            },
        )
        arguments["n_trials"] = n_trials
    del in_value  # the evaluation makes its own per-arc arrays: not both at once
    return finish_seed_set(
        graph, model, constraints, bound, picks, method="imm", objective=objective, eval_trials=eval_trials,
        evaluation=evaluation, rng=rng, arguments=arguments,
    )


def _rr_inputs(graph: SocialGraph, model: Model) -> tuple[int, np.ndarray, np.ndarray, np.ndarray | _rr.PerHead]:
    """``(kind, in_indptr, in_indices, in_value)`` of :func:`~graphkit.diffusion.imm.imm_picks`."""
    in_indptr, in_indices, in_arc = graph.reverse()
    if isinstance(model, ICModel) and model.per_head:  # n probabilities, no array of the arcs' size
        return _rr.IC, in_indptr, in_indices, _rr.PerHead(model.head_probabilities(graph))
    if isinstance(model, ICModel):
        return _rr.IC, in_indptr, in_indices, model.arc_probabilities(graph)[in_arc]
    return _rr.LT, in_indptr, in_indices, model.arc_weights(graph)[in_arc]


def _prefix_picks(evaluate, seed_nodes: np.ndarray) -> Picks:
    """``seed_nodes`` with each one's marginal gain measured by ``evaluate`` on the prefixes."""
    cumulative = np.array([evaluate(seed_nodes[: i + 1]) for i in range(len(seed_nodes))])
    return Picks(np.asarray(seed_nodes, dtype=np.int64), np.diff(cumulative, prepend=0.0), cumulative, {})
