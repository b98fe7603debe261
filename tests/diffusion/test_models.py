"""Diffusion model objects: validation and per-arc numbers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion.models import ICModel, LTModel, check_objective
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from tests.conftest import karate_graph, star_graph


@pytest.mark.parametrize(
    "factory, kwargs, message",
    [
        (ICModel, {"p_weak": 1.3}, r"p_weak must be in \[0, 1\], got 1.3"),
        (ICModel, {"p_strong": -0.1}, r"p_strong must be in \[0, 1\], got -0.1"),
        (ICModel, {"p_strong": float("nan")}, r"p_strong must be in \[0, 1\], got nan"),
        (ICModel, {"p_strong": "0.1"}, r"p_strong must be a number in \[0, 1\], got '0.1'"),
        (ICModel, {"p_weak": True}, r"p_weak must be a number in \[0, 1\], got True"),
        (
            ICModel,
            {"probability": "degree"},
            "probability must be one of 'tie', 'weighted_cascade', 'explicit', got 'degree'",
        ),
        (LTModel, {"w_weak": -0.5}, r"w_weak must be in \[0, inf\), got -0.5"),
        (LTModel, {"w_strong": float("inf")}, r"w_strong must be in \[0, inf\), got inf"),
        (LTModel, {"w_strong": 0, "w_weak": 0}, "w_strong and w_weak must not both be 0"),
    ],
)
def test_invalid_parameters_are_named(factory, kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        factory(**kwargs)


def test_models_are_frozen_and_keyword_only():
    model = ICModel()
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.p_weak = 0.5
    with pytest.raises(TypeError):
        ICModel(0.1, 0.01)
    assert model.to_dict() == {"model": "ic", "p_strong": 0.1, "p_weak": 0.01, "probability": "tie"}
    assert LTModel(w_weak=0.5).to_dict() == {"model": "lt", "w_strong": 1.0, "w_weak": 0.5}


def test_tie_probabilities_follow_the_tie_kind():
    graph = karate_graph()
    p = ICModel(p_strong=0.3, p_weak=0.02).arc_probabilities(graph)
    assert p.dtype == np.float64 and p.shape == (graph.n_arcs,)
    assert np.all(p[graph.arc_strong] == 0.3) and np.all(p[~graph.arc_strong] == 0.02)
    assert graph.arc_strong.any() and not graph.arc_strong.all()


def test_weighted_cascade_is_one_over_in_degree():
    graph = karate_graph()
    p = ICModel(probability="weighted_cascade").arc_probabilities(graph)
    in_degree = graph.in_degree()
    assert np.allclose(p, 1.0 / in_degree[graph.indices])
    # every node's in-probabilities sum to 1
    assert np.allclose(np.bincount(graph.indices, weights=p), 1.0)


def _explicit_graph(p_values):
    ties = pd.DataFrame(
        {"source": ["a", "b", "c"], "target": ["b", "c", "a"], "tie": ["weak"] * 3, "p": p_values}
    )
    return SocialGraph.from_tables(ties, directed=True)


def test_explicit_probabilities_are_used_as_given():
    graph = _explicit_graph([0.5, 0.25, 0.125])
    assert ICModel(probability="explicit").arc_probabilities(graph).tolist() == [0.5, 0.25, 0.125]


def test_explicit_probabilities_never_fall_back():
    graph = _explicit_graph([0.5, np.nan, np.nan])
    with pytest.raises(
        InvalidInputError,
        match=r"needs a p for every tie; 2 tie\(s\) have none, first \('b' -> 'c', ties row 1\)",
    ):
        ICModel(probability="explicit").arc_probabilities(graph)


def test_lt_weights_are_normalised_per_node():
    graph = karate_graph()
    model = LTModel(w_strong=2.0, w_weak=0.5)
    w = model.arc_weights(graph)
    assert np.allclose(np.bincount(graph.indices, weights=w, minlength=graph.n_nodes), 1.0)
    # within one node, a strong in-tie weighs 4 times a weak one
    v = int(
        np.flatnonzero(
            (np.bincount(graph.indices[graph.arc_strong], minlength=34) > 0)
            & (np.bincount(graph.indices[~graph.arc_strong], minlength=34) > 0)
        )[0]
    )
    into = graph.indices == v
    strong, weak = w[into & graph.arc_strong], w[into & ~graph.arc_strong]
    assert np.allclose(strong / weak[0], 4.0)


def test_lt_nodes_with_zero_in_weight_keep_zero_weights():
    graph = star_graph()  # hub n0; ties to odd leaves are weak
    w = LTModel(w_strong=1.0, w_weak=0.0).arc_weights(graph)
    into_odd_leaves = np.isin(graph.indices, [1, 3, 5, 7])
    assert np.all(w[into_odd_leaves] == 0)
    assert np.allclose(np.bincount(graph.indices, weights=w, minlength=9)[[0, 2, 4, 6, 8]], 1.0)


def test_check_objective():
    assert check_objective("adoption") == "adoption"
    with pytest.raises(
        InvalidInputError, match="objective must be one of 'awareness', 'adoption', got 'Awareness'"
    ):
        check_objective("Awareness")
