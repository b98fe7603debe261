"""Acceptance: ego-Facebook through `graphkit load` into the real Neo4j server and back."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.io import read_graph_files
from graphkit.store import open_store

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
runner = CliRunner()


def _pairs(graph) -> set[tuple[str, str]]:
    table = graph.ties_frame()
    ends = np.sort(table[["source", "target"]].to_numpy(dtype=str), axis=1)
    return set(map(tuple, ends))


def test_facebook_round_trip_and_idempotent_reload(neo4j_server, shared_data, monkeypatch):
    path = shared_data / "facebook-ego" / "facebook_combined.txt.gz"
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    try:
        store.clear()
        arguments = ["load", "--ties", str(path), "--format", "edgelist", "--undirected",
                     "--store", neo4j_server.uri, "--json"]
        first = runner.invoke(app, arguments)
        assert first.exit_code == 0, first.output
        counts = json.loads(first.stdout)["store_counts"]
        assert (counts["users"], counts["strong_ties"] + counts["weak_ties"]) == (4039, 88234)

        again = runner.invoke(app, arguments)
        assert again.exit_code == 0, again.output
        assert json.loads(again.stdout)["store_counts"] == counts

        back = store.read_graph()
        expected, _ = read_graph_files(path, fmt="edgelist", directed=False)
        assert (back.n_nodes, back.n_ties, back.directed) == (4039, 88234, False)
        assert set(back.node_ids) == set(expected.node_ids)
        assert _pairs(back) == _pairs(expected)
        kinds = dict(zip(map(tuple, np.sort(expected.ties_frame()[["source", "target"]].to_numpy(dtype=str), axis=1)),
                         expected.ties["tie"].astype(str)))
        back_table = back.ties_frame()
        back_ends = map(tuple, np.sort(back_table[["source", "target"]].to_numpy(dtype=str), axis=1))
        assert all(kinds[pair] == kind for pair, kind in zip(back_ends, back_table["tie"]))
    finally:
        store.close()
