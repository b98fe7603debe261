"""APOC core and Graph Data Science run in the local server graphkit installs, on graphkit's graph."""

from __future__ import annotations

import neo4j
import pytest

from graphkit.generate import generate_social_graph
from graphkit.server import APOC_VERSION, GDS_VERSION
from graphkit.store import open_store

pytestmark = pytest.mark.neo4j

PROJECT = """
CALL gds.graph.project('graphkit-test', 'User',
  {STRONG_TIE: {orientation: 'UNDIRECTED'}, WEAK_TIE: {orientation: 'UNDIRECTED'}})
YIELD nodeCount, relationshipCount
RETURN nodeCount, relationshipCount
"""


@pytest.fixture
def run(neo4j_server):
    """Run Cypher as a Browser user would."""
    auth = (neo4j_server.user, neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        yield lambda query, **params: driver.execute_query(query, params, database_=neo4j_server.database).records


def test_apoc_and_gds_answer_with_the_installed_versions(run):
    assert run("RETURN apoc.version() AS version")[0]["version"] == APOC_VERSION
    assert run("RETURN gds.version() AS version")[0]["version"] == GDS_VERSION


def test_gds_projects_graphkits_graph_and_runs_pagerank_leiden_and_celf(neo4j_server, run):
    graph = generate_social_graph(n_users=400, rng=5)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    try:
        store.clear()
        store.write_graph(graph)
        run("CALL gds.graph.drop('graphkit-test', false) YIELD graphName RETURN graphName")
        projected = run(PROJECT)[0]
        ranks = run("CALL gds.pageRank.stream('graphkit-test') YIELD nodeId, score RETURN count(*) AS n")
        leiden = run("CALL gds.leiden.stats('graphkit-test', {randomSeed: 1, concurrency: 1}) "
                     "YIELD modularity, communityCount RETURN modularity, communityCount")[0]
        seeds = run("CALL gds.influenceMaximization.celf.stream('graphkit-test', {seedSetSize: 5, "
                    "propagationProbability: 0.1, monteCarloSimulations: 50, randomSeed: 1}) "
                    "YIELD nodeId RETURN gds.util.asNode(nodeId).id AS id")
    finally:
        run("CALL gds.graph.drop('graphkit-test', false) YIELD graphName RETURN graphName")
        store.clear()
        store.close()
    assert projected["nodeCount"] == graph.n_nodes
    assert projected["relationshipCount"] == 2 * graph.n_ties  # undirected: each tie both ways
    assert ranks[0]["n"] == graph.n_nodes
    assert leiden["modularity"] > 0.3 and leiden["communityCount"] > 1
    assert len({row["id"] for row in seeds}) == 5 and {row["id"] for row in seeds} <= set(graph.node_ids)
