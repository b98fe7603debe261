"""fit_tie_model: reproducible, per-tie p for the ties table and the simulator, bad arguments refused."""

from __future__ import annotations

import math
from dataclasses import fields

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.features import time_folds
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.fit.tie_model import TieModelFit, fit_tie_model
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph

MODEL = ICModel(p_strong=0.15, p_weak=0.03)


@pytest.fixture(scope="module")
def data():
    graph = generate_social_graph(n_users=400, rng=1)  # undirected: two arcs per tie
    return graph, simulate_ic_cascades(graph, MODEL, range(400), timing="delays", rng=2)


def test_same_rng_same_result(data):
    graph, cascades = data
    first, second = (fit_tie_model(graph, cascades, n_boot=4, rng=4) for _ in range(2))
    for field in fields(TieModelFit):
        assert np.array_equal(getattr(first, field.name), getattr(second, field.name)), field.name
    other = fit_tie_model(graph, cascades, n_boot=4, rng=5)
    assert np.array_equal(other.beta, first.beta) and np.array_equal(other.arc_p, first.arc_p)
    assert not np.array_equal(other.draws, first.draws)


def test_what_the_fit_reports(data):
    graph, cascades = data
    fit = fit_tie_model(graph, cascades, folds=4, n_boot=5, rng=1)
    assert fit.n_cascades == 400 and fit.window == math.inf and 0 < fit.n_events < fit.n_exposures
    assert np.array_equal(fit.folds, time_folds(cascades, 4))
    assert fit.beta_ci.shape == (len(fit.names), 2) and fit.draws.shape == (5, len(fit.names))
    assert fit.arc_p.shape == fit.arc_p_features.shape == (graph.n_arcs,)
    assert fit.tie_p.shape == (graph.n_ties,)
    assert fit.beta[fit.names.index("strong")] > 1  # p_strong / p_weak = 5 in truth
    assert not fit.arc_p.flags.writeable and not fit.draws.flags.writeable
    sandwich = fit_tie_model(graph, cascades, n_boot=0)
    assert sandwich.draws.shape == (0, len(sandwich.names)) and np.isfinite(sandwich.beta_ci).all()
    assert (sandwich.beta_ci[:, 0] < sandwich.beta).all() and (sandwich.beta < sandwich.beta_ci[:, 1]).all()


def test_an_undirected_tie_gets_the_mean_of_its_two_arcs(data):
    graph, cascades = data
    fit = fit_tie_model(graph, cascades, n_boot=0)
    by_row = pd.Series(fit.arc_p).groupby(graph.arc_tie_row).mean()
    assert fit.tie_p == pytest.approx(by_row.to_numpy(), rel=1e-12)
    spread = pd.Series(fit.arc_p).groupby(graph.arc_tie_row).agg(np.ptp)
    assert (np.bincount(graph.arc_tie_row) == 2).all() and spread.max() > 0  # the two directions differ


def test_the_simulator_reads_the_fitted_p(data):
    graph, cascades = data
    fit = fit_tie_model(graph, cascades, n_boot=0)
    fitted = fit.with_p(graph)
    assert fitted.ties["p"].to_numpy() == pytest.approx(fit.tie_p) and graph.ties["p"].isna().all()
    assert fit.to_model() == ICModel(probability="explicit")
    assert fit.to_model().arc_probabilities(fitted) == pytest.approx(fit.tie_p[graph.arc_tie_row])
    more = simulate_ic_cascades(fitted, fit.to_model(), range(50), rng=3)
    assert more.n_cascades == 50
    with pytest.raises(InvalidInputError, match="ties"):
        fit.with_p(generate_social_graph(n_users=50, rng=1))


def test_bad_arguments(data):
    graph, cascades = data
    bad = [dict(folds=1), dict(folds=401), dict(folds=True), dict(kappa=0), dict(kappa=-1.0),
           dict(kappa=math.nan), dict(kappa="10"), dict(ridge=-0.1), dict(ridge=math.inf), dict(n_boot=-1),
           dict(n_boot=2.5), dict(window=0.0)]
    for arguments in bad:
        with pytest.raises(InvalidInputError, match=next(iter(arguments))):
            fit_tie_model(graph, cascades, **arguments)
    with pytest.raises(InvalidInputError, match="nodes"):
        fit_tie_model(generate_social_graph(n_users=50, rng=1), cascades)
    seeds_only = Cascades.from_arrays(cascade=[0, 1, 2], node=[0, 1, 2], time=[0.0, 1.0, 2.0], n_nodes=400)
    with pytest.raises(InvalidInputError, match="nothing to fit"):
        fit_tie_model(graph, seeds_only, folds=2)
    one_tie = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
                                      directed=True)
    two = Cascades.from_arrays(cascade=[0, 0, 1], node=[0, 1, 1], time=[0.0, 1.0, 5.0], n_nodes=2)
    assert 0 < fit_tie_model(one_tie, two, folds=2, n_boot=3).tie_p[0] < 1
