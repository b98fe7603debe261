"""A Parquet store without a graph file: its ties read by row groups in parallel give the graph the
tables give (``graph_from_tables``, the reference), and bad rows are named."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from graphkit.errors import InvalidInputError
from graphkit.generate import generate_social_graph
from graphkit.store import open_store
from graphkit.store._row_groups import read_tie_arrays
from graphkit.store._tables import graph_from_tables
from tests.store.test_graph_file import assert_same_graph


def _older_store(folder, users: pd.DataFrame, ties: pd.DataFrame, *, directed: bool, row_group_size: int):
    """A store as graphkit wrote it before graph files: meta.json and two Parquet tables."""
    folder.mkdir(exist_ok=True)
    pq.write_table(pa.Table.from_pandas(users, preserve_index=False), folder / "users.3.parquet")
    pq.write_table(pa.Table.from_pandas(ties, preserve_index=False), folder / "ties.3.parquet",
                   row_group_size=row_group_size)
    meta = {"format": "graphkit-parquet-store", "schema_version": 1, "directed": directed, "generation": 3,
            "tables": {"users": "users.3.parquet", "ties": "ties.3.parquet"}}
    (folder / "meta.json").write_text(json.dumps(meta))
    return open_store(folder)


def _tables(directed: bool, n_users: int = 400):
    graph = generate_social_graph(n_users=n_users, mean_degree=6, directed=directed, rng=11)
    ties = graph.ties.assign(
        source=graph.node_ids[graph.ties["source"]], target=graph.node_ids[graph.ties["target"]]
    )
    ties["tie"] = ties["tie"].astype(str)
    ties["labelled_by"] = ties["labelled_by"].astype(str)
    ties["p"] = np.where(np.arange(len(ties)) % 4 == 0, np.nan, np.linspace(0.0, 1.0, len(ties)))
    ties["count"] = np.arange(len(ties)) % 5
    return graph.users.assign(age=np.arange(graph.n_nodes) % 60), ties


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("shuffled", [False, True])
def test_row_groups_give_the_graph_the_tables_give(tmp_path, directed, shuffled):
    users, ties = _tables(directed)
    if shuffled:  # users and ties in no order: the graph still has users by id, ties by (source, target)
        users = users.sample(frac=1.0, random_state=1).reset_index(drop=True)
        ties = ties.sample(frac=1.0, random_state=2).reset_index(drop=True)
    store = _older_store(tmp_path, users, ties, directed=directed, row_group_size=61)
    assert pq.ParquetFile(tmp_path / "ties.3.parquet").metadata.num_row_groups > 10
    graph = store.read_graph()
    assert not isinstance(graph._ties, pd.DataFrame)  # tables made on first use
    assert_same_graph(graph, graph_from_tables(users, ties, directed=directed))


def test_ties_without_weight_p_or_labels_take_the_defaults(tmp_path):
    users, ties = _tables(True)
    ties = ties[["source", "target", "tie"]]
    graph = _older_store(tmp_path, users, ties, directed=True, row_group_size=50).read_graph()
    assert_same_graph(graph, graph_from_tables(users, ties, directed=True))
    assert set(graph.ties["labelled_by"]) == {"input"} and np.all(graph.arc_weight == 1.0)


def test_users_without_ties(tmp_path):
    users = pd.DataFrame({"id": ["b", "a", "c"]})
    folder = tmp_path / "s"
    folder.mkdir()
    pq.write_table(pa.Table.from_pandas(users, preserve_index=False), folder / "users.1.parquet")
    meta = {"format": "graphkit-parquet-store", "schema_version": 1, "directed": True, "generation": 1,
            "tables": {"users": "users.1.parquet"}}
    (folder / "meta.json").write_text(json.dumps(meta))
    graph = open_store(folder).read_graph()
    assert graph.node_ids.tolist() == ["a", "b", "c"] and graph.n_ties == 0 and len(graph.ties) == 0


def test_one_thread_and_several_read_the_same_arrays(tmp_path):
    users, ties = _tables(True, n_users=1000)
    _older_store(tmp_path, users, ties, directed=True, row_group_size=128)
    index = pd.Index(np.sort(users["id"].to_numpy()))
    one, several = (
        read_tie_arrays(pa.memory_map(str(tmp_path / "ties.3.parquet")), index, threads=threads)
        for threads in (1, 4)
    )
    for a, b in zip(one, several):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True)
    assert len(one.source) == len(ties)


@pytest.mark.parametrize(
    ("column", "value", "field", "words"),
    [
        ("target", "nobody", "target", "'nobody' is not a user of the store, in row 150"),
        ("source", None, "source", "tie source is missing, in row 150"),
        ("tie", "close", "tie", "got 'close' in row 150"),
        ("weight", -2.0, "weight", "got -2.0 in row 150"),
        ("p", 1.5, "p", "got 1.5 in row 150"),
    ],
)
def test_a_bad_tie_is_named_by_row_and_field(tmp_path, column, value, field, words):
    users, ties = _tables(True)
    ties = ties.astype({column: object})
    ties.loc[150, column] = value
    store = _older_store(tmp_path, users, ties, directed=True, row_group_size=64)
    with pytest.raises(InvalidInputError) as raised:
        store.read_graph()
    assert raised.value.field == field and words in str(raised.value)
    assert str(raised.value).startswith(f"{tmp_path / 'ties.3.parquet'}, field")
    assert str(raised.value).count("field ") == 1
