"""The GraphStore contract, run against both stores (Parquet folder and real Neo4j)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from graphkit.errors import InvalidInputError, NoGraphError
from graphkit.graph import SocialGraph
from graphkit.store.base import StoreCounts


def _users(graph: SocialGraph) -> dict[str, dict]:
    """User id -> attributes without missing values (what the store must hand back)."""
    table = graph.users.set_index("id")
    return {uid: {k: v for k, v in row.items() if not pd.isna(v)} for uid, row in table.iterrows()}


def _ties(graph: SocialGraph) -> dict[tuple[str, str], dict]:
    """(source, target) -> tie attributes without missing values; undirected keys sorted."""
    out = {}
    for row in graph.ties_frame().to_dict("records"):
        ends = (row.pop("source"), row.pop("target"))
        key = ends if graph.directed else tuple(sorted(ends))
        out[key] = {k: v for k, v in row.items() if not pd.isna(v)}
    return out


def _same_graph(back: SocialGraph, expected: SocialGraph) -> None:
    assert back.directed == expected.directed
    assert list(back.node_ids) == sorted(expected.node_ids)
    assert _users(back) == _users(expected)
    assert _ties(back) == _ties(expected)


def _rich_graph(*, directed: bool) -> SocialGraph:
    """Attributes of several types with gaps, explicit p on some ties, an extra tie column."""
    users = pd.DataFrame(
        {
            "id": ["carol", "ann", "bob", "dan", "eve"],
            "segment": ["students", "parents", None, "students", "seniors"],
            "age": [21, 40, 33, 19, 70],
            "leader_score": [0.5, np.nan, 0.25, 1.0, np.nan],
            "is_kol": [True, False, False, True, False],
        }
    )
    ties = pd.DataFrame(
        {
            "source": ["bob", "ann", "carol", "eve", "dan"],
            "target": ["ann", "carol", "dan", "ann", "bob"],
            "tie": ["strong", "weak", "strong", "weak", "weak"],
            "weight": [3.0, 1.0, 7.5, 2.0, 1.0],
            "p": [0.3, np.nan, 0.05, np.nan, 1.0],
            "labelled_by": ["input", "reciprocity", "input", "frequency", "input"],
            "first_contact": ["2020-01-02", "2021-05-06", None, "2019-12-31", "2022-02-02"],
        }
    )
    return SocialGraph.from_tables(ties, users, directed=directed)


def test_named_graphs_round_trip(store, named_graph):
    summary = store.write_graph(named_graph)
    assert (summary.users_written, summary.ties_written) == (named_graph.n_nodes, named_graph.n_ties)
    strong = int((named_graph.ties["tie"] == "strong").sum())
    assert summary.counts == StoreCounts(
        users=named_graph.n_nodes,
        strong_ties=strong,
        weak_ties=named_graph.n_ties - strong,
        directed=named_graph.directed,
    )
    _same_graph(store.read_graph(), named_graph)


@pytest.mark.bulk_contract
@pytest.mark.parametrize("directed", [True, False])
def test_attributes_weights_and_p_round_trip(store, directed):
    graph = _rich_graph(directed=directed)
    store.write_graph(graph)
    back = store.read_graph()
    _same_graph(back, graph)
    assert list(back.users.columns) == ["id", "segment", "age", "leader_score", "is_kol"]
    assert np.isnan(back.users.set_index("id").loc["ann", "leader_score"])
    assert back.ties["p"].isna().sum() == 2


@pytest.mark.bulk_contract
def test_undirected_tie_is_stored_once_from_the_smaller_id(store):
    ties = pd.DataFrame({"source": ["b", "a"], "target": ["a", "c"], "tie": ["strong", "weak"]})
    store.write_graph(SocialGraph.from_tables(ties, directed=False))
    flipped = pd.DataFrame({"source": ["a", "c"], "target": ["b", "a"], "tie": ["strong", "weak"]})
    store.write_graph(SocialGraph.from_tables(flipped, directed=False))
    back = store.read_graph().ties_frame()
    assert back[["source", "target"]].values.tolist() == [["a", "b"], ["a", "c"]]
    assert store.counts().ties == 2


@pytest.mark.bulk_contract
def test_directed_ties_both_ways_are_two_ties(store):
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "tie": ["strong", "weak"]})
    store.write_graph(SocialGraph.from_tables(ties, directed=True))
    counts = store.counts()
    assert (counts.strong_ties, counts.weak_ties, counts.directed) == (1, 1, True)
    assert _ties(store.read_graph()) == {
        ("a", "b"): {"tie": "strong", "weight": 1.0, "labelled_by": "input"},
        ("b", "a"): {"tie": "weak", "weight": 1.0, "labelled_by": "input"},
    }


def test_rewrite_is_idempotent(store):
    graph = _rich_graph(directed=False)
    first = store.write_graph(graph).counts
    before = store.read_graph()
    assert store.write_graph(graph).counts == first
    _same_graph(store.read_graph(), before)


@pytest.mark.bulk_contract
def test_relabelled_tie_changes_kind_and_keeps_other_properties(store):
    graph = _rich_graph(directed=False)
    store.write_graph(graph)
    # bob-ann was strong with p=0.3; it comes back weak, with a new weight and no p
    ties = pd.DataFrame(
        {
            "source": ["ann"],
            "target": ["bob"],
            "tie": ["weak"],
            "weight": [9.0],
            "p": [np.nan],
            "labelled_by": ["rule"],
        }
    )
    summary = store.write_graph(SocialGraph.from_tables(ties, directed=False))
    assert (summary.counts.strong_ties, summary.counts.weak_ties) == (1, 4)
    tie = _ties(store.read_graph())[("ann", "bob")]
    assert tie == {
        "tie": "weak",
        "weight": 9.0,
        "p": 0.3,
        "labelled_by": "rule",
        "first_contact": "2020-01-02",
    }


@pytest.mark.bulk_contract
def test_users_are_upserted_by_id(store):
    store.write_graph(_rich_graph(directed=False))
    users = pd.DataFrame(
        {"id": ["ann", "bob", "zoe"], "age": [41, np.nan, 30], "city": ["Oslo", None, "Rome"]}
    )
    ties = pd.DataFrame({"source": ["zoe"], "target": ["ann"], "tie": ["strong"]})
    summary = store.write_graph(SocialGraph.from_tables(ties, users, directed=False))
    assert (summary.counts.users, summary.counts.ties) == (6, 6)
    back = _users(store.read_graph())
    assert back["ann"] == {"segment": "parents", "age": 41, "is_kol": False, "city": "Oslo"}
    assert back["bob"] == {"age": 33, "leader_score": 0.25, "is_kol": False}
    assert back["zoe"] == {"age": 30, "city": "Rome"}


def test_interrupted_load_converges_to_a_clean_load(store):
    graph = _rich_graph(directed=False)
    store.write_graph(graph)
    clean = store.read_graph()
    store.clear()
    half = SocialGraph(users=graph.users.iloc[:3], ties=graph.ties.iloc[:0], directed=False)
    store.write_graph(half)
    partial = graph.ties[graph.ties[["source", "target"]].max(axis=1) < 3].iloc[:1]
    store.write_graph(SocialGraph(users=graph.users.iloc[:3], ties=partial, directed=False))
    store.write_graph(graph)
    _same_graph(store.read_graph(), clean)
    assert store.counts() == StoreCounts(users=5, strong_ties=2, weak_ties=3, directed=False)


def test_interrupted_large_load_converges(store):
    from graphkit.generate import generate_social_graph

    graph = generate_social_graph(n_users=400, mean_degree=6, rng=5)
    store.write_graph(
        SocialGraph(users=graph.users, ties=graph.ties.iloc[: graph.n_ties // 2], directed=False)
    )
    store.write_graph(graph)
    _same_graph(store.read_graph(), graph)


def test_directedness_mismatch_is_refused(store):
    store.write_graph(_rich_graph(directed=False))
    with pytest.raises(InvalidInputError, match="holds an undirected graph, got a directed one"):
        store.write_graph(_rich_graph(directed=True))
    assert store.counts().directed is False
    assert store.counts().ties == 5


def test_existing_user_ids(store):
    assert store.existing_user_ids(["ann"]) == set()
    store.write_graph(_rich_graph(directed=True))
    assert store.existing_user_ids(["ann", "zed", "eve"]) == {"ann", "eve"}


def test_write_user_properties_replaces_whole_columns(store):
    store.write_graph(_rich_graph(directed=False))
    store.write_user_properties(
        pd.DataFrame({"id": ["ann", "bob", "carol"], "pagerank": [0.1, 0.2, 0.3], "community": [1, 1, 2]})
    )
    store.write_user_properties(pd.DataFrame({"id": ["dan", "ann"], "pagerank": [0.9, np.nan]}))
    users = store.read_graph().users.set_index("id")
    assert users["pagerank"].isna().tolist() == [True, True, True, False, True]
    assert users.loc["dan", "pagerank"] == 0.9
    assert users["community"].tolist()[:3] == [1, 1, 2]
    assert users.loc["carol", "segment"] == "students"


def test_write_user_properties_rejects_unknown_users(store):
    store.write_graph(_rich_graph(directed=False))
    with pytest.raises(InvalidInputError, match="'nobody'"):
        store.write_user_properties(pd.DataFrame({"id": ["ann", "nobody"], "pagerank": [0.1, 0.2]}))
    assert "pagerank" not in store.read_graph().users.columns


def _circles(ids_sizes, members, leaders):
    return (
        pd.DataFrame({"id": [c for c, _ in ids_sizes], "size": [s for _, s in ids_sizes]}),
        pd.DataFrame(members, columns=["user", "community"]),
        pd.DataFrame(leaders, columns=["user", "community", "rank", "score"]),
    )


@pytest.mark.bulk_contract
def test_communities_are_replaced(store):
    store.write_graph(_rich_graph(directed=False))
    store.write_communities(
        *_circles(
            [(0, 2), (1, 2), (2, 1)],
            [("ann", 0), ("bob", 0), ("carol", 1), ("dan", 1), ("eve", 2)],
            [("ann", 0, 1, 0.9), ("carol", 1, 1, 0.8), ("eve", 2, 1, 0.1)],
        )
    )
    store.write_communities(
        *_circles(
            [(0, 3), (5, 2)],
            [("ann", 0), ("bob", 0), ("eve", 0), ("carol", 5), ("dan", 5)],
            [("bob", 0, 1, 0.7), ("ann", 0, 2, 0.5), ("dan", 5, 1, 0.6)],
        )
    )
    assert store.read_table("communities")[["id", "size"]].values.tolist() == [[0, 3], [5, 2]]
    members = store.read_table("members")
    assert members.values.tolist() == [["ann", 0], ["bob", 0], ["eve", 0], ["carol", 5], ["dan", 5]]
    leaders = store.read_table("leaders")
    assert leaders[["user", "community", "rank"]].values.tolist() == [
        ["bob", 0, 1],
        ["ann", 0, 2],
        ["dan", 5, 1],
    ]
    assert leaders["score"].tolist() == [0.7, 0.5, 0.6]


def test_communities_are_validated(store):
    store.write_graph(_rich_graph(directed=False))
    with pytest.raises(InvalidInputError, match="members.community"):
        store.write_communities(*_circles([(0, 1)], [("ann", 3)], []))
    with pytest.raises(InvalidInputError, match="'ghost'"):
        store.write_communities(*_circles([(0, 1)], [("ghost", 0)], []))
    assert store.read_table("communities").empty


def _campaign(name, seeds, reaches, budget=100.0):
    campaign = {
        "name": name,
        "model": "ic",
        "params": '{"p_weak": 0.01}',
        "budget": budget,
        "expected_reach": 3.5,
        "ci_low": 3.0,
        "ci_high": 4.0,
        "created_at": "2024-05-01T10:00:00",
    }
    return (
        campaign,
        pd.DataFrame(seeds, columns=["user", "rank", "marginal_gain", "cost"]),
        pd.DataFrame(reaches, columns=["user", "probability"]),
    )


def test_campaigns_are_replaced_by_name(store):
    store.write_graph(_rich_graph(directed=False))
    store.write_campaign(
        *_campaign("spring", [("ann", 1, 2.0, 10.0), ("bob", 2, 1.0, 5.0)], [("carol", 0.5), ("dan", 0.25)])
    )
    store.write_campaign(*_campaign("autumn", [("eve", 1, 1.5, 3.0)], [("ann", 0.75)]))
    store.write_campaign(*_campaign("spring", [("dan", 1, 3.0, 7.0)], [("eve", 0.5)], budget=50.0))
    campaigns = store.read_table("campaigns")
    assert campaigns["name"].tolist() == ["autumn", "spring"]
    assert campaigns["budget"].tolist() == [100.0, 50.0]
    assert list(campaigns.columns[:8]) == [
        "name",
        "model",
        "params",
        "budget",
        "expected_reach",
        "ci_low",
        "ci_high",
        "created_at",
    ]
    seeds = store.read_table("campaign_seeds")
    assert seeds[["campaign", "user", "rank"]].values.tolist() == [["autumn", "eve", 1], ["spring", "dan", 1]]
    assert seeds["marginal_gain"].tolist() == [1.5, 3.0]
    reaches = store.read_table("campaign_reaches")
    assert reaches.values.tolist() == [["autumn", "ann", 0.75], ["spring", "eve", 0.5]]


def test_campaign_is_validated(store):
    store.write_graph(_rich_graph(directed=False))
    with pytest.raises(InvalidInputError, match="campaign\\['name'\\]"):
        store.write_campaign(*_campaign("", [], []))
    with pytest.raises(InvalidInputError, match="probability"):
        store.write_campaign(*_campaign("x", [], [("ann", 1.5)]))
    assert store.read_table("campaigns").empty


@pytest.mark.parametrize(
    "name", ["communities", "members", "leaders", "campaigns", "campaign_seeds", "campaign_reaches"]
)
def test_empty_result_tables_have_their_columns(store, name):
    from graphkit.store._tables import RESULT_COLUMNS

    table = store.read_table(name)
    assert table.empty and list(table.columns) == list(RESULT_COLUMNS[name])


def test_read_table_rejects_unknown_names(store):
    with pytest.raises(InvalidInputError, match="got 'nodes'"):
        store.read_table("nodes")


def test_clear_empties_everything(store):
    store.write_graph(_rich_graph(directed=True))
    store.write_communities(*_circles([(0, 5)], [("ann", 0)], [("ann", 0, 1, 1.0)]))
    store.write_campaign(*_campaign("spring", [("ann", 1, 2.0, 10.0)], [("bob", 0.5)]))
    store.clear()
    assert store.counts() == StoreCounts(users=0, strong_ties=0, weak_ties=0, directed=None)
    with pytest.raises(NoGraphError, match="no graphkit"):
        store.read_graph()  # nothing to read is an error, not an empty graph
    assert all(
        store.read_table(name).empty for name in ("communities", "members", "campaigns", "campaign_seeds")
    )
    store.write_graph(_rich_graph(directed=False))  # directedness is free again after clear
    assert store.counts().directed is False


def test_progress_reports_every_row(store):
    graph = _rich_graph(directed=False)
    seen = []
    store.write_graph(graph, progress=seen.append)
    assert sum(seen) == graph.n_nodes + graph.n_ties
