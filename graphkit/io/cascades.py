"""Observed cascades from files, over the node indices of a SocialGraph, with a report of every drop.

:func:`read_cascades` reads who adopted what and when in one of three formats:

``"table"``
    A CSV/TSV (optionally ``.gz``) or Parquet table, one row per adoption, with the columns
    ``cascade`` (the cascade's name), ``user``, ``time`` and optionally ``parent`` (the user the
    adopter got it from; an empty cell means unknown). Rows of a cascade need not be adjacent;
    cascades come in order of first appearance. Other columns are ignored.
``"root-pairs"``
    One cascade per line, ``root u1 t1 u2 t2 ...`` separated by whitespace (the Topo-LSTM /
    DeepHawkes release format): the root is the original poster, whose time is not in the file;
    it adopts ``root_offset`` time units before the line's earliest adopter.
``"pairs"``
    One cascade per line of ``user,time`` tokens separated by whitespace (no root).

In the two line formats a cascade is named ``line N`` after its physical line (1-based; blank
lines and lines starting with ``#`` or ``%`` are skipped but counted), ``.gz`` files are read
directly and CRLF endings are fine. ``format="auto"`` picks the format as follows: a ``.parquet``
/ ``.pq`` file is a table; so is a ``.csv`` / ``.tsv`` file whose first line names a ``cascade``,
``user`` or ``time`` column. Otherwise the first data line decides: every token ``user,time``
(one comma each) means ``"pairs"``, no comma at all means ``"root-pairs"``; anything else is an
error asking for ``format=``.

Rules, the same in every format: a time is a finite number (any unit; a cascade's times may come
in any order and are sorted, ties kept in file order); a user who adopts twice in one cascade
keeps the earliest time (the later adoptions are dropped and counted; a root that also appears as
an adopter keeps the root's time); user ids obey the store limits
(:mod:`graphkit.store.limits`). A known ``parent`` must adopt in the same cascade *before* the
user: at an earlier time, or at the same time on an earlier row; so in the
:class:`~graphkit.cascades.Cascades` a known parent always sits on an earlier row of its cascade.
Adopters not in the graph are dropped and counted (``unknown_users="drop"``), or stop the read
(``"error"``); a parent that is not in the graph becomes unknown (-1). Cascades left empty by
these drops are kept, so cascade ``c`` is the ``c``-th cascade of the file.

Every bad row or line stops the read with one :class:`~graphkit.errors.InvalidInputError` naming
the file, the line and the field (``cascade``, ``root``, ``user``, ``time`` or ``parent``).

Examples
--------
>>> import tempfile, pathlib
>>> import pandas as pd
>>> from graphkit.graph import SocialGraph
>>> graph = SocialGraph.from_tables(pd.DataFrame(
...     {"source": ["ann", "bob", "cat"], "target": ["bob", "cat", "dan"], "tie": "weak"}), directed=True)
>>> path = pathlib.Path(tempfile.mkdtemp()) / "train.txt"
>>> _ = path.write_text("ann bob 20 cat 10\\nbob dan 5 zoe 7 dan 9\\n")
>>> cascades, report = read_cascades(path, graph)
>>> cascades.names.tolist(), cascades.ptr.tolist()
(['line 1', 'line 2'], [0, 3, 5])
>>> graph.node_ids[cascades.node].tolist(), cascades.time.tolist()
(['ann', 'cat', 'bob', 'bob', 'dan'], [9.0, 10.0, 20.0, 4.0, 5.0])
>>> print(report)  # doctest: +ELLIPSIS
Read 2 cascades with 7 adoptions (2 roots, each 1 time unit before its first adopter) from ...train.txt as root-pairs; 0 blank/comment lines skipped.
Repeated adoptions dropped (a user's earliest time kept): 1.
Adopters not in the graph (drop): 1 adoptions dropped, 1 distinct users.
Kept 5 adoptions: 0 cascades left empty, 0 with one adopter.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.io._cascade_lines import first_line, read_line_rows
from graphkit.io._cascade_rows import CascadeRows
from graphkit.io._cascade_table import read_table_rows
from graphkit.io._policies import choose
from graphkit.io._text import read_bytes, table_suffix
from graphkit.io.cascade_report import CascadeReport
from graphkit.store.limits import id_problem

__all__ = ["read_cascades", "CascadeReport", "CASCADE_FORMATS"]

CASCADE_FORMATS = ("table", "root-pairs", "pairs")
"""The cascade file formats :func:`read_cascades` reads (see the module docstring)."""

_UNKNOWN_USERS = ("drop", "error")
_TABLE_HEADER_NAMES = {"cascade", "user", "time"}


def read_cascades(
    path: str | Path,
    graph: SocialGraph,
    *,
    format: Literal["auto", "table", "root-pairs", "pairs"] = "auto",
    unknown_users: Literal["drop", "error"] = "drop",
    root_offset: float = 1.0,
) -> tuple[Cascades, CascadeReport]:
    """Read observed cascades from a file, over ``graph``'s node indices.

    Parameters
    ----------
    path : str or Path
        The file (see the module docstring for the formats).
    graph : SocialGraph
        The graph whose users the adopters are; ids are matched as strings.
    format : {"auto", "table", "root-pairs", "pairs"}, default "auto"
        How to read ``path``; "auto" decides from the suffix, the header and the first data line
        (see the module docstring).
    unknown_users : {"drop", "error"}, default "drop"
        An adopter (or root) not in the graph: drop that adoption and count it, or stop with the
        file, line and field (``user``, or ``root``) of the first such adoption in the file.
    root_offset : float, default 1.0
        "root-pairs" only: the root adopts this many time units (>= 0) before the first adopter.

    Returns
    -------
    cascades : Cascades
        One cascade per cascade of the file, in file order (empty ones included).
    report : CascadeReport

    Raises
    ------
    InvalidInputError
        For a bad argument (naming it and the allowed values), or a bad row or line, with path,
        line and field; nothing is returned then.
    """
    choose("format", format, ("auto", *CASCADE_FORMATS))
    choose("unknown_users", unknown_users, _UNKNOWN_USERS)
    if isinstance(root_offset, bool) or not isinstance(root_offset, (int, float)) or not (
        math.isfinite(root_offset) and root_offset >= 0
    ):
        raise InvalidInputError(f"root_offset must be a finite number >= 0, got {root_offset!r}")
    if not isinstance(graph, SocialGraph):
        raise InvalidInputError(f"graph must be a SocialGraph, got {type(graph).__name__}")
    path = Path(path)
    data = None
    if format == "auto":
        format, data = _detect_format(path)
    if format == "table":
        rows = read_table_rows(path)
    else:
        data = read_bytes(path) if data is None else data
        rows = read_line_rows(path, data, rooted=format == "root-pairs", root_offset=float(root_offset))
    return _build(rows, graph, path, format, unknown_users, float(root_offset) if format == "root-pairs" else None)


# ---------------------------------------------------------------------------------- format detection
def _detect_format(path: Path) -> tuple[str, bytes | None]:
    kind = table_suffix(path)
    if kind == "parquet":
        return "table", None
    data = read_bytes(path)
    if kind is not None:
        header = first_line(data, skip_comments=False)
        sep = "," if kind == "csv" else "\t"
        if header is not None and _TABLE_HEADER_NAMES & {name.strip() for name in header[1].split(sep)}:
            return "table", None
    first = first_line(data, skip_comments=True)
    if first is None:
        raise InvalidInputError("the file is empty (no cascades)", path=path, line=1)
    commas = [token.count(",") for token in first[1].split()]
    if all(count == 1 for count in commas):
        return "pairs", data
    if not any(commas):
        return "root-pairs", data
    raise InvalidInputError(
        "cannot tell the cascade format from this line: expected 'root user time user time ...', "
        "'user,time user,time ...', or a table (.csv/.tsv/.parquet) with columns cascade, user, time; "
        "pass format='table', 'root-pairs' or 'pairs'",
        path=path,
        line=first[0],
    )


# ---------------------------------------------------------------------------------- from rows to Cascades
def _field(rows: CascadeRows, at: int) -> str:
    return "root" if rows.root[at] else "user"


def _build(
    rows: CascadeRows, graph: SocialGraph, path: Path, fmt: str, unknown_users: str, root_offset: float | None
) -> tuple[Cascades, CascadeReport]:
    n = len(rows.user)
    given = np.zeros(n, dtype=bool) if rows.parent is None else np.not_equal(rows.parent, None)
    named = rows.user if rows.parent is None else np.concatenate([rows.user, rows.parent[given]])
    codes, ids = pd.factorize(named)  # adopters' ids first, in order of first appearance
    codes = codes.astype(np.int64)
    n_ids = max(len(ids), 1)
    adopter_id = np.zeros(len(ids), dtype=bool)
    adopter_id[codes[:n]] = True
    problem = id_problem(pd.Series(ids[adopter_id], dtype=object))
    if problem is not None:
        at = int(np.argmax(codes[:n] == problem[0]))
        raise InvalidInputError(
            f"{_field(rows, at)} {problem[1]}", path=path, line=int(rows.line[at]), field=_field(rows, at)
        )
    key = rows.cascade * n_ids + codes[:n]
    order = np.lexsort((np.arange(n), rows.time, rows.cascade))  # by cascade, time, file order
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    first = ~pd.Series(key[order]).duplicated().to_numpy()  # in sorted order: a user's earliest adoption
    if given.any():
        _check_parents(rows, given, key, codes[n:], n_ids, order, first, rank, path)
    known_id = np.asarray(pd.Index(ids).isin(graph.node_ids), dtype=bool)
    node_of = np.full(len(ids), -1, dtype=np.int64)
    if known_id.any():
        node_of[known_id] = graph.indices_of(np.asarray(ids, dtype=object)[known_id])
    node = node_of[codes[:n]]
    unknown = node < 0
    if unknown_users == "error" and unknown.any():
        at = int(np.argmax(unknown))
        raise InvalidInputError(
            f"{_field(rows, at)} {rows.user[at]!r} is not in the graph; unknown_users='error' (use 'drop' to skip such adopters)",
            path=path, line=int(rows.line[at]), field=_field(rows, at),
        )
    kept = order[first & ~unknown[order]]  # kept rows, grouped by cascade and sorted by time
    parent = np.full(len(kept), -1, dtype=np.int64)
    parents_dropped = 0
    if given.any():
        parent_code = np.full(n, -1, dtype=np.int64)
        parent_code[given] = codes[n:]
        kept_code = parent_code[kept]
        has = kept_code >= 0
        parent[has] = node_of[kept_code[has]]
        parents_dropped = int((has & (parent < 0)).sum())
    n_cascades = len(rows.names)
    sizes = np.bincount(rows.cascade[kept], minlength=n_cascades)
    ptr = np.zeros(n_cascades + 1, dtype=np.int64)
    np.cumsum(sizes, out=ptr[1:])
    cascades = Cascades(
        ptr=ptr, node=node[kept], time=rows.time[kept], parent=parent, names=rows.names, n_nodes=graph.n_nodes
    )
    repeats = n - int(first.sum())
    report = CascadeReport(
        path=str(path),
        format=fmt,
        unknown_users=unknown_users,
        root_offset=root_offset,
        lines_skipped=rows.lines_skipped,
        cascades_read=n_cascades,
        adoptions_read=n,
        roots_read=int(rows.root.sum()),
        repeats_dropped=repeats,
        unknown_dropped=n - repeats - len(kept),
        unknown_distinct=int((adopter_id & (node_of < 0)).sum()),
        parents_known=int((parent >= 0).sum()),
        parents_dropped=parents_dropped,
        adoptions=len(kept),
        empty_cascades=int((sizes == 0).sum()),
        single_adopter_cascades=int((sizes == 1).sum()),
    )
    return cascades, report


def _check_parents(
    rows: CascadeRows, given: np.ndarray, key: np.ndarray, parent_codes: np.ndarray, n_ids: int,
    order: np.ndarray, first: np.ndarray, rank: np.ndarray, path: Path,
) -> None:
    """Raise at the first row (in file order) whose parent does not adopt earlier in its cascade."""
    earliest = pd.Index(key[order][first])  # each (cascade, user)'s earliest adoption ...
    earliest_row = order[first]  # ... and its row
    rows_given = np.flatnonzero(given)
    found = earliest.get_indexer(rows.cascade[rows_given] * n_ids + parent_codes)
    parent_row = np.where(found >= 0, earliest_row[np.maximum(found, 0)], -1)
    own = parent_codes == key[rows_given] - rows.cascade[rows_given] * n_ids
    bad = (found < 0) | own | (rank[np.maximum(parent_row, 0)] >= rank[rows_given])
    if not bad.any():
        return
    at = int(np.argmax(bad))
    row, name = int(rows_given[at]), rows.names[rows.cascade[rows_given[at]]]
    who = rows.parent[row]
    if own[at]:
        message = f"user {who!r} cannot be their own parent"
    elif found[at] < 0:
        message = f"parent {who!r} does not adopt in cascade {name!r}"
    else:
        before = int(parent_row[at])
        message = (
            f"parent {who!r} must adopt before {rows.user[row]!r} (time {rows.time[row]:g}) in cascade {name!r}: "
            f"it adopts at time {rows.time[before]:g} on line {int(rows.line[before])}"
        )
    raise InvalidInputError(message, path=path, line=int(rows.line[row]), field="parent")
