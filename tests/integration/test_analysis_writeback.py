"""Circles, leaders and roles written back to the real Neo4j server, checked with Cypher; and to Parquet.

Re-running replaces the previous result: no stale properties, no duplicate relationships.
"""

from __future__ import annotations

import re

import neo4j
import pytest

from graphkit.analysis import find_leaders, leiden_communities
from graphkit.analysis.communities import Partition
from graphkit.store import open_store
from graphkit.writeback import write_analysis
from tests.conftest import two_cliques_graph


def _snake(name: str) -> str:
    """The store may camelCase property names in Cypher; compare in snake_case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _props(record_value) -> dict:
    return {_snake(key): value for key, value in dict(record_value).items()}


@pytest.fixture
def neo4j_store(neo4j_server):
    store = open_store(
        neo4j_server.uri,
        user=neo4j_server.user,
        password=neo4j_server.password,
        database=neo4j_server.database,
    )
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    try:
        store.clear()
        yield (
            store,
            lambda query, **params: (
                driver.execute_query(query, params, database_=neo4j_server.database).records
            ),
        )
    finally:
        store.clear()
        driver.close()
        store.close()


@pytest.mark.neo4j
def test_leaders_written_to_neo4j_and_replaced_cleanly(neo4j_store):
    store, cypher = neo4j_store
    graph = two_cliques_graph()
    store.write_graph(graph)
    partition = leiden_communities(graph, rng=0)
    write_analysis(store, graph, partition, find_leaders(graph, partition), per_community=2)

    users = {
        record["id"]: _props(record["props"])
        for record in cypher("MATCH (u:User) RETURN u.id AS id, properties(u) AS props")
    }
    assert len(users) == 10
    assert users["n4"]["role"] == "bridge" and users["n4"]["community"] == 0
    assert users["n9"]["community"] == 1 and users["n9"]["role"] == "peripheral"
    assert 0 < users["n0"]["leader_score"] <= 1 and users["n4"]["community_rank"] == 1

    circles = cypher("MATCH (c:Community) RETURN properties(c) AS props ORDER BY c.id")
    assert [(_props(r["props"])["id"], _props(r["props"])["size"]) for r in circles] == [(0, 5), (1, 5)]
    members = cypher("MATCH (u:User)-[m:MEMBER_OF]->(c:Community) RETURN c.id AS c, count(m) AS n ORDER BY c")
    assert [(r["c"], r["n"]) for r in members] == [(0, 5), (1, 5)]
    leads = cypher(
        "MATCH (u:User)-[l:LEADS]->(c:Community) RETURN u.id AS u, c.id AS c, l.rank AS rank, l.score AS score "
        "ORDER BY c, rank"
    )
    assert [(r["u"], r["c"], r["rank"]) for r in leads] == [
        ("n4", 0, 1),
        ("n0", 0, 2),
        ("n5", 1, 1),
        ("n6", 1, 2),
    ]
    assert all(0 < r["score"] <= 1 for r in leads)

    # Re-run with circles only, and a different split: the leader results and old circles go.
    regrouped = Partition(
        membership=leiden_communities(graph, rng=0).membership[::-1].copy(),
        modularity=0.0,
        params={"algorithm": "test"},
    )
    write_analysis(store, graph, regrouped)
    write_analysis(store, graph, regrouped)  # twice: nothing may duplicate
    stale = cypher(
        "MATCH (u:User) WHERE u.role IS NOT NULL OR u.leaderScore IS NOT NULL OR u.leader_score IS NOT NULL RETURN count(u) AS n"
    )
    assert stale[0]["n"] == 0
    assert cypher("MATCH ()-[l:LEADS]->() RETURN count(l) AS n")[0]["n"] == 0
    assert cypher("MATCH (c:Community) RETURN count(c) AS n")[0]["n"] == 2
    assert cypher("MATCH (:User)-[m:MEMBER_OF]->() RETURN count(m) AS n")[0]["n"] == 10
    moved = cypher("MATCH (u:User {id: 'n0'})-[:MEMBER_OF]->(c:Community) RETURN u.community AS p, c.id AS c")
    assert [(r["p"], r["c"]) for r in moved] == [(1, 1)]


def test_leaders_written_to_the_parquet_store_and_replaced(tmp_path):
    store = open_store(str(tmp_path / "store"))
    graph = two_cliques_graph()
    store.write_graph(graph)
    partition = leiden_communities(graph, rng=0)
    write_analysis(store, graph, partition, find_leaders(graph, partition), per_community=2)
    users = store.read_graph().users.set_index("id")
    assert users.loc["n4", "role"] == "bridge" and users.loc["n5", "community"] == 1
    assert store.read_table("leaders")[["user", "rank"]].values.tolist() == [
        ["n4", 1],
        ["n0", 2],
        ["n5", 1],
        ["n6", 2],
    ]
    assert store.read_table("members").shape[0] == 10

    write_analysis(store, graph, partition)
    users = store.read_graph().users
    assert "role" not in users.columns or users["role"].isna().all()
    assert store.read_table("leaders").empty
    assert store.read_table("communities")["size"].tolist() == [5, 5]
