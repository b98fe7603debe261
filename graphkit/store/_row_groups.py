"""The graph of a Parquet store without a graph file, read by row groups in parallel.

A store written before graph files existed (or whose ties are not in node order) keeps only
``users.<generation>.parquet`` and ``ties.<generation>.parquet``. Its graph is read here: the
ties file's row groups are read by a pool of threads, each with ``source`` and ``target`` still
dictionary-encoded (as Parquet stores them), so an id is looked up once per row group and
dictionary entry rather than once per tie, and Arrow decodes outside the GIL. The row groups'
arrays are joined in file order and the graph is built by :meth:`SocialGraph.from_arrays`, with
the same node and tie order as :func:`graph_from_tables` gives (users by id, ties by source and
target); the users and ties tables are read on first use.

Examples
--------
>>> import pandas as pd, pyarrow as pa, pyarrow.parquet as pq
>>> sink = pa.BufferOutputStream()
>>> ties = pa.table({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "strong"]})
>>> pq.write_table(ties, sink, row_group_size=1)
>>> arrays = read_tie_arrays(pa.BufferReader(sink.getvalue()), pd.Index(["a", "b", "c"]))
>>> arrays.source.tolist(), arrays.target.tolist(), arrays.kind.tolist()
([0, 1], [1, 2], [1, 0])
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from graphkit._arcs import arc_order, in_order
from graphkit._graph_tables import TieArrays, tie_codes, validate_ids
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_tables_graph", "read_tie_arrays"]

_ENDS = ("source", "target")
_BASE = (*_ENDS, "tie", "weight", "p")


def read_tables_graph(
    files: dict[str, pa.NativeFile],
    directed: bool,
    read: Callable[[str, pa.NativeFile, list[str] | None], pd.DataFrame],
    *,
    ties_path: str | None = None,
    threads: int | None = None,
) -> SocialGraph | None:
    """The graph of the ``files`` ("users", and "ties" unless there are none) of one store version.

    ``read(table, file, columns)`` reads a Parquet table (for the tables made on first use);
    ``ties_path`` names the ties file in errors; ``threads`` read row groups (default: one per
    core). None when there are no users.
    """
    import pandas as pd
    users_file = pq.ParquetFile(files["users"])
    if "id" not in users_file.schema_arrow.names or not users_file.metadata.num_rows:
        return None
    ids = users_file.read(columns=["id"]).column(0).to_numpy(zero_copy_only=False)
    validate_ids(ids)  # unique strings, none missing, before they are sorted
    by_id = np.argsort(ids, kind="stable")
    node_ids = ids[by_id]
    has_ties = "ties" in files and "source" in pq.ParquetFile(files["ties"]).schema_arrow.names
    if has_ties:
        arrays = read_tie_arrays(files["ties"], pd.Index(node_ids), path=ties_path, threads=threads)
        rest = [name for name in pq.ParquetFile(files["ties"]).schema_arrow.names if name not in _BASE]
    else:
        arrays, rest = _no_ties(), []
    in_place = in_order(arrays.source, arrays.target)
    if not in_place:
        order = arc_order(arrays.source, arrays.target, len(node_ids))
        arrays = TieArrays(*(column[order] for column in arrays))

    def users() -> pd.DataFrame:
        return read("users", files["users"], None).iloc[by_id].reset_index(drop=True)

    def ties() -> pd.DataFrame:
        table = read("ties", files["ties"], rest) if has_ties else pd.DataFrame(index=range(0))
        return table if in_place else table.iloc[order].reset_index(drop=True)

    return SocialGraph.from_arrays(
        node_ids, *arrays[:3], weight=arrays.weight, p=arrays.p, directed=directed, users=users, ties=ties,
        check_values=False,  # checked by row group
    )


def read_tie_arrays(
    source: pa.NativeFile, node_index: pd.Index, *, path: str | None = None, threads: int | None = None
) -> TieArrays:
    """The ties of a Parquet file as arrays over the positions of ``node_index``, in file order.

    Raises
    ------
    InvalidInputError
        Naming the file (``path``), row and field of the first tie whose end is not in
        ``node_index`` or whose kind, weight or p is not one a graph takes.
    """
    source.seek(0)
    buffer = source.read_buffer()
    metadata = pq.ParquetFile(pa.BufferReader(buffer)).metadata
    sizes = [metadata.row_group(group).num_rows for group in range(metadata.num_row_groups)]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)

    def one(group: int) -> TieArrays:
        return _row_group(buffer, metadata, group, starts[group], node_index, path)

    workers = max(1, min(threads or os.cpu_count() or 1, metadata.num_row_groups))
    with ThreadPoolExecutor(workers) as pool:
        parts = list(pool.map(one, range(metadata.num_row_groups)))
    return TieArrays(*(np.concatenate(columns) for columns in zip(*parts))) if parts else _no_ties()


def _no_ties() -> TieArrays:
    return TieArrays(*(np.empty(0, dtype) for dtype in (np.int32, np.int32, np.int8, np.float64, np.float64)))


def _row_group(
    buffer: pa.Buffer, metadata: pq.FileMetaData, group: int, first_row: int, node_index: pd.Index,
    path: str | None,
) -> TieArrays:
    """Row group ``group`` (whose first row is ``first_row`` of the file) as checked arrays."""
    file = pq.ParquetFile(pa.BufferReader(buffer), metadata=metadata, read_dictionary=[*_ENDS, "tie"])
    names = [name for name in _BASE if name in file.schema_arrow.names]
    table = file.read_row_group(group, columns=names)
    ends = [_positions(table.column(name), node_index, name, first_row, path) for name in _ENDS]
    kinds = _decoded(table.column("tie"))
    try:
        kind = tie_codes(kinds)
    except InvalidInputError as error:
        raise InvalidInputError(_shifted(error.reason, first_row), path=path, field="tie") from None
    weight = _floats(table, "weight", 1.0)
    bad = ~(weight > 0) | ~np.isfinite(weight)
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"weight must be a finite number > 0, got {float(weight[row])!r} in row {first_row + row}",
            path=path,
            field="weight",
        )
    p = _floats(table, "p", np.nan)
    bad = ~np.isnan(p) & ~((p >= 0.0) & (p <= 1.0))
    if bad.any():
        row = int(np.argmax(bad))
        message = f"p must be in [0, 1], got {float(p[row])!r} in row {first_row + row}"
        raise InvalidInputError(message, path=path, field="p")
    return TieArrays(*ends, kind, weight, p)


def _positions(
    column: pa.ChunkedArray, node_index: pd.Index, name: str, first_row: int, path: str | None
) -> np.ndarray:
    """The node index of each id of ``column``, looking up each dictionary entry once."""
    parts, offset = [], first_row
    for chunk in column.chunks:
        if not isinstance(chunk, pa.DictionaryArray):
            chunk = chunk.dictionary_encode()
        found = node_index.get_indexer(chunk.dictionary.to_numpy(zero_copy_only=False)).astype(np.int32)
        codes = chunk.indices.fill_null(-1).to_numpy()
        positions = found[np.maximum(codes, 0)] if len(found) else np.full(len(codes), -1, np.int32)
        positions[codes < 0] = -1
        missing = positions < 0
        if missing.any():
            row = int(np.argmax(missing))
            value = chunk[row].as_py()
            what = "is missing" if value is None else f"{value!r} is not a user of the store"
            raise InvalidInputError(f"tie {name} {what}, in row {offset + row}", path=path, field=name)
        parts.append(positions.astype(np.int32, copy=False))
        offset += len(chunk)
    return np.concatenate(parts) if parts else np.empty(0, np.int32)


def _decoded(column: pa.ChunkedArray) -> pd.Series:
    import pandas as pd
    return pd.Series(column.to_pandas(), dtype=object) if len(column) else pd.Series([], dtype=object)


def _floats(table: pa.Table, name: str, default: float) -> np.ndarray:
    import pandas as pd
    if name not in table.column_names:
        return np.full(table.num_rows, default)
    return pd.to_numeric(table.column(name).to_pandas(), errors="coerce").to_numpy(np.float64)


def _shifted(message: str, first_row: int) -> str:
    """``message`` with its "in row N" counted from the file's first row, not the row group's."""
    head, _, row = message.rpartition(" in row ")
    return f"{head} in row {first_row + int(row)}" if row.isdigit() else message
