"""Every query file in cypher/ (the store's library) runs against the real server in one workflow."""

from __future__ import annotations

from importlib.resources import files

import pandas as pd
import pytest

import graphkit.store._bolt as bolt
from graphkit.graph import SocialGraph
from graphkit.store import open_store
from graphkit.store._tables import RESULT_COLUMNS

pytestmark = pytest.mark.neo4j


def _graph(kind_of_bc: str) -> SocialGraph:
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", kind_of_bc]})
    users = pd.DataFrame({"id": ["a", "b", "c"], "segment": ["x", "y", "x"]})
    return SocialGraph.from_tables(ties, users, directed=True)


def _write_version_1_store(store) -> None:
    """What graphkit 0.1 could leave after two concurrent first loads: a tie stored twice."""
    store._bolt.driver.execute_query(
        """
        CREATE (a:User {id: 'a'}), (b:User {id: 'b'}), (c:User {id: 'c'})
        CREATE (a)-[:STRONG_TIE {weight: 1.0}]->(b), (a)-[:STRONG_TIE {weight: 1.0}]->(b)
        CREATE (b)-[:WEAK_TIE {weight: 1.0}]->(c)
        CREATE (:GraphkitMeta {key: 'graph', directed: true, schemaVersion: 1, userColumns: [], tieColumns: []})
        """,
        database_=store.database,
    )


def test_every_store_query_file_runs(neo4j_server, monkeypatch):
    used: set[str] = set()
    original = bolt._query

    def recording(name: str) -> str:
        used.add(name)
        return original(name)

    monkeypatch.setattr(bolt, "_query", recording)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    try:
        store.clear()
        _write_version_1_store(store)
        store.write_graph(_graph("weak"))  # de-duplicates the version-1 store first
        assert store.counts().ties == 2  # the duplicate a->b is gone
        store.write_graph(_graph("strong"))  # b->c re-typed weak -> strong
        store.write_graph(_graph("weak"))  # and back
        assert store.existing_user_ids(["a", "zed"]) == {"a"}
        store.write_user_properties(pd.DataFrame({"id": ["a"], "leader_score": [0.9]}))
        store.write_user_properties(pd.DataFrame({"id": ["b"], "leader_score": [0.5]}))
        store.write_communities(
            pd.DataFrame({"id": [0], "size": [3]}),
            pd.DataFrame({"user": ["a", "b", "c"], "community": [0, 0, 0]}),
            pd.DataFrame({"user": ["a"], "community": [0], "rank": [1], "score": [0.9]}),
        )
        campaign = {
            "name": "launch", "model": "ic", "params": "{}", "budget": 10.0,
            "expected_reach": 2.5, "ci_low": 2.0, "ci_high": 3.0, "created_at": "2026-11-23T00:00:00Z",
        }
        seeds = pd.DataFrame({"user": ["a"], "rank": [1], "marginal_gain": [2.5], "cost": [10.0]})
        reaches = pd.DataFrame({"user": ["b"], "probability": [0.6]})
        store.write_campaign(campaign, seeds, reaches)
        store.write_campaign(campaign, seeds, reaches)  # replaces by name
        tables = {name: store.read_table(name) for name in RESULT_COLUMNS}
        assert len(tables["campaigns"]) == 1 and tables["campaign_reaches"]["probability"].tolist() == [0.6]
        back = store.read_graph()
        assert back.ties_frame().sort_values("source")["tie"].tolist() == ["strong", "weak"]
        assert back.users.set_index("id")["leader_score"].isna().tolist() == [True, False, True]
        assert not store.is_empty()
        store.clear()
        assert store.counts().users == 0 and store.is_empty()  # what a bulk first load asks
    finally:
        store.close()
    library = {path.name.removesuffix(".cypher") for path in files("graphkit").joinpath("cypher").iterdir() if path.name.endswith(".cypher")}
    run_by_the_server = {"change_password"}  # on a first start: tests/server/test_secrets.py
    assert library - used == run_by_the_server
