"""Fit Independent Cascade activation probabilities to observed cascades.

* :mod:`~graphkit.fit.exposures`: the attempts cascades show each tie making (events, failures);
* :mod:`~graphkit.fit.em`: EM for one probability per group of ties (Saito et al. 2008);
* :mod:`~graphkit.fit.bootstrap`: percentile intervals from cascades re-weighted at random;
* :mod:`~graphkit.fit.ic`: :func:`fit_uniform` and :func:`fit_tie_kinds`, the public fits;
* :mod:`~graphkit.fit.simulate`: IC cascades with times, to test the fits on known truth;
* :mod:`~graphkit.fit.direction`: :func:`flow_counts`, which way the cascades run along the ties;
* :mod:`~graphkit.fit.features`: per-arc tie features, co-adoptions cross-fitted over time folds;
* :mod:`~graphkit.fit.slots`: exposures per (fold, arc) slot and the EM the slot models share;
* :mod:`~graphkit.fit.logistic`: the feature model p = sigmoid(x . beta), by EM with a ridge;
* :mod:`~graphkit.fit.sandwich`: its coefficients' intervals, clustered on cascades, from one pass;
* :mod:`~graphkit.fit.per_tie`: per-tie p shrunk toward the feature model, kappa on held-out folds;
* :mod:`~graphkit.fit.tie_model`: :func:`fit_tie_model`, p tie by tie for the simulator and the store;
* :mod:`~graphkit.fit.evaluation`: held-out log-likelihood, AUC and calibration over exposures;
* :mod:`~graphkit.fit.influence`: each user's observed and predicted influence, shrunk;
* :mod:`~graphkit.fit.ranking`: influence scores ranked against what users were seen to do;
* :mod:`~graphkit.fit.workflow`: :func:`fit_cascades`, the whole of ``graphkit fit``;
* :mod:`~graphkit.fit.model_file`: the model file ``graphkit fit`` writes and the engines read.

Examples
--------
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.fit import fit_uniform, simulate_ic_cascades
>>> from graphkit.generate import generate_social_graph
>>> graph = generate_social_graph(n_users=300, rng=1)
>>> cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.1, p_weak=0.1), range(300), rng=2)
>>> fit = fit_uniform(graph, cascades, window=1.0, n_boot=50, rng=3)
>>> fit.p_ci[0] < 0.1 < fit.p_ci[1]
True
"""

from graphkit.fit.direction import FlowCounts, flow_counts
from graphkit.fit.evaluation import HeldOutEvaluation, evaluate_held_out
from graphkit.fit.exposures import Exposures, find_exposures
from graphkit.fit.ic import CascadeFit, KindFit, UniformFit, fit_tie_kinds, fit_uniform
from graphkit.fit.influence import ObservedInfluence, ShrunkInfluence, observed_influence, predicted_influence
from graphkit.fit.model_file import FittedModel, read_model_file, write_model_file
from graphkit.fit.ranking import compare_rankings, influence_scores, ranking_table, weighted_cascade_p
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.fit.tie_model import TieModelFit, fit_tie_model
from graphkit.fit.workflow import CascadeFitReport, fit_cascades

__all__ = [
    "TieModelFit",
    "fit_tie_model",
    "CascadeFitReport",
    "fit_cascades",
    "HeldOutEvaluation",
    "evaluate_held_out",
    "ObservedInfluence",
    "ShrunkInfluence",
    "observed_influence",
    "predicted_influence",
    "compare_rankings",
    "influence_scores",
    "ranking_table",
    "weighted_cascade_p",
    "FittedModel",
    "FlowCounts",
    "flow_counts",
    "read_model_file",
    "write_model_file",
    "CascadeFit",
    "Exposures",
    "KindFit",
    "UniformFit",
    "find_exposures",
    "fit_tie_kinds",
    "fit_uniform",
    "simulate_ic_cascades",
]
