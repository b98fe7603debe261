"""SNAP-style edge lists: ``source target [weight]`` separated by whitespace, one tie per line.

Lines starting with ``#`` or ``%`` and blank lines are skipped; ``.gz`` files are read directly and
CRLF line endings are fine. Ids are kept as str. The first data line decides whether there is a
third column (``weight``, a number > 0); every line must then have as many fields.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "edges.txt"
>>> _ = path.write_bytes(b"# Nodes: 3 Edges: 2\\r\\n0\\t1\\r\\n1\\t2\\r\\n")
>>> read_edge_list(path).reset_index().values.tolist()
[[2, '0', '1'], [3, '1', '2']]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from graphkit.io._text import read_whitespace_rows
from graphkit.io._validate import check_ids, check_positive

__all__ = ["read_edge_list"]


def read_edge_list(path: str | Path) -> pd.DataFrame:
    """Read a whitespace-separated edge list.

    Parameters
    ----------
    path : str or Path
        Text file, optionally gzipped (``.gz``), UTF-8.

    Returns
    -------
    DataFrame
        ``source``, ``target`` (str) and, when the file has a third column, ``weight`` (float64);
        indexed by the physical line of each edge (named ``line``).

    Raises
    ------
    InvalidInputError
        With path and line: an empty file, a non-UTF-8 byte, a line with a different number of
        fields than the first, or (field ``weight``) a weight that is not a number > 0.
    """
    return _read_edge_list(Path(path))[0]


def _read_edge_list(path: Path) -> tuple[pd.DataFrame, int]:
    tokens, row_lines, skipped = read_whitespace_rows(path, n_fields=(2, 3))
    index = pd.Index(row_lines, name="line")
    table = pd.DataFrame({"source": tokens[:, 0], "target": tokens[:, 1]}, index=index)
    for column in ("source", "target"):
        table[column] = check_ids(table, column, path)
    if tokens.shape[1] == 3:
        table["weight"] = tokens[:, 2]
        table["weight"] = check_positive(table, "weight", path)
    return table, skipped
