"""The ``store`` fixture: each contract test runs against the Parquet folder and real Neo4j over Bolt;
those marked ``bulk_contract`` also against real Neo4j whose first load into the empty database goes
by ``neo4j-admin database import`` (a server restart each, so the ones whose checks read what the
first load stored, or write on top of it)."""

from __future__ import annotations

import pytest

from graphkit.store import open_store

STORE_KINDS = ["parquet", pytest.param("neo4j", marks=pytest.mark.neo4j)]
BULK = pytest.param("neo4j-bulk", marks=[pytest.mark.neo4j, pytest.mark.slow])


def pytest_generate_tests(metafunc):
    """Every test of ``store`` runs on each kind; those marked ``bulk_contract`` also on a database
    whose first load was imported."""
    if "store" in metafunc.fixturenames:
        bulk = [BULK] if metafunc.definition.get_closest_marker("bulk_contract") else []
        metafunc.parametrize("store", [*STORE_KINDS, *bulk], indirect=True)


@pytest.fixture
def store(request, tmp_path):
    """An empty store of each kind: a fresh folder, or the session's Neo4j database, cleared.

    ``neo4j-bulk`` hands the store the session's server as its importer, so a write into the empty
    database stops the server, bulk-imports and restarts it; a test that leaves a graph stored
    must have had its first load imported that way.
    """
    if request.param == "parquet":
        opened = open_store(tmp_path / "store")
    else:
        server = request.getfixturevalue("neo4j_server")
        opened = open_store(server.uri, user=server.user, password=server.password, database=server.database)
        opened.clear()
        if request.param == "neo4j-bulk":
            opened.importer = server
    try:
        yield opened
        if request.param == "neo4j-bulk" and opened.counts().users:
            assert opened.last_import is not None, "the graph was loaded over Bolt, not imported"
    finally:
        opened.close()
