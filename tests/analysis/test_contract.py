"""Every measure over every tiny named graph (including empty and disconnected): shapes, ranges, no NaN surprises."""

from __future__ import annotations

import numpy as np
import pytest

from graphkit.analysis import (
    COMMUNITY_METHODS,
    betweenness_scores,
    collective_influence_scores,
    constraint_scores,
    coreness_scores,
    degree_scores,
    detect_communities,
    eigenvector_scores,
    find_leaders,
    harmonic_scores,
    hub_authority_scores,
    leaderrank_scores,
    pagerank_scores,
    participation_scores,
    personalized_pagerank_scores,
    voterank_scores,
)
from graphkit.writeback import analysis_rows

MEASURES = {
    "degree": degree_scores,
    "pagerank": pagerank_scores,
    "personalized_pagerank": lambda g: personalized_pagerank_scores(g, [0]),
    "leaderrank": leaderrank_scores,
    "betweenness": betweenness_scores,
    "sampled_betweenness": lambda g: betweenness_scores(g, n_pivots=2, n_batches=2, rng=1),
    "eigenvector": eigenvector_scores,
    "hits": hub_authority_scores,
    "coreness": coreness_scores,
    "harmonic": harmonic_scores,
    "voterank": voterank_scores,
    "collective_influence": collective_influence_scores,
    "constraint": constraint_scores,
}
# Burt's constraint is undefined (NaN) for a user without ties; nothing else may be NaN.
MAY_BE_NAN = {"constraint"}


@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_every_measure_on_every_named_graph(named_graph, measure):
    scores = MEASURES[measure](named_graph)
    assert scores.n_nodes == named_graph.n_nodes
    isolated = np.diff(named_graph.indptr) + np.diff(named_graph.reverse()[0]) == 0
    for name in scores.names:
        values = scores[name]
        assert values.shape == (named_graph.n_nodes,)
        assert not values.flags.writeable
        if name in MAY_BE_NAN:
            assert np.array_equal(np.isnan(values), isolated)
        else:
            assert np.isfinite(values).all(), name
            assert (values >= -1e-12).all(), name
    frame = scores.to_frame(named_graph.node_ids)
    assert frame["id"].tolist() == list(named_graph.node_ids)
    assert scores.params["measures"][0]["algorithm"]


@pytest.mark.parametrize("method", COMMUNITY_METHODS)
def test_communities_leaders_and_tables_on_every_named_graph(named_graph, method):
    partition = detect_communities(named_graph, method, rng=1)
    assert partition.membership.shape == (named_graph.n_nodes,)
    assert partition.sizes.sum() == named_graph.n_nodes
    assert (np.diff(partition.sizes) <= 0).all()
    assert np.isnan(partition.modularity) == (named_graph.n_ties == 0)
    scores = participation_scores(named_graph, partition)
    assert ((scores["participation"] >= 0) & (scores["participation"] < 1)).all()
    leaders = find_leaders(named_graph, partition)
    table = leaders.table
    assert ((table["leader_score"] > 0) & (table["leader_score"] <= 1)).all()
    assert ((table["bridge_score"] >= 0) & (table["bridge_score"] <= 1)).all()
    assert table["why"].str.len().gt(0).all()
    tables = analysis_rows(named_graph, partition, leaders, per_community=2)
    assert len(tables["leaders"]) == sum(min(2, size) for size in partition.sizes)
