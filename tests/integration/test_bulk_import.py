"""The bulk first load (neo4j-admin database import full) against the real local server.

The bulk-loaded database must hold exactly what a Bolt load stores: every node and relationship
with every property, value and value type, and the same constraints. ``--bulk`` on a database
that is not empty is refused in one ``Error:`` line; without it graphkit falls back to Bolt; a
failed import leaves the database empty and usable. ``graphkit load`` sizes the server's memory for
each load, and the server runs with what it chose.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.errors import InvalidInputError, ServerError
from graphkit.graph import SocialGraph
from graphkit.store import open_store
from tests.server.test_launcher import memory_settings

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
runner = CliRunner()


def _awkward_graph() -> SocialGraph:
    """Every kind of value a store holds, with gaps, and text the CSV must quote."""
    users = pd.DataFrame(
        {
            "id": ["ann", 'o"neil, jr', "zoë", "dan", "eve\nlee"],
            "segment": ["students", "", None, "a,b", 'say "hi"\nbye'],
            "age": [21, 40, 33, 19, 70],
            "leader_score": [0.5, np.nan, 1 / 3, 1e300, -0.0],
            "is_kol": [True, False, False, True, False],
            "visits": pd.array([1, None, 3, 2**62, -5], dtype="Int64"),
            "joined": [dt.date(2020, 1, 2), None, dt.date(1999, 12, 31), dt.date(2024, 2, 29), dt.date(2001, 1, 1)],
            "last_seen": pd.to_datetime(["2024-05-01 10:00:00.123456", None, "2023-01-01 00:00:00", "2022-02-02 02:02:02",
                                         "2021-03-03 00:00:00"], format="ISO8601"),
        }
    )
    ties = pd.DataFrame(
        {
            "source": ["ann", 'o"neil, jr', "zoë", "eve\nlee", "dan", "ann"],
            "target": ['o"neil, jr', "zoë", "ann", "ann", "eve\nlee", "dan"],
            "tie": ["strong", "weak", "strong", "weak", "weak", "strong"],
            "weight": [3.0, 1.0, 7.5, 2.0, 0.1, 1e-300],
            "p": [0.3, np.nan, 0.05, np.nan, 1.0, 0.0],
            "labelled_by": ["input", "reciprocity", "input", "frequency", "input", "input"],
            "first_contact": ["2020-01-02", "", None, "x,y", 'q"q', "ok"],
            "messages": [3, 0, 12, 1, 7, 2],
        }
    )
    return SocialGraph.from_tables(ties, users, directed=True)


def _typed(value):
    return (type(value).__name__, value)


def _dump(server) -> dict:
    """Every node and relationship with its typed properties, and the constraints, straight from Cypher."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props",
                                           database_=server.database)
        ties, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, properties(r) AS props, b.id AS b",
            database_=server.database,
        )
        constraints, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *", database_=server.database
        )
    return {
        "nodes": sorted(
            (tuple(r["labels"]), sorted((k, _typed(v)) for k, v in r["props"].items())) for r in nodes
        ),
        "ties": sorted(
            (r["a"], r["type"], r["b"], sorted((k, _typed(v)) for k, v in r["props"].items())) for r in ties
        ),
        "constraints": sorted((r["name"], tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in constraints),
    }


@pytest.fixture
def store(neo4j_server):
    """The session's database, emptied, with the session's server as its importer."""
    opened = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    opened.clear()
    opened.importer = neo4j_server
    try:
        yield opened
    finally:
        opened.close()


def test_a_bulk_load_stores_exactly_what_a_bolt_load_stores(store, neo4j_server):
    graph = _awkward_graph()
    store.importer = None
    store.write_graph(graph)
    over_bolt = _dump(neo4j_server)
    store.clear()
    store.importer = neo4j_server
    summary = store.write_graph(graph)
    assert store.last_import is not None and set(store.last_import) == {"stop", "import", "start"}
    assert (summary.counts.users, summary.counts.strong_ties, summary.counts.weak_ties) == (5, 3, 3)
    imported = _dump(neo4j_server)
    assert imported == over_bolt
    assert ("User",) in {labels for labels, _ in imported["nodes"]}
    assert {t for _, t, _, _ in imported["ties"]} == {"STRONG_TIE", "WEAK_TIE"}
    back = store.read_graph().users.set_index("id")
    assert pd.isna(back.loc["zoë", "segment"]) and back.loc['o"neil, jr', "segment"] == ""
    # a Bolt load on top of a bulk-loaded database changes nothing
    again = store.write_graph(graph)
    assert again.counts == summary.counts and store.last_import is not None
    assert _dump(neo4j_server) == imported


def test_bulk_import_refuses_a_database_that_is_not_empty(store, neo4j_server):
    graph = _awkward_graph()
    store.importer = None
    store.write_graph(graph)
    pid = neo4j_server.status().pid
    with pytest.raises(InvalidInputError, match="not empty"):
        store.import_graph(graph, importer=neo4j_server)
    store.importer = neo4j_server
    store.write_graph(graph)  # falls back to Bolt: no restart
    assert store.last_import is None
    assert neo4j_server.status().pid == pid


def test_a_failed_import_leaves_the_database_empty_and_usable(store, neo4j_server, monkeypatch):
    import graphkit.store.neo4j as module

    shipped = module.write_import_files

    def broken(graph, folder):
        arguments = shipped(graph, folder)
        with open(f"{folder}/weak.csv", "a") as handle:
            handle.write('"nobody","ann",1,,"input",,\n')  # a tie to a user the import does not hold
        return arguments

    monkeypatch.setattr(module, "write_import_files", broken)
    with pytest.raises(ServerError) as failure:
        store.write_graph(_awkward_graph())
    assert "\n" not in str(failure.value) and "left empty" in str(failure.value)
    assert store.is_empty()
    monkeypatch.setattr(module, "write_import_files", shipped)
    store.importer = None
    summary = store.write_graph(_awkward_graph())
    assert summary.counts.ties == 6


def _files(tmp_path) -> list[str]:
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target,tie,weight\na,b,strong,4\nb,c,weak,1\n")
    return ["--ties", str(ties)]


def test_the_cli_bulk_loads_an_empty_database_and_refuses_bulk_on_a_full_one(tmp_path, store, neo4j_server,
                                                                               monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    home = str(neo4j_server.config.data_dir)
    arguments = ["load", *_files(tmp_path), "--store", neo4j_server.uri, "--neo4j-home", home, "--json"]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    document = json.loads(first.stdout)
    assert set(document["written"]["bulk_import"]) == {"stop", "import", "start"}
    assert document["store_counts"] == {"users": 3, "strong_ties": 1, "weak_ties": 1, "directed": True}
    refused = runner.invoke(app, [*arguments, "--bulk"])
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [
        f"Error: --bulk needs an empty database, and 'neo4j' at {neo4j_server.uri} holds 3 users; "
        "leave out --bulk to load over Bolt, or clear the database first"
    ]
    again = runner.invoke(app, arguments)  # not empty: over Bolt
    assert again.exit_code == 0 and json.loads(again.stdout)["written"]["bulk_import"] is None


def test_the_cli_refuses_bulk_for_a_server_it_does_not_manage(tmp_path, store, neo4j_server, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    arguments = ["load", *_files(tmp_path), "--store", neo4j_server.uri, "--neo4j-home", str(tmp_path / "none")]
    refused = runner.invoke(app, [*arguments, "--bulk"])
    assert refused.exit_code == 1
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("Error: --bulk needs the local Neo4j server graphkit manages")
    auto = runner.invoke(app, [*arguments, "--json"])
    assert auto.exit_code == 0 and json.loads(auto.stdout)["written"]["bulk_import"] is None
    folder = runner.invoke(app, ["load", *_files(tmp_path), "--store", str(tmp_path / "store"), "--bulk"])
    assert folder.exit_code == 1 and folder.stderr.startswith("Error: --bulk needs the local Neo4j server")


def test_the_cli_sizes_the_server_for_each_load_and_the_server_runs_with_it(tmp_path, store, neo4j_server,
                                                                             monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    home = str(neo4j_server.config.data_dir)
    arguments = ["load", *_files(tmp_path), "--store", neo4j_server.uri, "--neo4j-home", home, "--json"]

    def load(*options: str) -> dict:
        result = runner.invoke(app, [*arguments, *options])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    first = load("--neo4j-heap", "1280m")  # empty: a bulk load, whose restart applies the sizes
    assert first["written"]["bulk_import"] is not None
    assert first["neo4j_memory"]["heap"] == "1280m" and first["neo4j_memory"]["pagecache"] == "512m"
    assert first["neo4j_memory"]["applied"] == "applied at the bulk import's restart"
    assert memory_settings(neo4j_server.uri, neo4j_server.password) == {
        "heap.initial_size": "1.25GiB", "heap.max_size": "1.25GiB", "pagecache.size": "512.00MiB"}
    pid = neo4j_server.status().pid
    second = load("--neo4j-pagecache", "768m")  # not empty: over Bolt, after a restart for the larger cache
    assert second["written"]["bulk_import"] is None and second["store_counts"]["users"] == 3
    assert second["neo4j_memory"]["applied"].startswith("the server was restarted")
    assert neo4j_server.status().pid != pid
    assert memory_settings(neo4j_server.uri, neo4j_server.password) == {  # auto kept the larger heap
        "heap.initial_size": "1.25GiB", "heap.max_size": "1.25GiB", "pagecache.size": "768.00MiB"}
    pid = neo4j_server.status().pid
    third = load("--no-bulk")  # sized too; auto wants less than the server has: no restart
    assert third["neo4j_memory"]["applied"] == "the server runs with them already"
    assert (third["neo4j_memory"]["heap"], third["neo4j_memory"]["pagecache"]) == ("1280m", "768m")
    assert neo4j_server.status().pid == pid
