"""Observed and predicted influence, empirical-Bayes shrinkage, and the ranking table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.ic import fit_uniform
from graphkit.fit.influence import ObservedInfluence, observed_influence, predicted_influence
from graphkit.fit.ranking import compare_rankings, ranking_metrics, ranking_table, weighted_cascade_p
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph


@pytest.fixture()
def small():
    # arcs in CSR order: a->b 0, a->c 1, a->d 2, b->c 3, c->a 4
    ties = pd.DataFrame({"source": ["a", "a", "a", "b", "c"], "target": ["b", "c", "d", "c", "a"],
                         "tie": ["weak"] * 5})
    graph = SocialGraph.from_tables(ties, directed=True)
    # cascade 0: a, then b and c together (d never); cascade 1: c, then a
    cascades = Cascades.from_arrays(cascade=[0, 0, 0, 1, 1], node=[0, 1, 2, 2, 0], time=[0, 1, 1, 0, 2],
                                    n_nodes=4)
    return graph, cascades


def test_observed_influence_by_hand(small):
    graph, cascades = small
    history = observed_influence(graph, cascades)
    # a: b and c later in cascade 0, no one in cascade 1 (c adopted first, b and d never);
    # b: c adopted at the same time; c: a adopted earlier in cascade 0, later in cascade 1
    assert history.joined.tolist() == [2, 1, 2, 0]
    assert history.total.tolist() == [2, 0, 1, 0]
    np.testing.assert_allclose(history.per_cascade(), [1.0, 0.0, 0.5, np.nan])
    without_roots = observed_influence(graph, cascades, count_root=False)  # a leaves cascade 0, c cascade 1
    assert without_roots.joined.tolist() == [1, 1, 1, 0] and without_roots.total.tolist() == [0, 0, 0, 0]


def test_predicted_influence_by_hand(small):
    graph, cascades = small
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    np.testing.assert_allclose(predicted_influence(graph, p), [0.6, 0.4, 0.5, 0.0])
    # in cascade 0, a reaches b, c, d (.6), b none (c joins with it), c none (a is active);
    # in cascade 1, c reaches a (.5), a reaches b and d (.4); d joined nothing: all its out-arcs (none)
    np.testing.assert_allclose(predicted_influence(graph, p, cascades), [0.5, 0.0, 0.25, 0.0])
    with pytest.raises(InvalidInputError, match="one value per arc"):
        predicted_influence(graph, p[:2])


def test_shrinkage_by_hand():
    history = ObservedInfluence(joined=np.array([0, 1, 4, 10]), total=np.array([0, 3, 0, 10]), n_cascades=10)
    mean = 13 / 15
    shrunk = history.shrunk(strength=2.0)
    np.testing.assert_allclose(shrunk.prior, mean)
    np.testing.assert_allclose(shrunk.estimate, (history.total + 2 * mean) / (history.joined + 2))
    assert shrunk.estimate[0] == pytest.approx(mean)  # no cascade: the prior
    np.testing.assert_allclose(shrunk.weight, [0, 1 / 3, 2 / 3, 10 / 12])  # more cascades, more weight
    assert history.shrunk(strength=math.inf).estimate.tolist() == pytest.approx([mean] * 4)
    # a model's prediction as the prior: scaled so it predicts the observed total
    base = np.array([1.0, 1.0, 0.5, 2.0])
    with_model = history.shrunk(base, strength=1.0)
    assert with_model.scale == pytest.approx(13 / (1 + 2 + 20))
    np.testing.assert_allclose(with_model.prior, with_model.scale * base)
    assert with_model.estimate[0] == pytest.approx(with_model.prior[0])


def test_the_estimated_strength_recovers_a_poisson_gamma_prior():
    rng = np.random.default_rng(7)
    n_users, m, base = 40_000, 4.0, rng.uniform(0.2, 2.0, 40_000)
    joined = 1 + rng.poisson(2.0, n_users)
    rate = rng.gamma(shape=m * 1.5 * base, scale=1 / m)  # mean 1.5 * base, variance 1.5 * base / m
    total = rng.poisson(joined * rate)
    history = ObservedInfluence(joined=joined, total=total, n_cascades=100)
    shrunk = history.shrunk(base)
    assert shrunk.scale == pytest.approx(1.5, rel=0.02)
    assert shrunk.strength == pytest.approx(m, rel=0.15)
    poisson_only = ObservedInfluence(joined=joined, total=rng.poisson(joined * 0.8), n_cascades=100)
    assert poisson_only.shrunk().strength > 50  # no spread between users: (nearly) all prior
    # the shrunk estimate is closer to the truth than the raw rate
    raw_error = np.abs(total / joined - rate).mean()
    assert np.abs(shrunk.estimate - rate).mean() < 0.8 * raw_error


def test_bad_priors_and_strengths():
    history = ObservedInfluence(joined=np.array([1, 2]), total=np.array([1, 0]), n_cascades=2)
    for prior in ([1.0], [1.0, -1.0], [np.nan, 1.0]):
        with pytest.raises(InvalidInputError, match="prior"):
            history.shrunk(prior)
    with pytest.raises(InvalidInputError, match="cannot be scaled"):
        history.shrunk([0.0, 0.0])
    for strength in (0.0, -1.0, True, "2"):
        with pytest.raises(InvalidInputError, match="strength"):
            history.shrunk(strength=strength)


def test_ranking_metrics_and_weighted_cascade():
    users = np.arange(4)
    assert ranking_metrics(np.arange(4.0), np.arange(4.0), users, k=2) == (1.0, 1.0)
    rho, precision = ranking_metrics(np.ones(4), np.arange(4.0), users, k=2)
    assert math.isnan(rho) and precision == 0.0  # ties at the cut go to the lower index: 0, 1 vs 3, 2
    with pytest.raises(InvalidInputError, match="k must"):
        ranking_metrics(np.ones(4), np.ones(4), users, k=0)
    ties = pd.DataFrame({"source": ["a", "b", "a"], "target": ["c", "c", "b"], "tie": ["weak"] * 3})
    graph = SocialGraph.from_tables(ties, directed=True)
    assert weighted_cascade_p(graph, cap=0.9).tolist() == [0.9, 0.5, 0.5]  # arcs a->b, a->c, b->c
    with pytest.raises(InvalidInputError, match="cap"):
        weighted_cascade_p(graph, cap=0.0)


def test_the_true_model_ranks_influence_better_than_chance():
    graph = generate_social_graph(n_users=800, mean_degree=8, directed=True, rng=1)
    truth = ICModel(p_strong=0.3, p_weak=0.03)
    rng = np.random.default_rng(2)
    cascades = simulate_ic_cascades(graph, truth, rng.integers(0, graph.n_nodes, 1000), rng=rng)
    earlier, later = cascades.split_by_time(0.3)
    uniform = fit_uniform(graph, earlier, window=math.inf, n_boot=0)
    p_model = truth.arc_probabilities(graph)
    table = compare_rankings(graph, earlier, later, p_model=p_model, p_uniform=uniform.p)
    assert table.shape == (7, 6)
    assert table["score"].tolist() == ["model", "uniform p", "weighted cascade", "follower count", "PageRank",
                                       "history", "combined"]
    assert table.columns.tolist() == ["score", "spearman", "precision_at_k", "k", "n_users", "n_influential"]
    rows = table.set_index("score")
    assert rows.loc["uniform p", "spearman"] == rows.loc["follower count", "spearman"]  # p times followers
    held_out = observed_influence(graph, later)
    chance = ranking_table({"random": np.random.default_rng(5).random(graph.n_nodes)}, held_out)
    assert rows.loc["model", "spearman"] > 0.5 > abs(chance.loc[0, "spearman"]) + 0.4
    assert rows.loc["model", "precision_at_k"] > chance.loc[0, "precision_at_k"]
    assert rows.loc["combined", "spearman"] >= rows.loc["history", "spearman"]
    assert (table["n_users"] == np.count_nonzero(held_out.joined)).all()
