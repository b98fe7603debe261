"""EM over event patterns: monotone, the maximum of the row-by-row likelihood, never 0 or 1."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import minimize

from graphkit.diffusion.models import ICModel
from graphkit.fit.em import P_MAX, P_MIN, GroupCounts, fit_groups, log_likelihood
from graphkit.fit.exposures import find_exposures
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.generate import generate_social_graph
from tests.fit.test_exposures import random_cascades, random_graph


def row_log_likelihood(exposures, p_arc, weights):
    """Sum over event rows and failure rows, one at a time (no patterns)."""
    event_cascade, failure_cascade = exposures.event_cascade(), exposures.failure_cascade()
    total = 0.0
    for e in range(exposures.n_events):
        arcs = exposures.candidate_arc[exposures.event_candidates[e]:exposures.event_candidates[e + 1]]
        total += weights[event_cascade[e]] * math.log(1.0 - np.prod(1.0 - p_arc[arcs]))
    for f, arc in enumerate(exposures.failure_arc):
        total += weights[failure_cascade[f]] * math.log(1.0 - p_arc[arc])
    return total


def problems():
    """(exposures, arc groups, n_groups, cascade weights): random cascades and simulated ones."""
    for seed in range(6):
        rng = np.random.default_rng(seed)
        graph = random_graph(rng, n=20, m=70, directed=seed % 2 == 0)
        cascades = random_cascades(rng, graph, 40, known_share=0.2)
        exposures = find_exposures(graph, cascades, window=[math.inf, 2.0][seed % 2])
        n_groups = 1 + seed % 3
        weights = rng.integers(0, 3, exposures.n_cascades).astype(float)
        yield exposures, rng.integers(0, n_groups, graph.n_arcs), n_groups, weights
    graph = generate_social_graph(n_users=300, rng=4)
    model = ICModel(p_strong=0.3, p_weak=0.08)
    cascades = simulate_ic_cascades(graph, model, range(300), timing="delays", rng=5)
    yield find_exposures(graph, cascades), graph.arc_strong.astype(np.int64), 2, np.ones(300)


@pytest.mark.parametrize("case", range(7))
def test_em_never_lowers_the_likelihood_and_reaches_its_maximum(case):
    exposures, arc_group, n_groups, weights = list(problems())[case]
    counts = GroupCounts.from_exposures(exposures, arc_group, n_groups)
    data = counts.weighted(weights)
    result = fit_groups(*data)
    assert len(result.loglik) >= 2
    assert np.all(np.diff(result.loglik) >= -1e-9 * abs(result.loglik[-1]))
    theta = result.theta
    fitted = ~np.isnan(theta)
    assert np.all((theta[fitted] >= P_MIN) & (theta[fitted] <= P_MAX))
    p_arc = np.where(np.isnan(theta), 0.5, theta)[arc_group]
    expected = row_log_likelihood(exposures, p_arc, weights)
    assert result.loglik[-1] == pytest.approx(expected, rel=1e-9, abs=1e-9)

    def negative(z):
        candidate = theta.copy()
        candidate[fitted] = 1.0 / (1.0 + np.exp(-z))
        return -log_likelihood(*data, np.clip(candidate, P_MIN, P_MAX))

    start = np.log(theta[fitted] / (1.0 - theta[fitted]))
    best = minimize(negative, start, method="Nelder-Mead", options={"xatol": 1e-10, "fatol": 1e-12})
    assert -best.fun <= result.loglik[-1] + 1e-6 * max(1.0, abs(result.loglik[-1]))


def test_estimates_stay_inside_the_clip_and_groups_without_attempts_get_nan():
    patterns = np.array([[1, 0]])
    all_fail = fit_groups(patterns, np.array([0.0]), np.array([50.0, 0.0]))
    assert all_fail.theta[0] == P_MIN and np.isnan(all_fail.theta[1])
    all_succeed = fit_groups(patterns, np.array([50.0]), np.array([50.0, 0.0]))
    assert all_succeed.theta[0] == P_MAX
    assert np.isfinite(all_fail.loglik).all() and np.isfinite(all_succeed.loglik).all()


def test_a_warm_start_lands_on_the_same_maximum():
    exposures, arc_group, n_groups, weights = next(problems())
    data = GroupCounts.from_exposures(exposures, arc_group, n_groups).weighted(weights)
    cold = fit_groups(*data)
    warm = fit_groups(*data, theta=np.full(n_groups, 0.5))
    np.testing.assert_allclose(warm.theta, cold.theta, rtol=1e-6)
