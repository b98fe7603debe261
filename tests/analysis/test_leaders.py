"""Opinion leaders, bridges and roles on graphs with known answers; write-back tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import (
    ROLES,
    RoleThresholds,
    betweenness_scores,
    find_leaders,
    leiden_communities,
)
from graphkit.analysis.communities import Partition
from graphkit.errors import InvalidInputError
from graphkit.writeback import USER_COLUMNS, analysis_rows, write_analysis
from tests.conftest import karate_graph, star_graph, two_cliques_graph


def test_star_hub_leads_its_circle():
    graph = star_graph()
    leaders = find_leaders(graph, leiden_communities(graph, rng=0))
    top = leaders.top(1)
    assert top["node_idx"].tolist() == [0]
    assert top["role"].tolist() == ["circle leader"]
    assert leaders.per_community(1)["node_idx"].tolist() == [0]
    assert set(leaders.table["role"].iloc[1:]) == {"peripheral"}


def test_two_cliques_bridge_users_rank_top_as_bridges():
    graph = two_cliques_graph()
    leaders = find_leaders(graph, leiden_communities(graph, rng=0))
    bridges = leaders.bridges(5)
    assert bridges["node_idx"].tolist() == [4, 5]  # nobody else has a tie into the other clique
    assert bridges["role"].tolist() == ["bridge", "bridge"]
    assert (bridges["cross_weak_ties"] == 1).all()
    # The bridge ends also lead their cliques (more ties, more PageRank).
    assert leaders.per_community(1)["node_idx"].tolist() == [4, 5]
    assert "1 ties into other circles (1 weak)" in bridges["why"].iloc[0]


def test_karate_leaders_are_the_two_faction_heads():
    graph = karate_graph()
    partition = leiden_communities(graph, resolution=0.5, rng=1)
    leaders = find_leaders(graph, partition)
    heads = set(leaders.per_community(1)["node_idx"])
    assert heads == {0, 33}  # Mr. Hi and the club officer (John A.)
    assert set(leaders.table["role"]) <= set(ROLES)


def test_leader_score_is_the_documented_weighted_mean_of_percentiles():
    graph = karate_graph()
    leaders = find_leaders(
        graph, leiden_communities(graph, rng=1), leader_weights={"pagerank": 3.0, "coreness": 1.0}
    )
    table = leaders.table
    pct = lambda column: pd.Series(table[column]).rank(pct=True).to_numpy()
    np.testing.assert_allclose(table["leader_score"], 0.75 * pct("pagerank") + 0.25 * pct("coreness"))
    assert table["why"].iloc[0].startswith(f"{table['role'].iloc[0]}: pagerank ")
    # Ranks inside each circle follow the score.
    for _, circle in table.groupby("community"):
        ordered = circle.sort_values("community_rank")
        assert ordered["community_rank"].tolist() == list(range(1, len(circle) + 1))
        assert ordered["leader_score"].is_monotonic_decreasing


def test_extra_measures_can_be_weighted_and_are_shown():
    graph = karate_graph()
    extra = betweenness_scores(graph)
    leaders = find_leaders(
        graph, leiden_communities(graph, rng=1), leader_weights={"betweenness": 1.0}, extra=extra
    )
    assert leaders.top(1)["node_idx"].tolist() == [int(np.argmax(extra["betweenness"]))]
    assert "betweenness_se" in leaders.table.columns


def test_roles_follow_the_thresholds():
    graph = karate_graph()
    partition = leiden_communities(graph, rng=1)
    loose = find_leaders(
        graph, partition, thresholds=RoleThresholds(hub_z=-100.0, connector_participation=0.0)
    )
    assert set(loose.table["role"]) == {"connector"}
    table = find_leaders(graph, partition).table
    hub = table["within_z"] >= 2.0
    assert (table.loc[table["role"] == "bridge", "participation"] >= 0.3).all()
    assert not hub[table["role"] == "bridge"].any()
    assert hub[table["role"].isin(["circle leader", "connector"])].all()


def test_invalid_leader_arguments():
    graph = star_graph()
    partition = leiden_communities(graph, rng=0)
    with pytest.raises(InvalidInputError, match="leader_weights name unknown measure\\(s\\) fame"):
        find_leaders(graph, partition, leader_weights={"fame": 1.0})
    with pytest.raises(InvalidInputError, match="leader_weights must be >= 0 with a positive sum"):
        find_leaders(graph, partition, leader_weights={"pagerank": -1.0})
    with pytest.raises(InvalidInputError, match="bridge_participation must be in \\[0, 1\\], got 2"):
        RoleThresholds(bridge_participation=2)
    with pytest.raises(InvalidInputError, match="k must be an int >= 0, got -1"):
        find_leaders(graph, partition).top(-1)


class RecordingStore:
    """Records what write_analysis hands to the GraphStore protocol."""

    location = "memory"

    def __init__(self):
        self.calls = []

    def write_user_properties(self, table):
        self.calls.append(("users", table.copy()))

    def write_communities(self, communities, members, leaders):
        self.calls.append(("communities", communities.copy(), members.copy(), leaders.copy()))


def test_write_analysis_hands_the_tables_to_the_store():
    graph = two_cliques_graph()
    partition = leiden_communities(graph, rng=0)
    leaders = find_leaders(graph, partition)
    store = RecordingStore()
    counts = write_analysis(store, graph, partition, leaders, per_community=2)
    assert counts == {"users": 10, "communities": 2, "members": 10, "leaders": 4}
    (_, users), (_, communities, members, leader_rows) = store.calls
    assert users.columns.tolist() == ["id", "community", *USER_COLUMNS]
    assert users.loc[users["id"] == "n4", "role"].item() == "bridge"
    assert communities[["id", "size", "internal_ties", "leader"]].to_dict("list") == {
        "id": [0, 1],
        "size": [5, 5],
        "internal_ties": [10, 10],
        "leader": ["n4", "n5"],
    }
    assert members["user"].tolist() == list(graph.node_ids)
    assert leader_rows[["user", "community", "rank"]].values.tolist() == [
        ["n4", 0, 1],
        ["n0", 0, 2],
        ["n5", 1, 1],
        ["n6", 1, 2],
    ]


def test_communities_alone_clear_the_leader_columns():
    graph = two_cliques_graph()
    tables = analysis_rows(graph, leiden_communities(graph, rng=0))
    assert tables["users"][list(USER_COLUMNS)].isna().all().all()
    assert tables["leaders"].empty and tables["leaders"].columns.tolist() == [
        "user",
        "community",
        "rank",
        "score",
    ]
    other = Partition(membership=np.array([0] * 10), modularity=0.0, params={})
    with pytest.raises(InvalidInputError, match="leaders must come from the same graph and partition"):
        analysis_rows(graph, other, find_leaders(graph, leiden_communities(graph, rng=0)))
