"""Per-tie probabilities: shrunk toward the feature model, kappa from held-out folds, EM monotone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.fit.em import P_MAX
from graphkit.fit.exposures import find_exposures
from graphkit.fit.per_tie import KAPPA_RANGE, fit_per_tie
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.fit.slots import SlotExposures
from graphkit.fit.tie_model import fit_tie_model
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.fit.test_logistic import TRUTH, logistic_truth


def one_arc_slots(n_cascades, n_adopting):
    """Arc a -> b; a adopts in every cascade, b one step later in the first ``n_adopting``."""
    graph = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
                                    directed=True)
    cascade = np.concatenate([np.arange(n_cascades), np.arange(n_adopting)])
    node = np.concatenate([np.zeros(n_cascades, int), np.ones(n_adopting, int)])
    cascades = Cascades.from_arrays(cascade=cascade, node=node, time=node.astype(float), n_nodes=2)
    return SlotExposures.from_exposures(find_exposures(graph, cascades), np.zeros(n_cascades, int))


@pytest.mark.parametrize(("n_cascades", "n_adopting", "expected"), [
    (1, 1, (1 + 10 * 0.05) / 11),  # one lucky cascade: pulled most of the way back to the prior, not 1
    (1, 0, 10 * 0.05 / 11),
    (200, 100, (100 + 10 * 0.05) / 210),  # many attempts: its own rate
])
def test_the_prior_is_worth_kappa_attempts(n_cascades, n_adopting, expected):
    slots = one_arc_slots(n_cascades, n_adopting)
    fit = fit_per_tie(slots, np.array([0.05]), 10.0, np.ones(n_cascades))
    assert fit.params[0] == pytest.approx(expected, rel=1e-9)
    assert np.all(np.diff(fit.loglik) >= -1e-12 * abs(fit.loglik[-1]))


def test_a_tiny_kappa_still_keeps_p_below_1():
    fit = fit_per_tie(one_arc_slots(1, 1), np.array([0.05]), 1e-9, np.ones(1))
    assert fit.params[0] == P_MAX


@pytest.fixture(scope="module")
def small_fit():
    graph = generate_social_graph(n_users=500, directed=True, rng=2)
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.3, p_weak=0.05), range(500), rng=3)
    return graph, cascades, fit_tie_model(graph, cascades, window=1.0, kappa=10.0, n_boot=0)


def test_a_tie_seen_once_is_pulled_toward_the_feature_model(small_fit):
    graph, cascades, fit = small_fit
    exposures = find_exposures(graph, cascades, window=1.0)
    failures, attempts = exposures.arc_counts()
    sole = exposures.candidate_arc[exposures.event_candidates[:-1][np.diff(exposures.event_candidates) == 1]]
    lucky = np.intersect1d(sole, np.flatnonzero((attempts == 1) & (failures == 0)))
    failed_once = np.flatnonzero((attempts == 1) & (failures == 1))
    assert len(lucky) and len(failed_once)
    prior = fit.arc_p_features
    assert fit.arc_p[lucky] == pytest.approx((1 + 10 * prior[lucky]) / 11, rel=1e-9)
    assert fit.arc_p[failed_once] == pytest.approx(10 * prior[failed_once] / 11, rel=1e-9)
    assert fit.arc_p[lucky].max() < 0.5 and fit.kappa == 10.0
    assert np.all(np.diff(fit.per_tie_loglik) >= -1e-9 * abs(fit.per_tie_loglik[-1]))


def recovery(noise_sd):
    graph = generate_social_graph(n_users=1000, mean_degree=8, directed=True, rng=4)
    p, truth_graph = logistic_truth(graph, TRUTH, noise_sd=noise_sd, rng=5)
    rng = np.random.default_rng(6)
    cascades = simulate_ic_cascades(truth_graph, ICModel(probability="explicit"), rng.integers(0, 1000, 6000),
                                    rng=rng)
    fit = fit_tie_model(graph, cascades, window=1.0, n_boot=0)
    seen = find_exposures(graph, cascades, window=1.0).arc_counts()[1] > 0
    return fit, np.abs(fit.arc_p - p)[seen].mean(), np.abs(fit.arc_p_features - p)[seen].mean()


def test_kappa_is_small_when_ties_differ_beyond_their_features_and_then_per_tie_p_is_closer():
    fit, per_tie_error, feature_error = recovery(noise_sd=1.0)
    assert 2 < fit.kappa < 100
    assert per_tie_error < 0.8 * feature_error


def test_kappa_is_large_when_the_features_say_it_all():
    fit, per_tie_error, feature_error = recovery(noise_sd=0.0)
    assert fit.kappa > 1000 and fit.kappa <= KAPPA_RANGE[1]
    assert per_tie_error < 1.2 * feature_error
