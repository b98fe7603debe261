"""Shared fixtures: tiny named graphs, paths to the real datasets, and the real Neo4j server.

The Neo4j server is started once per test session by ``graphkit.server`` (assembled from Maven
Central into ``.neo4j/`` by ``graphkit neo4j install``). A server that cannot start fails the
tests that need it; it is never a skip.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graphkit.graph import SocialGraph

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("GRAPHKIT_SHARED_DATA", REPO.parent / "shared" / "data"))


def _graph(edges, *, directed=False, strong=None, n=None) -> SocialGraph:
    strong = set(strong or [])
    ties = pd.DataFrame(
        {
            "source": [f"n{a}" for a, _ in edges],
            "target": [f"n{b}" for _, b in edges],
            "tie": ["strong" if (a, b) in strong or (b, a) in strong else "weak" for a, b in edges],
        },
        columns=["source", "target", "tie"],
    )
    nodes = range(n) if n is not None else sorted({x for edge in edges for x in edge})
    users = pd.DataFrame({"id": [f"n{i}" for i in nodes]})
    return SocialGraph.from_tables(ties, users, directed=directed)


def path_graph() -> SocialGraph:
    """n0 - n1 - n2 - n3 - n4, all strong."""
    edges = [(i, i + 1) for i in range(4)]
    return _graph(edges, strong=edges)


def star_graph() -> SocialGraph:
    """Hub n0 with 8 leaves; ties to even leaves strong."""
    edges = [(0, i) for i in range(1, 9)]
    return _graph(edges, strong=[(0, i) for i in range(2, 9, 2)])


def two_cliques_graph() -> SocialGraph:
    """Two 5-cliques (n0-n4, n5-n9) of strong ties joined by the weak bridge n4 - n5."""
    left = [(a, b) for a in range(5) for b in range(a + 1, 5)]
    right = [(a, b) for a in range(5, 10) for b in range(a + 1, 10)]
    return _graph(left + right + [(4, 5)], strong=left + right)


def karate_graph() -> SocialGraph:
    """Zachary's karate club from networkx; ties with weight >= 3 strong. User attribute ``club``."""
    karate = nx.karate_club_graph()
    edges = list(karate.edges())
    strong = [(a, b) for a, b in edges if karate.edges[a, b].get("weight", 1) >= 3]
    graph = _graph(edges, strong=strong, n=34)
    users = graph.users.assign(club=[karate.nodes[i]["club"] for i in range(34)])
    return SocialGraph(users=users, ties=graph.ties, directed=False)


def disconnected_graph() -> SocialGraph:
    """A directed 3-cycle n0->n1->n2->n0, a separate arc n3->n4, and isolated n5."""
    return _graph([(0, 1), (1, 2), (2, 0), (3, 4)], directed=True, strong=[(0, 1)], n=6)


def empty_graph() -> SocialGraph:
    """Three users, no ties."""
    return _graph([], n=3)


NAMED_GRAPHS = {
    "path": path_graph,
    "star": star_graph,
    "two_cliques": two_cliques_graph,
    "karate": karate_graph,
    "disconnected": disconnected_graph,
    "empty": empty_graph,
}


@pytest.fixture(params=sorted(NAMED_GRAPHS))
def named_graph(request) -> SocialGraph:
    """Each tiny named graph in turn (for contract tests over every algorithm)."""
    return NAMED_GRAPHS[request.param]()


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; skips with the reason when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real datasets not found at {SHARED_DATA} (set GRAPHKIT_SHARED_DATA)")
    return SHARED_DATA


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """The real local Neo4j server, started once per session with auth on; yields its settings.

    Uses ``GRAPHKIT_NEO4J_HOME`` (default ``<repo>/.neo4j``) for the jars, and a fresh data
    folder under pytest's tmp dir so tests never touch a user's data. Ports from
    ``GRAPHKIT_TEST_BOLT_PORT`` / ``GRAPHKIT_TEST_HTTP_PORT``, else free ones.
    """
    from graphkit.server import Neo4jServer, ServerConfig

    config = ServerConfig(
        home=Path(os.environ.get("GRAPHKIT_NEO4J_HOME", REPO / ".neo4j")),
        data_dir=tmp_path_factory.mktemp("neo4j-data"),
        bolt_port=int(os.environ.get("GRAPHKIT_TEST_BOLT_PORT") or free_port()),
        http_port=int(os.environ.get("GRAPHKIT_TEST_HTTP_PORT") or free_port()),
        password="graphkit-test-password",
    )
    server = Neo4jServer(config)
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()
