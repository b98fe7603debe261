"""Tie columns of an Arrow table as the numpy arrays SocialGraph is built from.

Numbers come out of their Arrow buffers without copies where numpy can share them; user ids in
``source``/``target`` are looked up in the users' ids once (hashing in Arrow, no Python objects),
and tie kinds become int8 codes into ``TIE_KINDS`` through their dictionary.

Examples
--------
>>> import pyarrow as pa
>>> from graphkit._arrow_columns import arrow_tie_arrays
>>> ties = pa.table({"source": ["b", "a"], "target": ["a", "c"], "tie": ["weak", "strong"]})
>>> source, target, kind, weight, p = arrow_tie_arrays(ties, pa.chunked_array([["a", "b", "c"]]))
>>> source.tolist(), target.tolist(), kind.tolist(), weight
([1, 0], [0, 2], [1, 0], None)
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from graphkit._graph_tables import TIE_KINDS
from graphkit.errors import InvalidInputError

__all__ = ["arrow_ids", "arrow_tie_arrays", "numpy_of", "strings_at"]


def arrow_ids(ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """User ids as one Arrow string array, checked as :func:`graphkit._graph_tables.validate_ids`
    checks them (unique strings, none missing), without making a Python string of each.

    Examples
    --------
    >>> arrow_ids(pa.chunked_array([["a", "b"], ["c"]])).to_pylist()
    ['a', 'b', 'c']
    >>> arrow_ids(pa.array(["a", "b", "a"]))
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: field 'id': user id 'a' appears more than once
    """
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    if ids.null_count:
        raise InvalidInputError(f"user id is missing in row {_first_null(ids)}", field="id")
    if len(ids) and not (pa.types.is_string(ids.type) or pa.types.is_large_string(ids.type)):
        raise InvalidInputError("user ids must be strings", field="id")
    ascending = len(ids) < 2 or pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py()
    if not ascending and pc.count_distinct(ids).as_py() < len(ids):  # sorted ids (a store's) skip the hashing
        counts = pc.value_counts(ids)
        duplicate = counts.field("values").filter(pc.greater(counts.field("counts"), 1))[0].as_py()
        raise InvalidInputError(f"user id {duplicate!r} appears more than once", field="id")
    return ids


def arrow_tie_arrays(
    ties: pa.Table, ids: pa.ChunkedArray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """``(source, target, kind, weight, p)`` of ``ties``; weight and p None where the table has none."""
    for column in ("source", "target", "tie"):
        if column not in ties.column_names:
            raise InvalidInputError(f"ties table has no {column!r} column")
    known = ids.combine_chunks()
    source, target = (_node_indices(ties.column(name), known, name) for name in ("source", "target"))
    return source, target, _kind_codes(ties.column("tie")), _floats(ties, "weight"), _floats(ties, "p")


def strings_at(strings: pa.Array, positions: np.ndarray | None = None) -> np.ndarray:
    """The Python strings of ``strings`` (at ``positions``, when given) as a numpy object array, made
    without pandas (which pyarrow's ``to_numpy`` and ``pa.array`` import).

    Examples
    --------
    >>> strings_at(pa.array(["a", "b", "c"]), np.array([2, 0])).tolist()
    ['c', 'a']
    """
    if positions is not None:
        positions = np.ascontiguousarray(positions, dtype=np.int64)
        strings = strings.take(pa.Array.from_buffers(pa.int64(), len(positions), [None, pa.py_buffer(positions)]))
    out = np.empty(len(strings), dtype=object)
    out[:] = strings.to_pylist()
    return out


def numpy_of(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """``column`` as numpy: a read-only view of the buffer of a number column without nulls (no copy,
    and unlike pyarrow's ``to_numpy``, no import of pandas), else a copy.

    Examples
    --------
    >>> numpy_of(pa.chunked_array([pa.array([1, 2, 3], pa.int32()).slice(1)])).tolist()
    [2, 3]
    >>> numpy_of(pa.array([1.5])).flags.writeable
    False
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    kind = column.type
    if column.null_count or not (pa.types.is_integer(kind) or pa.types.is_floating(kind)):
        return column.to_numpy(zero_copy_only=False)
    dtype = np.dtype(kind.to_pandas_dtype())
    data = column.buffers()[1]
    view = np.empty(0, dtype=dtype) if data is None else (  # an empty column may have no buffer
        np.frombuffer(data, dtype=dtype, count=len(column), offset=column.offset * dtype.itemsize))
    view.flags.writeable = False  # Arrow's memory is shared: never written through numpy
    return view


def _first_null(column: pa.ChunkedArray | pa.Array) -> int:
    return pc.index(pc.is_null(column), True).as_py()


def _node_indices(column: pa.ChunkedArray, known: pa.Array, name: str) -> np.ndarray:
    if column.null_count:
        raise InvalidInputError(f"ties.{name} is missing in row {_first_null(column)}", field=name)
    if pa.types.is_integer(column.type):
        return numpy_of(column)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        raise InvalidInputError(
            f"ties.{name} must hold node indices (integers) or user ids (strings)", field=name
        )
    indices = pc.index_in(column, value_set=known)
    if indices.null_count:
        row = _first_null(indices)
        raise InvalidInputError(
            f"ties.{name} names user {column[row].as_py()!r} (row {row}), not in users", field=name
        )
    return numpy_of(indices)


def _kind_codes(column: pa.ChunkedArray) -> np.ndarray:
    if pa.types.is_integer(column.type):
        if column.null_count:
            raise InvalidInputError(f"tie is missing in row {_first_null(column)}", field="tie")
        return numpy_of(column)
    kinds = pa.array(TIE_KINDS)
    parts = []
    for chunk in column.chunks:
        if pa.types.is_dictionary(chunk.type):
            lookup = numpy_of(pc.fill_null(pc.index_in(chunk.dictionary, value_set=kinds), -1))
            positions = numpy_of(pc.fill_null(chunk.indices.cast(pa.int64()), -1))
            parts.append(np.where(positions >= 0, lookup[np.maximum(positions, 0)], -1))
        else:
            parts.append(numpy_of(pc.fill_null(pc.index_in(chunk, value_set=kinds), -1)))
    codes = np.concatenate(parts) if parts else np.empty(0, np.int64)
    bad = codes < 0
    if bad.any():
        row = int(np.argmax(bad))
        raise InvalidInputError(
            f"tie must be 'strong' or 'weak', got {column[row].as_py()!r} in row {row}", field="tie"
        )
    return codes.astype(np.int8)


def _floats(ties: pa.Table, name: str) -> np.ndarray | None:
    if name not in ties.column_names:
        return None
    try:
        return numpy_of(ties.column(name).cast(pa.float64()))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        raise InvalidInputError(f"ties.{name} must hold numbers: {error}", field=name) from error
