"""From input files to a SocialGraph, with explicit policies and a report of everything done.

:func:`read_graph_files` reads a ties file (a table, an edge list or an interaction log) and an
optional users file, applies the policies for self-loops, repeated ties and users that are in
neither the users file nor the store, labels ties without a ``tie`` value
(:func:`graphkit.io.labelling.label_ties`), and returns the graph with a :class:`LoadReport`
that counts each of those steps. Nothing is dropped, merged or created silently. A bad row stops
the whole read with ``InvalidInputError(path, line, field)`` before anything is built.

The policy steps are in :mod:`graphkit.io._policies`, the report in :mod:`graphkit.io.load_report`;
this module chains them.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "edges.txt"
>>> _ = path.write_text("# friends\\na b\\nb c\\nc a\\nb a\\nc c\\n")
>>> graph, report = read_graph_files(path, directed=False)
>>> graph.n_nodes, graph.n_ties, report.self_loops_dropped, report.duplicates_merged
(3, 3, 1, 1)
>>> graph.ties_frame()[["source", "target", "tie", "weight", "labelled_by"]].values.tolist()[0]
['a', 'b', 'strong', 2.0, 'overlap']
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.graph import STRONG, SocialGraph
from graphkit.io._policies import (
    FLOWS,
    KnownIds,
    apply_duplicates,
    apply_self_loops,
    check_options,
    choose,
    complete_users,
    turned_round,
)
from graphkit.io._text import table_suffix
from graphkit.io.edgelist import THIRD_COLUMNS, _read_edge_list
from graphkit.io.interactions import _read_interactions, aggregate_interactions
from graphkit.io.labelling import TieRule, label_ties
from graphkit.io.load_report import LoadReport
from graphkit.io.tables import read_ties, read_users

__all__ = ["LoadReport", "assemble_graph", "read_graph_files", "KnownIds"]

_FORMATS = ("auto", "table", "edgelist", "interactions")


def assemble_graph(
    ties: pd.DataFrame,
    users: pd.DataFrame | None = None,
    *,
    directed: bool,
    self_loops: Literal["drop", "keep", "error"] = "drop",
    duplicates: Literal["merge", "first", "error"] = "merge",
    unknown_users: Literal["create", "reject"] = "create",
    labelling: TieRule | None = None,
    known_ids: KnownIds | None = None,
    ties_path: str | Path | None = None,
    users_path: str | Path | None = None,
) -> tuple[SocialGraph, LoadReport]:
    """Build a SocialGraph from validated tables (as the readers return them).

    Parameters are those of :func:`read_graph_files`, except ``ties`` and ``users``, which are
    tables with external ids (str) and, when they come from a reader, the line of each row as the
    index (used in error messages with ``ties_path`` / ``users_path``).

    Returns
    -------
    (SocialGraph, LoadReport)
        The report's ``format`` is "table" and ``rows_read`` is ``len(ties)``.
    """
    check_options(directed, self_loops, duplicates, unknown_users, labelling)
    rule = TieRule() if labelling is None else labelling
    ties_path = None if ties_path is None else str(ties_path)
    users_path = None if users_path is None else str(users_path)
    for column in ("source", "target"):
        if column not in ties.columns:
            raise InvalidInputError(f"the ties table needs a {column!r} column", path=ties_path, line=1, field=column)
    rows_read = len(ties)
    table = ties.copy()
    if "weight" not in table.columns:
        table["weight"] = 1.0
    if "tie" not in table.columns:
        table["tie"] = None
    if "p" not in table.columns:
        table["p"] = np.nan
    codes, ids = pd.factorize(
        np.concatenate([table["source"].astype(str).to_numpy(), table["target"].astype(str).to_numpy()])
    )
    table["source"] = codes[:rows_read].astype(np.int64)
    table["target"] = codes[rows_read:].astype(np.int64)
    ids = np.asarray(ids, dtype=object)

    table, loops_dropped, loops_kept = apply_self_loops(table, ids, self_loops, ties_path)
    table, merged, dropped, conflicts = apply_duplicates(table, ids, duplicates, directed, ties_path)
    users_table, node_of, in_store, created = complete_users(
        table, ids, users, unknown_users, known_ids, ties_path, users_path
    )
    table["source"] = node_of[table["source"].to_numpy()]
    table["target"] = node_of[table["target"].to_numpy()]
    labelled = label_ties(table, n_nodes=len(users_table), directed=directed, rule=rule)
    graph = SocialGraph(
        users=users_table.reset_index(drop=True), ties=labelled.reset_index(drop=True), directed=directed
    )
    strong = int((graph.ties["tie"] == STRONG).sum())
    counts = graph.ties["labelled_by"].value_counts()
    report = LoadReport(
        ties_path=ties_path,
        users_path=users_path,
        format="table",
        directed=directed,
        self_loops=self_loops,
        duplicates=duplicates,
        unknown_users=unknown_users,
        rows_read=rows_read,
        lines_skipped=0,
        ties_from_rows=rows_read,
        users_read=0 if users is None else len(users),
        self_loops_dropped=loops_dropped,
        self_loops_kept=loops_kept,
        duplicates_merged=merged,
        duplicates_dropped=dropped,
        label_conflicts=conflicts,
        users_in_store=in_store,
        users_created=created,
        users=graph.n_nodes,
        ties=graph.n_ties,
        strong=strong,
        weak=graph.n_ties - strong,
        labelled_by={str(name): int(counts[name]) for name in sorted(counts.index)},
        rule=rule.to_dict(),
        reciprocal=int(graph.ties["reciprocal"].fillna(False).astype(bool).sum()) if directed else None,
    )
    return graph, report


def read_graph_files(
    ties_path: str | Path,
    users_path: str | Path | None = None,
    *,
    fmt: Literal["auto", "table", "edgelist", "interactions"] = "auto",
    directed: bool,
    self_loops: Literal["drop", "keep", "error"] = "drop",
    duplicates: Literal["merge", "first", "error"] = "merge",
    unknown_users: Literal["create", "reject"] = "create",
    labelling: TieRule | None = None,
    known_ids: KnownIds | None = None,
    flow: Literal["source-to-target", "target-to-source"] = "source-to-target",
    third_column: Literal["weight", "count"] = "weight",
    id_column: str = "id",
    source_column: str = "source",
    target_column: str = "target",
) -> tuple[SocialGraph, LoadReport]:
    """Read ties (and users) from files into a SocialGraph, with a report of every policy applied.

    Parameters
    ----------
    ties_path : str or Path
        The ties: a table (``.csv``/``.tsv``[``.gz``]/``.parquet``, see
        :func:`graphkit.io.read_ties`), a whitespace edge list (:func:`graphkit.io.read_edge_list`)
        or an interaction log (:func:`graphkit.io.read_interactions`, aggregated into ties).
    users_path : str or Path, optional
        A users table (:func:`graphkit.io.read_users`).
    fmt : {"auto", "table", "edgelist", "interactions"}, default "auto"
        How to read ``ties_path``; "auto" reads a table when the suffix is .csv/.tsv/.parquet
        (optionally .gz), an edge list otherwise. Interaction logs must be asked for.
    directed : bool
        Whether ties are one-way; for undirected graphs (a, b) and (b, a) are the same tie.
    self_loops : {"drop", "keep", "error"}, default "drop"
        What to do with a tie from a user to itself.
    duplicates : {"merge", "first", "error"}, default "merge"
        Rows for a tie seen before: "merge" sums weights (a row without a weight counts 1) and keeps
        the first given label (other columns from the first row); "first" keeps the first row;
        "error" stops at the repeat.
    unknown_users : {"create", "reject"}, default "create"
        A tie endpoint in neither the users file nor ``known_ids``: create a bare user, or stop
        with the file, line and field of the first tie that names it. Without a users file every
        endpoint is such a user.
    labelling : TieRule, optional
        Rule for ties without a ``tie`` label; default ``TieRule()``. Given labels are kept.
    known_ids : callable, optional
        ``known_ids(ids) -> set`` of the ids a store already holds (``store.existing_user_ids``),
        asked once with every endpoint missing from the users file.
    flow : {"source-to-target", "target-to-source"}, default "source-to-target"
        What a tie ``a b`` in the file means for influence: "source-to-target", ``a``'s posts
        reach ``b``; "target-to-source", ``a`` follows ``b``, so influence flows from ``b`` to
        ``a`` and the tie is stored as ``b -> a`` (interaction counts turned round with it).
        Follower lists differ on this; :func:`graphkit.fit.flow_counts` lets cascades decide.
        Directed ties only.
    third_column : {"weight", "count"}, default "weight"
        What the third column of an edge list holds (:func:`graphkit.io.read_edge_list`).
    id_column, source_column, target_column : str, default "id", "source", "target"
        The users file's id column and the ties table's end columns, under the file's names.

    Returns
    -------
    graph : SocialGraph
        Users in users-file order, then new endpoints in order of first appearance; ties with
        ``tie``, ``weight``, ``p`` (NaN unless given), ``labelled_by`` and the evidence columns.
    report : LoadReport

    Raises
    ------
    InvalidInputError
        For a bad argument (naming it and the allowed values), or a bad row, with path, line and
        field; nothing is built then.
    """
    choose("fmt", fmt, _FORMATS)
    check_options(directed, self_loops, duplicates, unknown_users, labelling)
    choose("flow", flow, FLOWS)
    choose("third_column", third_column, THIRD_COLUMNS)
    if flow != "source-to-target" and not directed:
        raise InvalidInputError("flow='target-to-source' turns directed ties round; undirected ties have no direction")
    ties_path = Path(ties_path)
    if fmt == "auto":
        fmt = "table" if table_suffix(ties_path) is not None else "edgelist"
    users = read_users(users_path, id_column=id_column) if users_path is not None else None
    skipped = 0
    hints: list[str] = []
    if fmt == "table":
        ties = read_ties(ties_path, source_column=source_column, target_column=target_column)
        rows_read = len(ties)
    elif fmt == "edgelist":
        ties, skipped = _read_edge_list(ties_path, third_column)
        rows_read = len(ties)
    else:
        events, skipped = _read_interactions(ties_path)
        rows_read = len(events)
        ties = aggregate_interactions(events, directed=directed)
        if _looks_like_counts(events):
            hints.append("Every time in the log lies before 12 January 1970 and no pair repeats: if the third column "
                         "counts interactions, read the file as an edge list with --third-column count.")
    if flow == "target-to-source":
        ties = turned_round(ties)
    graph, report = assemble_graph(
        ties,
        users,
        directed=directed,
        self_loops=self_loops,
        duplicates=duplicates,
        unknown_users=unknown_users,
        labelling=labelling,
        known_ids=known_ids,
        ties_path=ties_path,
        users_path=users_path,
    )
    return graph, dataclasses.replace(
        report, format=fmt, rows_read=rows_read, lines_skipped=skipped, ties_from_rows=report.rows_read, flow=flow,
        hints=tuple(hints),
    )


def _looks_like_counts(events: pd.DataFrame) -> bool:
    """Whether an interaction log's times look like counts: all under 10^6 s (11.6 days after the
    Unix epoch) and one row per ordered pair, as in a weighted edge list ``a b count``."""
    return bool(len(events)) and float(events["timestamp"].max()) < 1e6 and not events.duplicated(
        ["source", "target"]).any()
