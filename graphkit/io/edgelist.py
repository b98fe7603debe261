"""SNAP-style edge lists: ``source target [value]`` separated by whitespace, one tie per line.

Lines starting with ``#`` or ``%`` and blank lines are skipped; ``.gz`` files are read directly and
CRLF line endings are fine. Ids are kept as str. The first data line decides whether there is a
third column, a number > 0; every line must then have as many fields. The third column is the
tie's ``weight`` (default) or, with ``third_column="count"``, its interaction ``count`` (how many
mentions, replies or retweets, as in Higgs' weighted lists), which tie labelling reads.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "edges.txt"
>>> _ = path.write_bytes(b"# Nodes: 3 Edges: 2\\r\\n0\\t1\\r\\n1\\t2\\r\\n")
>>> read_edge_list(path).reset_index().values.tolist()
[[2, '0', '1'], [3, '1', '2']]
>>> _ = path.write_text("a b 4\\nb a 1\\n")
>>> read_edge_list(path, third_column="count").to_dict("list")
{'source': ['a', 'b'], 'target': ['b', 'a'], 'count': [4.0, 1.0]}
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io._text import read_whitespace_rows
from graphkit.io._validate import check_ids, check_positive

__all__ = ["THIRD_COLUMNS", "read_edge_list"]

THIRD_COLUMNS = ("weight", "count")


def read_edge_list(path: str | Path, *, third_column: Literal["weight", "count"] = "weight") -> pd.DataFrame:
    """Read a whitespace-separated edge list.

    Parameters
    ----------
    path : str or Path
        Text file, optionally gzipped (``.gz``), UTF-8.
    third_column : {"weight", "count"}, default "weight"
        What a third column holds: the tie's weight, or its interaction count.

    Returns
    -------
    DataFrame
        ``source``, ``target`` (str) and, when the file has a third column, ``weight`` or
        ``count`` (float64); indexed by the physical line of each edge (named ``line``).

    Raises
    ------
    InvalidInputError
        With path and line: an empty file, a non-UTF-8 byte, a line with a different number of
        fields than the first, or (field ``weight`` / ``count``) a value that is not a number > 0.
    """
    if third_column not in THIRD_COLUMNS:
        raise InvalidInputError(f"third_column must be one of {', '.join(map(repr, THIRD_COLUMNS))}, got {third_column!r}")
    return _read_edge_list(Path(path), third_column)[0]


def _read_edge_list(path: Path, third_column: str = "weight") -> tuple[pd.DataFrame, int]:
    tokens, row_lines, skipped = read_whitespace_rows(path, n_fields=(2, 3))
    index = pd.Index(row_lines, name="line")
    table = pd.DataFrame({"source": tokens[:, 0], "target": tokens[:, 1]}, index=index)
    for column in ("source", "target"):
        table[column] = check_ids(table, column, path)
    if tokens.shape[1] == 3:
        table[third_column] = tokens[:, 2]
        table[third_column] = check_positive(table, third_column, path)
    return table, skipped
