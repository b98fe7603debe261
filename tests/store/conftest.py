"""The ``store`` fixture: each contract test runs against the Parquet folder and real Neo4j."""

from __future__ import annotations

import pytest

from graphkit.store import open_store


@pytest.fixture(params=["parquet", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request, tmp_path):
    """An empty store of each kind: a fresh folder, or the session's Neo4j database, cleared."""
    if request.param == "parquet":
        opened = open_store(tmp_path / "store")
    else:
        server = request.getfixturevalue("neo4j_server")
        opened = open_store(server.uri, user=server.user, password=server.password, database=server.database)
        opened.clear()
    try:
        yield opened
    finally:
        opened.close()
