"""The feature model: known coefficients recovered, EM monotone and at the maximum, p from features."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from graphkit.diffusion.models import ICModel
from graphkit.fit.em import P_MAX, P_MIN
from graphkit.fit.exposures import find_exposures
from graphkit.fit.features import structural_features, tie_features
from graphkit.fit.logistic import fit_logistic, slot_probabilities
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.fit.slots import SlotExposures
from graphkit.fit.tie_model import fit_tie_model
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.fit.test_exposures import random_cascades, random_graph

TRUTH = {"intercept": -3.0, "strong": 1.2, "reciprocal": 0.5, "overlap": 0.3, "sender_out_degree": -0.3,
         "receiver_in_degree": -0.6}


def logistic_truth(graph, truth, *, noise_sd=0.0, rng=0):
    """Per-arc ``p = sigmoid(truth . x)`` over the standardised graph columns (+ Normal noise on the
    logit), and the graph whose ties carry it (directed graphs: one arc per tie)."""
    names, raw = structural_features(graph)
    binary = np.isin(names, ["strong", "reciprocal"])
    standardised = np.where(binary, raw, (raw - raw.mean(axis=0)) / raw.std(axis=0))
    logit = truth["intercept"] + standardised @ np.array([truth[name] for name in names])
    p = expit(logit + noise_sd * np.random.default_rng(rng).standard_normal(graph.n_arcs))
    tie_p = np.empty(graph.n_ties)
    tie_p[graph.arc_tie_row] = p
    return p, SocialGraph(users=graph.users, ties=graph.ties.assign(p=tie_p), directed=True)


@pytest.fixture(scope="module")
def known():
    graph = generate_social_graph(n_users=2000, mean_degree=8, directed=True, rng=1)
    p, truth_graph = logistic_truth(graph, TRUTH)
    rng = np.random.default_rng(5)
    cascades = simulate_ic_cascades(truth_graph, ICModel(probability="explicit"), rng.integers(0, 2000, 3000),
                                    rng=rng)
    return graph, p, cascades, fit_tie_model(graph, cascades, window=1.0, n_boot=10, rng=3)


def test_known_coefficients_are_recovered(known):
    graph, p, _, fit = known
    assert fit.names == (*TRUTH, "co_adoptions")
    for name, beta, (low, high) in zip(fit.names, fit.beta, fit.beta_ci):
        assert beta == pytest.approx(TRUTH.get(name, 0.0), abs=0.1), name  # co-adoptions add nothing here
        assert low <= beta <= high and high - low < 0.2, name
    assert fit.draws.shape == (10, len(fit.names))
    assert np.abs(fit.arc_p_features - p).mean() < 0.005


def test_ties_no_cascade_reached_get_p_from_their_features(known):
    graph, p, cascades, fit = known
    _, attempts = find_exposures(graph, cascades, window=1.0).arc_counts()
    unseen = attempts == 0
    assert 0 < unseen.sum() < graph.n_arcs
    assert np.array_equal(fit.arc_p[unseen], fit.arc_p_features[unseen])
    features = tie_features(graph, cascades, fit.folds)
    arcs = np.flatnonzero(unseen)
    per_fold = [expit(features.design(f * graph.n_arcs + arcs) @ fit.beta) for f in range(5)]
    assert fit.arc_p[unseen] == pytest.approx(np.mean(per_fold, axis=0), rel=1e-12)
    assert fit.arc_p[unseen].std() > 0.01 and np.abs(fit.arc_p[unseen] - p[unseen]).mean() < 0.01


def penalised_loglik(slots, design, weights, beta, ridge):
    p, log_miss = slot_probabilities(design, beta)
    failures, _ = slots.counts(weights)
    return slots.e_step(p, log_miss, weights)[1] + failures @ log_miss - 0.5 * ridge * beta[1:] @ beta[1:]


def problems():
    """(slots, design, weights, ridge): random cascades on random graphs, random features."""
    for seed in range(6):
        rng = np.random.default_rng(seed)
        graph = random_graph(rng, n=20, m=70, directed=seed % 2 == 0)
        cascades = random_cascades(rng, graph, 60, known_share=0.2)
        exposures = find_exposures(graph, cascades, window=[math.inf, 2.0][seed % 2])
        slots = SlotExposures.from_exposures(exposures, rng.integers(0, 3, cascades.n_cascades))
        design = np.column_stack([np.ones(slots.n_slots), rng.standard_normal((slots.n_slots, 2)),
                                  rng.integers(0, 2, slots.n_slots)])
        weights = rng.integers(0, 3, cascades.n_cascades).astype(float)
        yield slots, design, weights, [0.0, 0.01, 1.0][seed % 3]


@pytest.mark.parametrize("case", range(6))
def test_em_never_lowers_the_penalised_likelihood_and_reaches_its_maximum(case):
    slots, design, weights, ridge = list(problems())[case]
    fit = fit_logistic(slots, design, weights, ridge=ridge)
    steps = np.diff(fit.loglik)
    assert len(steps) >= 1 and np.all(steps >= -1e-9 * abs(fit.loglik[-1]))
    at_the_end = penalised_loglik(slots, design, weights, fit.params, ridge)
    assert fit.loglik[-1] == pytest.approx(at_the_end, rel=1e-12)
    best = minimize(lambda b: -penalised_loglik(slots, design, weights, b, ridge), fit.params, method="BFGS")
    assert -best.fun <= fit.loglik[-1] + 1e-5 * abs(fit.loglik[-1])


def test_probabilities_stay_off_0_and_1_when_a_kind_of_tie_never_passes_it_on():
    graph = generate_social_graph(n_users=500, directed=True, rng=2)
    cascades = simulate_ic_cascades(graph, ICModel(p_strong=0.0, p_weak=0.2), range(500), rng=3)
    for ridge in (0.0, 0.01):
        fit = fit_tie_model(graph, cascades, window=1.0, ridge=ridge, n_boot=0)
        assert np.isfinite(fit.beta).all() and fit.beta[fit.names.index("strong")] < -3
        for p in (fit.arc_p_features, fit.arc_p, fit.tie_p):
            assert p.min() >= P_MIN and p.max() <= P_MAX
        assert np.all(np.diff(fit.loglik) >= -1e-9 * abs(fit.loglik[-1]))
