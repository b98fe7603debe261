"""Held-out log-likelihood, AUC and calibration: by hand, against a slow reading, and on known truth."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.evaluation import (
    auc,
    calibration_table,
    evaluate_held_out,
    evaluate_models,
    exposure_predictions,
)
from graphkit.fit.ic import fit_uniform
from graphkit.fit.simulate import simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.fit.test_exposures import random_cascades, random_graph

# arcs in CSR order: a->b, a->c, b->c, c->d
P = [0.5, 0.2, 0.4, 0.51]


@pytest.fixture()
def small():
    ties = pd.DataFrame({"source": ["a", "a", "b", "c"], "target": ["b", "c", "c", "d"], "tie": ["weak"] * 4})
    graph = SocialGraph.from_tables(ties, directed=True)
    # cascade 0: a, b, c in turn (d never); cascade 1: b, then d (never exposed: c did not adopt)
    cascades = Cascades.from_arrays(cascade=[0, 0, 0, 1, 1], node=[0, 1, 2, 1, 3], time=[0, 1, 2, 0, 3],
                                    n_nodes=4)
    return graph, cascades


def test_hand_computed_log_likelihood_auc_and_calibration(small):
    graph, cascades = small
    # exposures: b (q .5, adopted), c (1 - .8 * .6 = .52, adopted), d (.51, not), c in cascade 1 (.4, not)
    result = evaluate_held_out(graph, cascades, P, n_bins=2)
    assert (result.n_cascades, result.n_exposures, result.n_adoptions) == (2, 4, 2)
    assert result.loglik == pytest.approx(math.log(0.5) + math.log(0.52) + math.log(0.49) + math.log(0.6))
    assert result.loglik_per_exposure == pytest.approx(result.loglik / 4)
    assert result.auc == pytest.approx(3 / 4)  # of the 4 (adopter, non-adopter) pairs, .5 < .51 is the miss
    assert result.mean_predicted == pytest.approx((0.5 + 0.52 + 0.51 + 0.4) / 4)
    assert result.adoption_rate == 0.5
    table = result.calibration
    assert table["n"].tolist() == [2, 2] and table["adoptions"].tolist() == [1, 1]
    assert table["mean_predicted"].tolist() == pytest.approx([0.45, 0.515])
    assert table["lowest"].tolist() == pytest.approx([0.4, 0.51])


def test_leaving_out_the_first_adopters(small):
    graph, cascades = small
    # without a: c is exposed by b only (q .4, adopted) and d by c (.51, not); cascade 1 keeps d alone
    result = evaluate_held_out(graph, cascades, P, count_root=False)
    assert (result.n_exposures, result.n_adoptions) == (2, 1)
    assert result.loglik == pytest.approx(math.log(0.4) + math.log(0.49))
    assert result.auc == 0.0 and result.count_root is False


def test_to_dict_is_json_ready(small):
    graph, cascades = small
    record = evaluate_held_out(graph, cascades, P).to_dict()
    assert record["n_exposures"] == 4 and record["calibration"][0]["bin"] == 0
    json.dumps(record, allow_nan=False)
    empty = Cascades.from_arrays(cascade=[], node=[], time=[], n_nodes=4)
    nothing = evaluate_held_out(graph, empty, P).to_dict()
    assert nothing["n_exposures"] == 0 and nothing["auc"] is None and nothing["calibration"] == []
    json.dumps(nothing, allow_nan=False)


def slow_predictions(graph, cascades, p):
    """Sorted (q, adopted) per (cascade, exposed user), from the definition."""
    rows = []
    for c in range(cascades.n_cascades):
        rows_c = range(cascades.ptr[c], cascades.ptr[c + 1])
        adopted = {int(cascades.node[i]): float(cascades.time[i]) for i in rows_c}
        for v in range(graph.n_nodes):
            t_v = adopted.get(v, math.inf)
            miss = [1 - p[a] for a in range(graph.n_arcs)
                    if graph.indices[a] == v and graph.arc_source[a] != v
                    and adopted.get(int(graph.arc_source[a]), math.inf) < t_v]
            if miss:
                rows.append((round(1 - math.prod(miss), 12), v in adopted))
    return sorted(rows)


@pytest.mark.parametrize("seed", range(8))
def test_predictions_match_the_definition(seed):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng, n=int(rng.integers(3, 20)), m=int(rng.integers(1, 60)), directed=seed % 2 == 0)
    # some parents known: the evaluation ignores them
    cascades = random_cascades(rng, graph, n_cascades=int(rng.integers(1, 20)), known_share=0.5)
    p = rng.random(graph.n_arcs)
    q, adopted = exposure_predictions(graph, cascades, p)
    assert sorted(zip(np.round(q, 12).tolist(), adopted.tolist())) == slow_predictions(graph, cascades, p)


def test_auc_and_calibration_edge_cases():
    assert auc([0.3, 0.3], [True, False]) == 0.5
    assert math.isnan(auc([0.1, 0.2], [True, True]))
    # equal predictions share a bin, whatever their order
    table = calibration_table([0.2] * 6 + [0.9], [True, False, False, False, False, True, True], n_bins=4)
    assert table["n"].tolist() == [6, 1] and table["observed_rate"].tolist() == pytest.approx([2 / 6, 1.0])
    with pytest.raises(InvalidInputError, match="n_bins"):
        calibration_table([0.1], [True], n_bins=0)
    assert math.isnan(auc([0.1, math.nan, 0.3], [True, False, True]))
    with pytest.raises(InvalidInputError, match="NaN"):
        calibration_table([0.1, math.nan], [True, False])
    assert auc([], []) != auc([], []) and calibration_table([], [], 3).empty


def test_bad_input(small):
    graph, cascades = small
    with pytest.raises(InvalidInputError, match="one value per arc"):
        evaluate_held_out(graph, cascades, [0.5])
    with pytest.raises(InvalidInputError, match=r"\[0, 1\]"):
        evaluate_held_out(graph, cascades, [0.5, 0.2, np.nan, 0.1])
    with pytest.raises(InvalidInputError, match="count_root"):
        evaluate_held_out(graph, cascades, P, count_root=1)
    with pytest.raises(InvalidInputError, match="nodes"):
        evaluate_held_out(graph, Cascades.from_arrays(cascade=[0], node=[0], time=[0], n_nodes=5), P)


def test_certain_arcs_give_finite_log_likelihood(small):
    graph, cascades = small
    # c (cascade 0) adopts at q = 0, d does not at q = 1
    result = evaluate_held_out(graph, cascades, [1.0, 0.0, 0.0, 1.0])
    assert np.isfinite(result.loglik) and result.loglik < -50


@pytest.mark.parametrize("timing", ["steps", "delays"])
def test_true_probabilities_beat_a_fitted_uniform_p_on_later_cascades(timing):
    graph = generate_social_graph(n_users=800, mean_degree=8, directed=True, rng=1)
    truth = ICModel(p_strong=0.3, p_weak=0.03)
    rng = np.random.default_rng(2)
    seeds = rng.integers(0, graph.n_nodes, 1000)
    cascades = simulate_ic_cascades(graph, truth, seeds, timing=timing, rng=rng)
    earlier, later = cascades.split_by_time(0.3)
    uniform = fit_uniform(graph, earlier, window=math.inf, n_boot=0)
    true_result = evaluate_held_out(graph, later, truth.arc_probabilities(graph))
    uniform_result = evaluate_held_out(graph, later, uniform.to_model().arc_probabilities(graph))
    assert true_result.n_exposures == uniform_result.n_exposures > 10_000
    assert true_result.loglik > uniform_result.loglik + 500
    assert true_result.auc > uniform_result.auc + 0.1
    assert true_result.mean_predicted == pytest.approx(true_result.adoption_rate, rel=0.15)
    assert true_result.calibration["n"].sum() == true_result.n_exposures
    assert true_result.calibration["adoptions"].sum() == true_result.n_adoptions


def test_models_scored_together_score_as_each_alone():
    rng = np.random.default_rng(3)
    graph = random_graph(rng, n=30, m=120, directed=True)
    cascades = random_cascades(rng, graph, 80, known_share=0.3)
    models = {"low": np.full(graph.n_arcs, 0.05), "random": rng.random(graph.n_arcs)}
    for count_root in (True, False):
        together = evaluate_models(graph, cascades, models, count_root=count_root, n_bins=4)
        assert list(together) == ["low", "random"]
        for name, p in models.items():
            alone = evaluate_held_out(graph, cascades, p, count_root=count_root, n_bins=4).to_dict()
            assert together[name].to_dict() == alone, name
    assert together["low"].to_dict() != together["random"].to_dict()
    with pytest.raises(InvalidInputError, match="one value per arc"):
        evaluate_models(graph, cascades, {"short": [0.1]})


@pytest.mark.parametrize("seed", range(4))
def test_auc_and_calibration_against_rank_statistics_and_a_grouped_table(seed):
    rng = np.random.default_rng(seed)
    predicted = rng.integers(0, [5, 50, 5000, 10**9][seed], 3000) / 10**9  # from many ties to none
    adopted = rng.random(3000) < 0.2 + 0.5 * predicted * 10**9 / [5, 50, 5000, 10**9][seed]
    ranks = rankdata(predicted)
    n_true = adopted.sum()
    expected_auc = (ranks[adopted].sum() - n_true * (n_true + 1) / 2) / (n_true * (~adopted).sum())
    assert auc(predicted, adopted) == pytest.approx(expected_auc, rel=1e-12)
    q, y = np.sort(predicted), adopted[np.argsort(predicted, kind="stable")]
    frame = pd.DataFrame({"bin": np.searchsorted(q, q) * 7 // len(q), "q": q, "y": y})
    expected = frame.groupby("bin").agg(lowest=("q", "min"), highest=("q", "max"), n=("q", "size"),
                                        mean_predicted=("q", "mean"), observed_rate=("y", "mean"),
                                        adoptions=("y", "sum")).reset_index()
    pd.testing.assert_frame_equal(calibration_table(predicted, adopted, 7), expected, check_dtype=False, rtol=1e-12)
