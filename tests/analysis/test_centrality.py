"""Centrality measures against networkx or a slow hand-written reference."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphkit
from graphkit.analysis import (
    TieWeights,
    betweenness_scores,
    coreness_scores,
    degree_scores,
    eigenvector_scores,
    harmonic_scores,
    hub_authority_scores,
    leaderrank_scores,
    pagerank_scores,
    personalized_pagerank_scores,
)
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.rng import make_rng
from tests.conftest import disconnected_graph, karate_graph, star_graph


def _directed_graph(seed: int = 3) -> SocialGraph:
    """A random directed graph with some reciprocated arcs, dangling users and mixed tie kinds."""
    graph = nx.gnp_random_graph(40, 0.08, seed=seed, directed=True)
    for index, (a, b) in enumerate(graph.edges()):
        graph.edges[a, b]["tie"] = "strong" if index % 3 == 0 else "weak"
    return SocialGraph.from_networkx(graph)


def _walk_graph(graph: SocialGraph, *, reverse: bool) -> nx.DiGraph:
    """The networkx walk graph over node indices, arcs weighted by tie kind."""
    walk = nx.DiGraph()
    walk.add_nodes_from(range(graph.n_nodes))
    for tail, head, strong in zip(graph.arc_source, graph.indices, graph.arc_strong):
        a, b = (head, tail) if reverse else (tail, head)
        walk.add_edge(int(a), int(b), weight=1.0 if strong else 0.3)
    return walk


def _as_array(mapping: dict, n: int) -> np.ndarray:
    return np.array([mapping[i] for i in range(n)], dtype=np.float64)


GRAPHS = {"karate": karate_graph, "directed": _directed_graph, "disconnected": disconnected_graph}


def test_degree_split_by_kind_and_direction():
    scores = degree_scores(disconnected_graph())  # arcs 0->1 strong, 1->2, 2->0, 3->4 weak
    assert scores["out_strong"].tolist() == [1, 0, 0, 0, 0, 0]
    assert scores["out_weak"].tolist() == [0, 1, 1, 1, 0, 0]
    assert scores["in_strong"].tolist() == [0, 1, 0, 0, 0, 0]
    assert scores["in_weak"].tolist() == [1, 0, 1, 0, 1, 0]
    assert scores["degree"].tolist() == [2, 2, 2, 1, 1, 0]
    assert scores["strong_degree"].tolist() == [1, 1, 0, 0, 0, 0]
    star = degree_scores(star_graph())
    assert star["degree"].tolist() == [8] + [1] * 8
    assert star["strong_degree"].tolist() == [4] + [0, 1] * 4
    assert star["out_strong"].tolist() == star["in_strong"].tolist()


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("direction", ["influence", "ties"])
def test_pagerank_matches_networkx(name, direction):
    graph = GRAPHS[name]()
    walk = _walk_graph(graph, reverse=direction == "influence")
    expected = _as_array(
        nx.pagerank(walk, alpha=0.85, weight="weight", tol=1e-13, max_iter=10_000), graph.n_nodes
    )
    scores = pagerank_scores(graph, direction=direction)["pagerank"]
    np.testing.assert_allclose(scores, expected, atol=1e-9)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_personalized_pagerank_matches_networkx(name):
    graph = GRAPHS[name]()
    sources = [0, 2]
    walk = _walk_graph(graph, reverse=True)
    reset = {i: (0.5 if i in sources else 0.0) for i in range(graph.n_nodes)}
    expected = nx.pagerank(
        walk, alpha=0.7, personalization=reset, weight="weight", tol=1e-13, max_iter=10_000
    )
    scores = personalized_pagerank_scores(graph, sources, damping=0.7)
    np.testing.assert_allclose(scores["personalized_pagerank"], _as_array(expected, graph.n_nodes), atol=1e-9)
    assert scores.params["measures"][0]["source_nodes"] == sources


def test_pagerank_direction_of_influence():
    ties = pd.DataFrame({"source": ["kol"] * 5, "target": list("abcde"), "tie": ["weak"] * 5})
    graph = SocialGraph.from_tables(ties, directed=True)
    assert int(pagerank_scores(graph)["pagerank"].argmax()) == 0
    assert int(pagerank_scores(graph, direction="ties")["pagerank"].argmin()) == 0


def _leaderrank_reference(graph: SocialGraph, steps: int = 20_000) -> np.ndarray:
    """Lü et al. 2011 as written: ground node, s_i(0) = 1, s_g(0) = 0, iterate, share s_g."""
    n = graph.n_nodes
    adjacency = np.zeros((n + 1, n + 1))
    for tail, head in zip(graph.arc_source, graph.indices):
        adjacency[head, tail] = 1.0  # fan (influenced) -> leader (influencer)
    adjacency[:n, n] = 1.0
    adjacency[n, :n] = 1.0
    transition = adjacency / adjacency.sum(axis=1, keepdims=True)
    score = np.append(np.ones(n), 0.0)
    for _ in range(steps):
        score = score @ transition
    return score[:n] + score[n] / n


@pytest.mark.parametrize("make", [karate_graph, star_graph, _directed_graph])
def test_leaderrank_matches_the_papers_iteration(make):
    graph = make()
    scores = leaderrank_scores(graph)["leaderrank"]
    np.testing.assert_allclose(scores, _leaderrank_reference(graph), rtol=1e-8)
    assert scores.sum() == pytest.approx(graph.n_nodes)


def test_leaderrank_on_a_periodic_chain_converges():
    # With no ties the walk only goes user <-> ground (period 2): the lazy walk still converges.
    graph = SocialGraph.from_tables(
        pd.DataFrame({"source": [], "target": [], "tie": []}), pd.DataFrame({"id": ["a", "b"]}), directed=True
    )
    assert leaderrank_scores(graph)["leaderrank"].tolist() == pytest.approx([1.0, 1.0])


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_exact_betweenness_matches_networkx(name):
    graph = GRAPHS[name]()
    expected = nx.betweenness_centrality(
        nx.relabel_nodes(graph.to_networkx(), dict(zip(graph.node_ids, range(graph.n_nodes)))),
        normalized=False,
    )
    scores = betweenness_scores(graph)
    np.testing.assert_allclose(scores["betweenness"], _as_array(expected, graph.n_nodes), atol=1e-9)
    assert not scores["betweenness_se"].any()


@pytest.mark.parametrize("name", ["karate", "directed"])
def test_sampled_betweenness_is_n_over_k_times_the_pivot_dependencies(name):
    graph = GRAPHS[name]()
    n, k = graph.n_nodes, 12
    pivots = make_rng(7).choice(n, size=k, replace=False)
    nx_graph = nx.relabel_nodes(graph.to_networkx(), dict(zip(graph.node_ids, range(n))))
    subset = nx.betweenness_centrality_subset(
        nx_graph, sources=pivots.tolist(), targets=list(range(n)), normalized=False
    )
    scores = betweenness_scores(graph, n_pivots=k, n_batches=3, rng=7)
    np.testing.assert_allclose(scores["betweenness"], _as_array(subset, n) * n / k, atol=1e-9)
    assert scores.params["measures"][0]["max_standard_error"] == pytest.approx(scores["betweenness_se"].max())
    assert scores["betweenness_se"].max() > 0


def test_sampled_betweenness_error_is_honest():
    graph = graphkit.generate_social_graph(n_users=400, rng=5)
    exact = betweenness_scores(graph)["betweenness"]
    sampled = betweenness_scores(graph, n_pivots=200, n_batches=10, rng=1)
    top = np.argsort(-exact)[:20]
    error = np.abs(sampled["betweenness"][top] - exact[top])
    # With 10 batches the standard error is itself rough; 4 SE covers the top users comfortably.
    assert (error <= 4 * sampled["betweenness_se"][top] + 1e-9).mean() >= 0.9
    assert np.corrcoef(sampled["betweenness"], exact)[0, 1] > 0.95


def test_eigenvector_matches_networkx():
    graph = karate_graph()
    nx_graph = nx.Graph()
    for a, b, kind in graph.ties[["source", "target", "tie"]].itertuples(index=False):
        nx_graph.add_edge(a, b, weight=1.0 if kind == "strong" else 0.3)
    expected = _as_array(nx.eigenvector_centrality_numpy(nx_graph, weight="weight"), graph.n_nodes)
    np.testing.assert_allclose(eigenvector_scores(graph)["eigenvector"], expected / expected.max(), atol=1e-6)


def test_hub_authority_matches_networkx_hits():
    graph = _directed_graph()
    nx_graph = nx.DiGraph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    for a, b, kind in graph.ties[["source", "target", "tie"]].itertuples(index=False):
        nx_graph.add_edge(a, b, weight=1.0 if kind == "strong" else 0.3)
    hubs, authorities = nx.hits(nx_graph, max_iter=10_000, tol=1e-12)
    hubs, authorities = _as_array(hubs, graph.n_nodes), _as_array(authorities, graph.n_nodes)
    scores = hub_authority_scores(graph)  # networkx's hits reads the "weight" attribute
    np.testing.assert_allclose(scores["hub"], hubs / hubs.max(), atol=1e-6)
    np.testing.assert_allclose(scores["authority"], authorities / authorities.max(), atol=1e-6)


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_coreness_matches_networkx(name):
    graph = GRAPHS[name]()
    nx_graph = nx.Graph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    nx_graph.add_edges_from(graph.ties[["source", "target"]].itertuples(index=False))
    expected = _as_array(nx.core_number(nx_graph), graph.n_nodes)
    assert coreness_scores(graph)["coreness"].tolist() == expected.astype(int).tolist()


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("direction", ["influence", "ties"])
def test_harmonic_matches_networkx(name, direction):
    graph = GRAPHS[name]()
    nx_graph = nx.relabel_nodes(graph.to_networkx(), dict(zip(graph.node_ids, range(graph.n_nodes))))
    if graph.directed and direction == "influence":
        nx_graph = nx_graph.reverse()  # networkx sums distances *to* a node
    expected = _as_array(nx.harmonic_centrality(nx_graph), graph.n_nodes)
    np.testing.assert_allclose(harmonic_scores(graph, direction=direction)["harmonic"], expected)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda g: pagerank_scores(g, damping=1.0), "damping must be in (0, 1), got 1.0"),
        (lambda g: pagerank_scores(g, direction="up"), "direction must be one of influence, ties, got 'up'"),
        (
            lambda g: personalized_pagerank_scores(g, [99]),
            "source_nodes must be node indices in [0, 9), got 99",
        ),
        (lambda g: personalized_pagerank_scores(g, []), "source_nodes must name at least one node index"),
        (lambda g: betweenness_scores(g, n_pivots=0), "n_pivots must be an int >= 1 or None, got 0"),
        (
            lambda g: betweenness_scores(g, n_pivots=4, n_batches=5),
            "n_batches must be an int in [2, n_pivots=4], got 5",
        ),
        (
            lambda g: eigenvector_scores(g, weights=TieWeights(strong=0)),
            "strong_weight must be a finite number > 0, got 0",
        ),
        (lambda g: harmonic_scores(g, direction=None), "direction must be one of influence, ties, got None"),
        (lambda g: degree_scores("star"), "graph must be a SocialGraph, got str"),
    ],
)
def test_invalid_arguments_are_named(call, message):
    with pytest.raises(InvalidInputError) as error:
        call(star_graph())
    assert message in str(error.value)
