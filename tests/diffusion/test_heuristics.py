"""Baseline heuristics: degree, reverse PageRank, degree-discount, community leaders."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphkit.diffusion import heuristics
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from tests.conftest import star_graph


def test_ranked_picks_follow_scores_and_break_ties_by_index():
    picks = heuristics.ranked_picks(np.array([2.0, 5.0, 5.0, 1.0]), CampaignConstraints(k=3).bind(4))
    assert picks.seed_nodes.tolist() == [1, 2, 0]
    assert np.isnan(picks.marginal_gains).all()


def test_ranked_picks_skip_what_does_not_fit():
    bound = CampaignConstraints(
        budget=6.0, cost=[5.0, 4.0, 2.0, 1.0], excluded=[1], required=[3], communities=[0, 0, 0, 1],
        max_per_community=1,
    ).bind(4)
    picks = heuristics.ranked_picks(np.array([9.0, 8.0, 7.0, 0.0]), bound)
    # required 3 first (cost 1); 0 costs 5 -> total 6 fits; 2 would exceed the budget and community 0 is full
    assert picks.seed_nodes.tolist() == [3, 0]


def test_reverse_pagerank_equals_networkx_on_the_reversed_graph():
    graph = generate_social_graph(n_users=200, mean_degree=5, directed=True, rng=4)
    ours = heuristics.reverse_pagerank_scores(graph)
    reversed_graph = nx.DiGraph()
    reversed_graph.add_nodes_from(range(graph.n_nodes))
    reversed_graph.add_edges_from(zip(graph.indices.tolist(), graph.arc_source.tolist()))
    expected = nx.pagerank(reversed_graph, alpha=0.85, tol=1e-12)
    assert np.allclose(ours, [expected[i] for i in range(graph.n_nodes)], atol=1e-8)
    assert ours.sum() == pytest.approx(1.0)


def test_degree_discount_prefers_an_undiscounted_user():
    # two hubs joined by a tie: after the first hub, the second is discounted below a third,
    # slightly smaller hub that shares no tie with the first
    edges = [("a", "b")] + [("a", f"a{i}") for i in range(5)] + [("b", f"b{i}") for i in range(5)]
    edges += [("c", f"c{i}") for i in range(5)]
    ties = pd.DataFrame({"source": [s for s, _ in edges], "target": [t for _, t in edges], "tie": "weak"})
    graph = SocialGraph.from_tables(ties, directed=False)
    picks = heuristics.degree_discount_picks(graph, CampaignConstraints(k=2).bind(graph.n_nodes), p=0.1)
    chosen = graph.node_ids[picks.seed_nodes].tolist()
    assert chosen == ["a", "c"]
    plain = heuristics.ranked_picks(heuristics.degree_scores(graph), CampaignConstraints(k=2).bind(graph.n_nodes))
    assert graph.node_ids[plain.seed_nodes].tolist() == ["a", "b"]


def test_degree_discount_honours_the_budget():
    graph = star_graph()
    cost = np.full(graph.n_nodes, 1.0)
    cost[0] = 10.0
    picks = heuristics.degree_discount_picks(graph, CampaignConstraints(budget=3.0, cost=cost).bind(graph.n_nodes), p=0.1)
    assert 0 not in picks.seed_nodes.tolist()
    assert cost[picks.seed_nodes].sum() <= 3.0


def test_community_leaders_go_by_community_size_then_rank():
    labels = np.array([0] * 5 + [1] * 5)
    labels[9] = 2  # community 1 has 4 users, community 2 one
    scores = np.arange(10, dtype=float)
    picks = heuristics.community_leader_picks(scores, labels, CampaignConstraints(k=5).bind(10))
    # leaders: community 0 (size 5) -> 4, community 1 (size 4) -> 8, community 2 (size 1) -> 9; then runners-up
    assert picks.seed_nodes.tolist() == [4, 8, 9, 3, 7]
    capped = heuristics.community_leader_picks(
        scores, labels, CampaignConstraints(k=5, communities=labels, max_per_community=1).bind(10)
    )
    assert capped.seed_nodes.tolist() == [4, 8, 9]
