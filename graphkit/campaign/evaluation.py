"""One Monte Carlo evaluation shared by every number of a plan, so they can be compared.

Every seed set of a plan — the shortlist and each of its prefixes, each KOL alone, each baseline
strategy, each sensitivity scenario — is estimated with the same objective, target weights,
number of cascades and rng seed (common random numbers), on a stream independent of the one that
chose the seeds. Differences between two figures then come from the seed sets, not from drawing
different random numbers, and no figure is biased by the samples the selection optimised over.

Examples
--------
>>> import graphkit
>>> from graphkit.diffusion import ICModel
>>> graph = graphkit.generate_social_graph(n_users=200, rng=1)
>>> evaluator = Evaluator(graph, ICModel(p_strong=0.3, p_weak=0.05), objective="awareness",
...                       n_trials=500, target_weights=None, communities=None, rng=11)
>>> first, again = evaluator.reach([0, 1]), evaluator.reach([0, 1])
>>> first == again and first.value >= 2
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from graphkit.diffusion.models import Model
from graphkit.diffusion.simulate import Z_95, SpreadEstimate, estimate_spread
from graphkit.graph import SocialGraph

__all__ = ["Evaluator", "Reach", "reach_of"]


@dataclass(frozen=True, slots=True)
class Reach:
    """An estimated reach (target-weighted when the campaign has a target) with its 95% CI."""

    value: float
    std_error: float

    @property
    def ci_low(self) -> float:
        return self.value - Z_95 * self.std_error

    @property
    def ci_high(self) -> float:
        return self.value + Z_95 * self.std_error


class Evaluator:
    """Estimates seed sets under fixed settings (see the module docstring).

    Parameters
    ----------
    graph : SocialGraph
    model : ICModel or LTModel
        The campaign's model; :meth:`estimate` can take another (sensitivity scenarios).
    objective : {"awareness", "adoption"}
    n_trials : int
        Cascades per estimate.
    target_weights : ndarray or None
        Worth of reaching each user; None counts every user 1.
    communities : ndarray of int or None
        Circle of each user, for per-circle reach.
    rng : int
        The evaluation seed, the same for every estimate.
    """

    def __init__(self, graph: SocialGraph, model: Model, *, objective: str, n_trials: int,
                 target_weights: np.ndarray | None, communities: np.ndarray | None, rng: int) -> None:
        self.graph = graph
        self.model = model
        self.objective = objective
        self.n_trials = n_trials
        self.target_weights = target_weights
        self.communities = communities
        self.rng = rng

    def estimate(self, seed_nodes: Iterable[int], model: Model | None = None) -> SpreadEstimate:
        """The Monte Carlo estimate of ``seed_nodes`` (under ``model``, default the campaign's)."""
        return estimate_spread(
            self.graph, np.asarray(list(seed_nodes), dtype=np.int64), self.model if model is None else model,
            objective=self.objective, n_trials=self.n_trials, target_weights=self.target_weights,
            communities=self.communities, rng=self.rng,
        )

    def reach(self, seed_nodes: Iterable[int], model: Model | None = None) -> Reach:
        """Just the reach of ``seed_nodes`` and its standard error."""
        return reach_of(self.estimate(seed_nodes, model))


def reach_of(estimate: SpreadEstimate) -> Reach:
    """The reach an estimate reports: target-weighted when it has target weights."""
    if estimate.target_reach is None:
        return Reach(estimate.mean, estimate.std_error)
    return Reach(float(estimate.target_reach), float(estimate.target_std_error))
