"""Influence spread: diffusion models, Monte Carlo simulation, exact enumeration, seed selection.

Examples
--------
>>> from graphkit.generate import generate_social_graph
>>> from graphkit.diffusion import ICModel, estimate_spread
>>> graph = generate_social_graph(n_users=200, rng=3)
>>> estimate_spread(graph, [0], ICModel(p_strong=1.0, p_weak=0.0), n_trials=10, rng=1).std_error
0.0
"""

from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.exact import exact_activation_probabilities, exact_spread
from graphkit.diffusion.models import DEFAULT_IC, DEFAULT_LT, OBJECTIVES, ICModel, LTModel, Model, Objective
from graphkit.diffusion.seeds import (
    METHODS,
    SeedSet,
    celf_seed_nodes,
    community_leader_seed_nodes,
    degree_discount_seed_nodes,
    degree_seed_nodes,
    evaluate_seed_set,
    imm_seed_nodes,
    pagerank_seed_nodes,
    select_seed_nodes,
)
from graphkit.diffusion.simulate import SpreadEstimate, estimate_spread

__all__ = [
    "DEFAULT_IC",
    "DEFAULT_LT",
    "METHODS",
    "CampaignConstraints",
    "SeedSet",
    "celf_seed_nodes",
    "community_leader_seed_nodes",
    "degree_discount_seed_nodes",
    "degree_seed_nodes",
    "evaluate_seed_set",
    "imm_seed_nodes",
    "pagerank_seed_nodes",
    "select_seed_nodes",
    "OBJECTIVES",
    "ICModel",
    "LTModel",
    "Model",
    "Objective",
    "SpreadEstimate",
    "estimate_spread",
    "exact_activation_probabilities",
    "exact_spread",
]
