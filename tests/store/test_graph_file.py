"""The Parquet store's graph file: read_graph from memory-mapped arrays gives the graph the tables give."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest

from graphkit.generate import generate_social_graph
from graphkit.store import open_store
from graphkit.store._tables import graph_from_tables

ARRAYS = ("indptr", "indices", "arc_source", "arc_tie_row", "arc_strong", "arc_weight", "arc_p")


def _from_tables(folder):
    """The graph as a store without a graph file (older graphkit) reads it."""
    path = folder / "meta.json"
    meta = json.loads(path.read_text())
    meta.pop("graph_file")
    path.write_text(json.dumps(meta))
    return open_store(folder).read_graph()


def _meta(folder) -> dict:
    return json.loads((folder / "meta.json").read_text())


def assert_same_graph(graph, expected):
    assert graph.directed == expected.directed
    assert graph.node_ids.tolist() == expected.node_ids.tolist()
    for name in ARRAYS:
        got, want = getattr(graph, name), getattr(expected, name)
        assert got.dtype == want.dtype and np.array_equal(got, want, equal_nan=True), name
    for got, want in zip(graph.reverse(), expected.reverse()):
        assert got.dtype == want.dtype and np.array_equal(got, want)
    pd.testing.assert_frame_equal(graph.users, expected.users)
    pd.testing.assert_frame_equal(graph.ties, expected.ties)
    assert repr(graph) == repr(expected)


@pytest.mark.parametrize("directed", [True, False])
def test_graph_file_gives_the_graph_the_tables_give(tmp_path, directed):
    graph = generate_social_graph(n_users=300, mean_degree=6, directed=directed, rng=5)
    p = np.where(np.arange(graph.n_ties) % 3 == 0, np.nan, np.linspace(0.0, 1.0, graph.n_ties))
    extra = graph.ties.assign(p=p, count=np.arange(graph.n_ties) % 7, note="x")
    from graphkit.graph import SocialGraph

    graph = SocialGraph(users=graph.users, ties=extra, directed=directed)
    store = open_store(tmp_path)
    store.write_graph(graph)
    assert "graph_file" in json.loads((tmp_path / "meta.json").read_text())
    fast = store.read_graph()
    assert not isinstance(fast._ties, pd.DataFrame)  # tables not made yet
    assert_same_graph(fast, _from_tables(tmp_path))


def test_user_properties_keep_the_graph_file_and_show_in_users(tmp_path):
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=50, directed=True, rng=1))
    store.write_user_properties(pd.DataFrame({"id": ["u00", "u01"], "score": [1.5, 2.5]}))
    fast = store.read_graph()
    assert fast.users["score"].iloc[:3].tolist()[:2] == [1.5, 2.5]
    assert_same_graph(fast, _from_tables(tmp_path))


def test_a_second_load_rewrites_the_graph_file_and_deletes_the_old(tmp_path):
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=40, directed=True, rng=1))
    store.write_graph(generate_social_graph(n_users=60, directed=True, rng=2))
    assert [name for name in os.listdir(tmp_path) if name.endswith(".arrow")] == ["graph.2.arrow"]
    assert_same_graph(store.read_graph(), _from_tables(tmp_path))


def test_a_graph_file_made_for_other_ties_is_not_used(tmp_path):
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=40, directed=True, rng=1))
    first = (tmp_path / json.loads((tmp_path / "meta.json").read_text())["graph_file"]).read_bytes()
    store.write_graph(generate_social_graph(n_users=60, directed=True, rng=2))
    (tmp_path / json.loads((tmp_path / "meta.json").read_text())["graph_file"]).write_bytes(first)
    graph = store.read_graph()  # as if older graphkit had written the second load's ties
    tables = {name: pd.read_parquet(tmp_path / file) for name, file in _meta(tmp_path)["tables"].items()}
    assert_same_graph(graph, graph_from_tables(tables["users"], tables["ties"], directed=True))


def test_tables_made_later_come_from_the_version_read(tmp_path):
    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=40, directed=True, rng=1))
    graph = store.read_graph()
    store.clear()
    store.write_graph(generate_social_graph(n_users=70, directed=True, rng=2))
    assert len(graph.users) == 40 and len(graph.ties) == graph.n_ties  # its files are gone, still mapped


def test_a_commit_while_the_reader_opens_its_files_sends_it_to_the_new_version(tmp_path, monkeypatch):
    import pyarrow as pa

    store = open_store(tmp_path)
    store.write_graph(generate_social_graph(n_users=40, directed=True, rng=1))
    real_memory_map = pa.memory_map
    commits = []

    def commit_first(path, *args):
        if not commits:  # another process loads between our reading meta.json and opening its files
            commits.append(path)
            store.write_graph(generate_social_graph(n_users=70, directed=True, rng=2))
        return real_memory_map(path, *args)

    monkeypatch.setattr(pa, "memory_map", commit_first)
    graph = store.read_graph()
    monkeypatch.setattr(pa, "memory_map", real_memory_map)
    assert commits and graph.n_nodes == 70
    assert_same_graph(graph, _from_tables(tmp_path))
