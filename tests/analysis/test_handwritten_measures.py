"""The measures written over the CSR arrays, each against networkx or a slow pure-Python reference."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import graphkit
from graphkit.analysis import (
    TieWeights,
    collective_influence_scores,
    constraint_scores,
    leiden_communities,
    participation_scores,
    voterank_scores,
)
from graphkit.analysis.communities import Partition
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from tests.conftest import NAMED_GRAPHS, karate_graph, star_graph, two_cliques_graph


def _directed_graph(seed: int = 3) -> SocialGraph:
    graph = nx.gnp_random_graph(40, 0.08, seed=seed, directed=True)
    for index, (a, b) in enumerate(graph.edges()):
        graph.edges[a, b]["tie"] = "strong" if index % 3 == 0 else "weak"
    return SocialGraph.from_networkx(graph)


def _indexed_networkx(graph: SocialGraph, *, kind_weights: bool = False) -> nx.Graph:
    nx_graph = nx.DiGraph() if graph.directed else nx.Graph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    for a, b, kind in graph.ties[["source", "target", "tie"]].itertuples(index=False):
        nx_graph.add_edge(a, b, weight=(1.0 if kind == "strong" else 0.3) if kind_weights else 1.0)
    return nx_graph


GRAPHS = {
    "karate": karate_graph,
    "directed": _directed_graph,
    "generated": lambda: graphkit.generate_social_graph(n_users=200, rng=4),
    **NAMED_GRAPHS,
}


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_voterank_matches_networkx(name):
    graph = GRAPHS[name]()
    expected = nx.voterank(_indexed_networkx(graph))
    rounds = voterank_scores(graph)["voterank"]
    elected = np.flatnonzero(rounds)
    assert elected[np.argsort(rounds[elected])].tolist() == expected
    partial = voterank_scores(graph, n_leaders=3)["voterank"]
    assert np.flatnonzero(partial).tolist() == sorted(expected[:3])


def _collective_influence_reference(graph: SocialGraph, radius: int) -> np.ndarray:
    nx_graph = _indexed_networkx(graph).to_undirected()
    nx_graph.remove_edges_from(list(nx.selfloop_edges(nx_graph)))
    degree = dict(nx_graph.degree())
    result = np.zeros(graph.n_nodes)
    for node in nx_graph:
        if degree[node] == 0:
            continue
        distances = nx.single_source_shortest_path_length(nx_graph, node, cutoff=radius)
        frontier = sum(degree[other] - 1 for other, d in distances.items() if d == radius)
        result[node] = (degree[node] - 1) * frontier
    return result


@pytest.mark.parametrize("name", sorted(GRAPHS))
@pytest.mark.parametrize("radius", [1, 2, 3])
def test_collective_influence_matches_reference(name, radius):
    graph = GRAPHS[name]()
    values = collective_influence_scores(graph, radius=radius)["collective_influence"]
    np.testing.assert_allclose(values, _collective_influence_reference(graph, radius))


def test_collective_influence_hand_computed_on_two_cliques():
    graph = two_cliques_graph()  # n0-n3 have degree 4, the bridge ends n4 and n5 degree 5
    one = collective_influence_scores(graph, radius=1)["collective_influence"]
    two = collective_influence_scores(graph, radius=2)["collective_influence"]
    # n0, radius 1: (4-1) * (3 clique mates * (4-1) + n4's (5-1)) = 39; n4: (5-1) * (4*3 + 4) = 64.
    assert (one[0], one[4]) == (39.0, 64.0)
    # radius 2: n0 reaches only n5 at distance 2: 3 * 4 = 12; n4 reaches n6..n9: 4 * (4 * 3) = 48.
    assert (two[0], two[4]) == (12.0, 48.0)
    assert not collective_influence_scores(star_graph(), radius=2)["collective_influence"].any()


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_constraint_matches_networkx(name):
    graph = GRAPHS[name]()
    expected = nx.constraint(_indexed_networkx(graph, kind_weights=True), weight="weight")
    values = constraint_scores(graph)["constraint"]
    np.testing.assert_allclose(
        values, [expected[i] for i in range(graph.n_nodes)], equal_nan=True, atol=1e-12
    )


def _participation_reference(graph: SocialGraph, membership: np.ndarray):
    nx_graph = _indexed_networkx(graph).to_undirected()
    nx_graph.remove_edges_from(list(nx.selfloop_edges(nx_graph)))
    participation, within = [], []
    for node in range(graph.n_nodes):
        counts = Counter(int(membership[other]) for other in nx_graph[node])
        k = sum(counts.values())
        participation.append(1 - sum((c / k) ** 2 for c in counts.values()) if k else 0.0)
        within.append(counts.get(int(membership[node]), 0))
    within = np.array(within, dtype=float)
    z = np.zeros(graph.n_nodes)
    for community in np.unique(membership):
        members = membership == community
        std = within[members].std()
        if std > 0:
            z[members] = (within[members] - within[members].mean()) / std
    return np.array(participation), z


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_participation_and_within_z_match_reference(name):
    graph = GRAPHS[name]()
    partition = leiden_communities(graph, rng=2)
    scores = participation_scores(graph, partition)
    participation, z = _participation_reference(graph, partition.membership)
    np.testing.assert_allclose(scores["participation"], participation, atol=1e-12)
    np.testing.assert_allclose(scores["within_z"], z, atol=1e-9)


def test_participation_hand_computed_on_two_cliques():
    graph = two_cliques_graph()
    partition = Partition(membership=np.array([0] * 5 + [1] * 5), modularity=0.0, params={})
    scores = participation_scores(graph, partition)
    # n4 and n5 have 4 ties in their clique and 1 weak tie across: P = 1 - (4/5)^2 - (1/5)^2.
    assert scores["participation"].tolist() == pytest.approx([0, 0, 0, 0, 0.32, 0.32, 0, 0, 0, 0])
    assert scores["cross_ties"].tolist() == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    assert scores["cross_weak_ties"].tolist() == [0, 0, 0, 0, 1, 1, 0, 0, 0, 0]
    # Within-clique degree is 4 for everyone: std 0, so z = 0.
    assert not scores["within_z"].any()


def test_argument_errors():
    graph = star_graph()
    with pytest.raises(InvalidInputError, match="radius must be an int >= 1, got 0"):
        collective_influence_scores(graph, radius=0)
    with pytest.raises(InvalidInputError, match="n_leaders must be an int >= 1 or None, got 0"):
        voterank_scores(graph, n_leaders=0)
    wrong = Partition(membership=np.zeros(3, dtype=np.int64), modularity=0.0, params={})
    with pytest.raises(
        InvalidInputError, match="partition must be a Partition of the graph's 9 users, got 3"
    ):
        participation_scores(graph, wrong)
    with pytest.raises(InvalidInputError, match="weak_weight must be a finite number > 0"):
        constraint_scores(graph, weights=TieWeights(weak=float("nan")))


def test_voterank_on_a_directed_chain_follows_influence():
    # a -> b -> c: b is voted for by c, a by b; a and b tie at 1 vote, a (lower index) wins.
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    rounds = voterank_scores(SocialGraph.from_tables(ties, directed=True))["voterank"]
    assert rounds.tolist() == nx_order_to_rounds(nx.voterank(nx.DiGraph([(0, 1), (1, 2)])), 3)


def nx_order_to_rounds(order: list[int], n: int) -> list[int]:
    rounds = [0] * n
    for position, node in enumerate(order, start=1):
        rounds[node] = position
    return rounds
