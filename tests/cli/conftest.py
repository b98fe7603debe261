"""Fixtures shared by the CLI tests: a `--store` for each kind of store."""

from __future__ import annotations

import pytest

from graphkit.store import open_store


@pytest.fixture(params=["parquet", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store_args(request, tmp_path, monkeypatch) -> list[str]:
    """`--store` arguments for an emptied store of each kind: the embedded Parquet folder and the real Neo4j server.

    For Neo4j, ``GRAPHKIT_NEO4J_PASSWORD`` is set for the test, so the CLI and ``open_store`` both sign in.
    """
    if request.param == "parquet":
        location = str(tmp_path / "store")
        open_store(location).close()
        return ["--store", location]
    server = request.getfixturevalue("neo4j_server")
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", server.password)
    store = open_store(server.uri, user=server.user, password=server.password)
    store.clear()
    store.close()
    return ["--store", server.uri]
