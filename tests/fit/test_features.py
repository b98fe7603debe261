"""Tie features: each column against a direct reading, co-adoptions counted on the other folds only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit.features import structural_features, tie_features, time_folds
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.fit.test_exposures import random_cascades, random_graph


def small_graph(**columns):
    """a->b, b->a, b->c, c->a, c->d, directed, with extra ties columns."""
    ties = pd.DataFrame({"source": list("abbcc"), "target": list("bacad"),
                         "tie": ["strong"] * 2 + ["weak"] * 3, **columns})
    return SocialGraph.from_tables(ties, pd.DataFrame({"id": list("abcd")}), directed=True)


def test_graph_columns_read_directly():
    graph = small_graph()
    names, matrix = structural_features(graph)
    assert names == ("strong", "reciprocal", "overlap", "sender_out_degree", "receiver_in_degree")
    columns = dict(zip(names, matrix.T))
    arcs = list(zip(graph.node_ids[graph.arc_source], graph.node_ids[graph.indices]))
    assert arcs == [("a", "b"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "d")]
    assert columns["strong"].tolist() == [1, 1, 0, 0, 0]
    assert columns["reciprocal"].tolist() == [1, 1, 0, 0, 0]
    # undirected neighbourhoods a {b, c}, b {a, c}, c {a, b, d}, d {c}: common / (k_u + k_v - 2 - common)
    assert columns["overlap"].tolist() == pytest.approx([1.0, 1.0, 1 / 2, 1 / 2, 0.0])
    assert np.expm1(columns["sender_out_degree"]).tolist() == pytest.approx([1, 2, 2, 2, 2])
    assert np.expm1(columns["receiver_in_degree"]).tolist() == pytest.approx([1, 2, 1, 2, 1])
    assert structural_features(graph)[1] is matrix  # built once per graph


def test_interaction_columns_when_the_ties_have_them():
    day = 86_400.0
    graph = small_graph(count=[4, None, 0, 9, 2], last_seen=[10 * day, 9 * day, None, 3 * day, 10 * day])
    names, matrix = structural_features(graph)
    assert names[:3] == ("strong", "interactions", "reciprocal") and "silence" in names
    columns = dict(zip(names, matrix.T))
    assert np.expm1(columns["interactions"]).tolist() == pytest.approx([4, 0, 0, 9, 2])  # empty: none
    assert np.expm1(columns["silence"]).tolist() == pytest.approx([0, 1, 7, 7, 0])  # empty: the longest


def test_columns_constant_over_all_arcs_are_left_out():
    undirected = generate_social_graph(n_users=60, rng=1)
    names, matrix = structural_features(undirected)
    assert "reciprocal" not in names and "strong" in names and matrix.shape == (undirected.n_arcs, len(names))


def brute_co_adoptions(graph, cascades, folds, n_folds):
    adopters = [set(cascades.node[lo:hi].tolist()) for lo, hi in zip(cascades.ptr[:-1], cascades.ptr[1:])]
    counts = np.zeros((n_folds, graph.n_arcs))
    for f in range(n_folds):
        for a, (u, v) in enumerate(zip(graph.arc_source.tolist(), graph.indices.tolist())):
            counts[f, a] = sum(u in adopted and v in adopted
                               for c, adopted in enumerate(adopters) if folds[c] != f)
    return counts


@pytest.mark.parametrize("seed", range(4))
def test_co_adoptions_are_counted_on_the_other_folds_only(seed):
    rng = np.random.default_rng(seed)
    graph = random_graph(rng, n=15, m=50, directed=seed % 2 == 0)
    cascades = random_cascades(rng, graph, 30, known_share=0.0)
    folds = time_folds(cascades, 2 + seed % 3)
    features = tie_features(graph, cascades, folds)
    expected = brute_co_adoptions(graph, cascades, folds, 2 + seed % 3)
    assert np.array_equal(features.co_adoption_counts, expected)


def test_design_standardises_all_but_binary_columns_over_every_slot():
    graph = generate_social_graph(n_users=300, directed=True, rng=2)
    rng = np.random.default_rng(3)
    cascades = random_cascades(rng, graph, 200, known_share=0.0)
    features = tie_features(graph, cascades, time_folds(cascades, 3))
    design = features.design(np.arange(3 * graph.n_arcs))
    assert features.names[-1] == "co_adoptions"
    assert design.shape == (3 * graph.n_arcs, 1 + len(features.names))
    assert (design[:, 0] == 1).all()
    for column, name in enumerate(features.names, start=1):
        values = design[:, column]
        if name in ("strong", "reciprocal"):
            assert set(np.unique(values)) == {0.0, 1.0}, name
        else:
            assert values.mean() == pytest.approx(0, abs=1e-9) and values.std() == pytest.approx(1), name
    # the structural columns repeat fold after fold; co-adoptions differ by fold
    first, second = design[:graph.n_arcs], design[graph.n_arcs:2 * graph.n_arcs]
    assert np.array_equal(first[:, :-1], second[:, :-1]) and not np.array_equal(first[:, -1], second[:, -1])
    beta = rng.standard_normal(design.shape[1])
    assert features.logits_by_fold(beta).ravel() == pytest.approx(design @ beta, rel=1e-12, abs=1e-12)


def test_time_folds_are_blocks_by_start_time():
    starts = [5.0, 1.0, 3.0, 0.0, 2.0, 4.0, 6.0]
    cascades = Cascades.from_arrays(cascade=[0, 1, 2, 3, 4, 5, 6, 6], node=[0] * 7 + [1], time=starts + [7.0],
                                    n_nodes=2)
    assert time_folds(cascades, 3).tolist() == [2, 0, 1, 0, 0, 1, 2]  # by start: 3 1 4 | 2 5 | 0 6
    with_empty = Cascades(ptr=np.array([0, 1, 1, 2, 3]), node=[0, 0, 1], time=[2.0, 0.0, 1.0],
                          parent=[-1] * 3, names=np.array(["0", "1", "2", "3"], dtype=object), n_nodes=2)
    assert time_folds(with_empty, 2).tolist() == [1, 1, 0, 0]  # by start: 2 3 | 0; the empty one last


@pytest.mark.parametrize("n_folds", [1, 8, 2.0, True, None])
def test_bad_fold_counts(n_folds):
    cascades = Cascades.from_arrays(cascade=np.arange(7), node=np.zeros(7, int), time=np.arange(7.0),
                                    n_nodes=1)
    with pytest.raises(InvalidInputError, match="folds"):
        time_folds(cascades, n_folds)


def test_bad_feature_arguments():
    graph = small_graph()
    cascades = Cascades.from_arrays(cascade=[0, 1], node=[0, 1], time=[0.0, 1.0], n_nodes=4)
    with pytest.raises(InvalidInputError, match="folds"):
        tie_features(graph, cascades, np.array([0, 0]))
    with pytest.raises(InvalidInputError, match="nodes"):
        tie_features(graph, Cascades.from_arrays(cascade=[0], node=[0], time=[0.0], n_nodes=5), np.array([0]))
