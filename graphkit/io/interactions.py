"""Interaction logs (one row per message, mention or reply) and their aggregation into ties.

A log is either a table (CSV/TSV/Parquet with columns ``source``, ``target``, ``timestamp`` and
optionally ``kind``) or a whitespace-separated text file ``SRC DST TIMESTAMP [KIND]`` such as
SNAP's CollegeMsg; in text files a first line whose third field is not a number is a header and
is skipped. Timestamps are Unix seconds, or ISO-8601 date-times in tables.

:func:`aggregate_interactions` turns the log into one row per tie with the evidence that tie
strength is read from (Granovetter 1973; Gilbert & Karahalios 2009): how many messages, whether
both sides wrote, and when the first and last were sent.

Examples
--------
>>> import pandas as pd
>>> log = pd.DataFrame({"source": ["a", "b", "a", "a"], "target": ["b", "a", "b", "c"],
...                     "timestamp": [10, 20, 30, 40]}, index=pd.Index([2, 3, 4, 5], name="line"))
>>> ties = aggregate_interactions(log, directed=True)
>>> ties[["source", "target", "count", "count_back", "reciprocal", "last_seen"]].values.tolist()
[['a', 'b', 2, 1, True, 30], ['b', 'a', 1, 2, True, 20], ['a', 'c', 1, 0, False, 40]]
>>> aggregate_interactions(log, directed=False)[["source", "target", "count", "count_back"]].values.tolist()
[['a', 'b', 3, 1], ['a', 'c', 1, 0]]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.io._text import read_whitespace_rows, table_suffix
from graphkit.io._validate import check_ids, check_timestamps, require_columns
from graphkit.io.tables import read_table

__all__ = ["read_interactions", "aggregate_interactions"]


def read_interactions(path: str | Path) -> pd.DataFrame:
    """Read an interaction log, one row per message.

    Parameters
    ----------
    path : str or Path
        ``.csv``/``.tsv`` (optionally ``.gz``) or ``.parquet`` table with columns ``source``,
        ``target``, ``timestamp`` [, ``kind``, others kept]; any other name is read as
        whitespace-separated text ``SRC DST TIMESTAMP [KIND]`` (comments ``#``/``%``, ``.gz``,
        CRLF and a header line are accepted).

    Returns
    -------
    DataFrame
        ``source``, ``target`` (str), ``timestamp`` (Unix seconds) [, ``kind``], indexed by line.

    Raises
    ------
    InvalidInputError
        With path, line and field for the first bad row.
    """
    return _read_interactions(Path(path))[0]


def _is_header(tokens: list[str]) -> bool:
    """A first line of 3-4 fields whose third (the time) is not a number, like ``src dst time``."""
    if len(tokens) not in (3, 4):
        return False
    try:
        float(tokens[2])
    except ValueError:
        return True
    return False


def _read_interactions(path: Path) -> tuple[pd.DataFrame, int]:
    if table_suffix(path) is not None:
        table = read_table(path, text_columns=("source", "target", "kind"))
        require_columns(table, ("source", "target", "timestamp"), path, "an interaction log")
        skipped = 0
    else:
        tokens, row_lines, skipped = read_whitespace_rows(path, n_fields=(3, 4), is_header=_is_header)
        names = ["source", "target", "timestamp", "kind"][: tokens.shape[1]]
        table = pd.DataFrame(dict(zip(names, tokens.T)), index=pd.Index(row_lines, name="line"))
    for column in ("source", "target"):
        table[column] = check_ids(table, column, path)
    table["timestamp"] = check_timestamps(table, "timestamp", path, required=True)
    return table, skipped


def aggregate_interactions(events: pd.DataFrame, *, directed: bool) -> pd.DataFrame:
    """One row per tie from an interaction log.

    Parameters
    ----------
    events : DataFrame
        ``source``, ``target``, ``timestamp`` [, ``kind``], as from :func:`read_interactions`
        (its index, the line of each event, is carried over: each tie is indexed by the line of
        its first event).
    directed : bool
        True: one tie per ordered pair (source -> target). False: one tie per unordered pair,
        oriented as its first event.

    Returns
    -------
    DataFrame
        In order of each tie's first event: ``source``, ``target``, ``count`` (messages on this
        tie: source -> target if directed, both ways if not), ``count_forward`` (undirected only:
        messages source -> target), ``count_back`` (messages target -> source), ``reciprocal``
        (``count_back > 0``; False for a self-loop), ``first_seen``, ``last_seen`` (timestamps
        of the tie's messages), ``kinds`` (sorted distinct kinds joined by ",", when the log has
        ``kind``) and ``weight`` (= ``count``, float).

    Raises
    ------
    InvalidInputError
        If a required column is missing.
    """
    for column in ("source", "target", "timestamp"):
        if column not in events.columns:
            raise InvalidInputError(f"events need a {column!r} column", field=column)
    n_events = len(events)
    codes, ids = pd.factorize(np.concatenate([events["source"].to_numpy(), events["target"].to_numpy()]))
    n = max(len(ids), 1)
    source, target = codes[:n_events].astype(np.int64), codes[n_events:].astype(np.int64)
    if directed:
        key = source * n + target
    else:
        key = np.minimum(source, target) * n + np.maximum(source, target)
    frame = pd.DataFrame(
        {"key": key, "source": source, "target": target, "timestamp": events["timestamp"].to_numpy(),
         "line": events.index.to_numpy()}
    )
    grouped = frame.groupby("key", sort=False)
    ties = grouped.agg(
        source=("source", "first"),
        target=("target", "first"),
        count=("timestamp", "size"),
        first_seen=("timestamp", "min"),
        last_seen=("timestamp", "max"),
        line=("line", "first"),
    )
    loop = (ties["source"] == ties["target"]).to_numpy()
    if directed:
        reverse = ties["target"].to_numpy() * n + ties["source"].to_numpy()
        back = ties["count"].reindex(reverse).fillna(0).to_numpy(np.int64)
        back[loop] = 0
        columns = {"count": ties["count"].to_numpy(np.int64), "count_back": back}
    else:
        first_source = grouped["source"].transform("first").to_numpy()
        forward = pd.Series(source == first_source).groupby(key, sort=False).sum().reindex(ties.index)
        forward = forward.to_numpy(np.int64)
        total = ties["count"].to_numpy(np.int64)
        columns = {"count": total, "count_forward": forward, "count_back": total - forward}
    table = pd.DataFrame(
        {"source": ids[ties["source"].to_numpy()], "target": ids[ties["target"].to_numpy()], **columns},
        index=pd.Index(ties["line"].to_numpy(), name="line"),
    )
    table["reciprocal"] = (table["count_back"] > 0) & ~loop
    table["first_seen"] = ties["first_seen"].to_numpy()
    table["last_seen"] = ties["last_seen"].to_numpy()
    if "kind" in events.columns:
        kinds = (
            pd.DataFrame({"key": key, "kind": events["kind"].astype(str).to_numpy()})
            .drop_duplicates()
            .sort_values("kind")
            .groupby("key", sort=False)["kind"]
            .agg(",".join)
        )
        table["kinds"] = kinds.reindex(ties.index).to_numpy()
    table["weight"] = table["count"].astype(np.float64)
    return table
