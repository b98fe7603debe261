"""Influence spread: diffusion models, Monte Carlo simulation and exact enumeration.

Examples
--------
>>> from graphkit.io.generate import generate_social_graph
>>> from graphkit.diffusion import ICModel, estimate_spread
>>> graph = generate_social_graph(n_users=200, rng=3)
>>> estimate_spread(graph, [0], ICModel(p_strong=1.0, p_weak=0.0), n_trials=10, rng=1).std_error
0.0
"""

from graphkit.diffusion.exact import exact_activation_probabilities, exact_spread
from graphkit.diffusion.models import OBJECTIVES, ICModel, LTModel, Model, Objective
from graphkit.diffusion.simulate import SpreadEstimate, estimate_spread

__all__ = [
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
