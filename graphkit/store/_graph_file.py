"""The embedded store's graph file: the arrays a SocialGraph is built from, read without copies.

Next to ``users.<generation>.parquet`` and ``ties.<generation>.parquet`` the Parquet store keeps
``graph.<generation>.arrow``, an uncompressed Arrow IPC file with one row per tie in the graph's
tie order: ``source`` and ``target`` node indices (int32, users in id order), ``tie`` (int8 code
into ``TIE_KINDS``), ``weight`` and ``p`` (float64, as the engines read them). Its schema metadata
names the ties file it was made from and the number of users. :func:`graph_arrays_table` makes it
when a graph is written; :func:`read_arrays_graph` memory-maps it, so opening a store costs the
user ids and the CSR build, and the pandas tables come from the Parquet files only when a command
uses ``graph.users`` or ``graph.ties``. A file that does not match the ties or users it sits with
(a store written by older graphkit, or ties that are not in node order) is not used: the store
reads its tables instead, as before.

Examples
--------
>>> import pandas as pd
>>> from graphkit.store._graph_file import graph_arrays_table
>>> users = pd.DataFrame({"id": ["a", "b", "c"]})
>>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "strong"]})
>>> table = graph_arrays_table(users, ties, "ties.1.parquet")
>>> table.column("target").to_pylist(), table.schema.metadata[b"ties"]
([1, 2], b'ties.1.parquet')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit._arcs import in_order
from graphkit._arrow_columns import numpy_of
from graphkit._graph_tables import tie_arrays
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["graph_arrays_table", "read_arrays_graph", "write_arrow"]

_BASE = ("source", "target", "tie", "weight", "p")
_DEFAULTS = {"weight": 1.0, "p": np.nan, "labelled_by": "input"}


def graph_arrays_table(users: pd.DataFrame, ties: pd.DataFrame, ties_file: str) -> pa.Table | None:
    """The graph file for a store's ``users`` (sorted by id) and ``ties`` (sorted by source, target).

    None when these tables would not make a graph as they are (an unknown or unsorted id, a value
    the graph refuses): the store then reads the tables, which says what is wrong.
    """
    import pandas as pd
    index = pd.Index(users["id"])
    if not (index.is_monotonic_increasing and index.is_unique):
        return None
    source = index.get_indexer(ties["source"])
    target = index.get_indexer(ties["target"])
    if len(source) and (min(source.min(), target.min()) < 0 or not in_order(source, target)):
        return None
    columns = {"source": source, "target": target, "tie": ties["tie"]}
    columns.update({name: ties[name] if name in ties.columns else value for name, value in _DEFAULTS.items()})
    try:
        arrays = tie_arrays(pd.DataFrame(columns), len(index))
    except InvalidInputError:
        return None
    return pa.table(dict(zip(_BASE, arrays)), metadata={"ties": ties_file, "users": str(len(index))})


def write_arrow(table: pa.Table, path) -> None:
    """Write ``table`` as an uncompressed Arrow IPC file (memory-mappable)."""
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_arrays_graph(
    files: dict[str, pa.MemoryMappedFile],
    ties_file: str,
    directed: bool,
    read: Callable[[str, pa.NativeFile, list[str] | None], pd.DataFrame],
) -> SocialGraph | None:
    """The graph from memory-mapped ``files`` ("graph", "users", "ties"), or None when the graph
    file does not belong with this ``ties_file`` and users. ``read(table, file, columns)`` reads a
    Parquet table (for the tables made on first use)."""
    arrays = pa.ipc.open_file(files["graph"]).read_all()
    users = pq.ParquetFile(files["users"])
    made_from = arrays.schema.metadata or {}
    if (
        made_from.get(b"ties") != ties_file.encode()
        or made_from.get(b"users") != str(users.metadata.num_rows).encode()
    ):
        return None
    node_ids = users.read(columns=["id"]).column(0)  # Arrow strings: Python ones when first used
    rest = [c for c in pq.ParquetFile(files["ties"]).schema_arrow.names if c not in _BASE]
    source, target, kind, weight, p = (numpy_of(arrays.column(name)) for name in _BASE)
    return SocialGraph.from_arrays(
        node_ids,
        source,
        target,
        kind,
        weight=weight,
        p=p,
        directed=directed,
        users=lambda: read("users", files["users"], None),
        ties=lambda: read("ties", files["ties"], rest),
        check_values=False,  # checked in the tables the file was made from
    )

