"""From input files to a SocialGraph, with explicit policies and a report of everything done.

:func:`read_graph_files` reads a ties file (a table, an edge list or an interaction log) and an
optional users file, applies the policies for self-loops, repeated ties and users that are in
neither the users file nor the store, labels ties without a ``tie`` value
(:func:`graphkit.io.labelling.label_ties`), and returns the graph with a :class:`LoadReport`
that counts each of those steps. Nothing is dropped, merged or created silently. A bad row stops
the whole read with ``InvalidInputError(path, line, field)`` before anything is built.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError
from graphkit.graph import STRONG, SocialGraph
from graphkit.io._text import table_suffix
from graphkit.io.edgelist import _read_edge_list
from graphkit.io.interactions import _read_interactions, aggregate_interactions
from graphkit.io.labelling import TieRule, label_ties
from graphkit.io.tables import read_ties, read_users

__all__ = ["LoadReport", "assemble_graph", "read_graph_files", "KnownIds"]

KnownIds = Callable[[Iterable[str]], "set[str]"]
"""Given user ids, returns the subset a store already holds (``GraphStore.existing_user_ids``)."""

_FORMATS = ("auto", "table", "edgelist", "interactions")
_SELF_LOOPS = ("drop", "keep", "error")
_DUPLICATES = ("merge", "first", "error")
_UNKNOWN_USERS = ("create", "reject")


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadReport:
    """What :func:`read_graph_files` read and did; every count is explicit.

    Attributes
    ----------
    ties_path, users_path : str or None
        The files read.
    format : str
        How the ties file was read: "table", "edgelist" or "interactions".
    directed : bool
    self_loops, duplicates, unknown_users : str
        The policies applied.
    rows_read : int
        Data rows in the ties file (table rows, edge lines, or interaction events).
    lines_skipped : int
        Comment, blank and header lines skipped in a text edge list or log.
    ties_from_rows : int
        Ties after aggregating interaction events (= ``rows_read`` for other formats).
    users_read : int
        Rows in the users file (0 without one).
    self_loops_dropped, self_loops_kept : int
    duplicates_merged : int
        Rows folded into an earlier row for the same tie (``duplicates="merge"``: weights summed,
        first given label kept).
    duplicates_dropped : int
        Rows dropped for repeating an earlier tie (``duplicates="first"``).
    label_conflicts : int
        Merged ties whose rows carried both "strong" and "weak".
    users_in_store : int
        Tie endpoints missing from the users file that the store already holds (added as bare
        users so the graph is complete; the store keeps their attributes).
    users_created : int
        Tie endpoints in neither the users file nor the store, created as bare users.
    users, ties, strong, weak : int
        Sizes of the resulting graph.
    labelled_by : dict of str to int
        Ties per labelling rule ("input", "interactions", "overlap", ...).
    rule : dict
        The :class:`~graphkit.io.labelling.TieRule` settings used for unlabelled ties.
    """

    ties_path: str | None
    users_path: str | None
    format: str
    directed: bool
    self_loops: str
    duplicates: str
    unknown_users: str
    rows_read: int
    lines_skipped: int
    ties_from_rows: int
    users_read: int
    self_loops_dropped: int
    self_loops_kept: int
    duplicates_merged: int
    duplicates_dropped: int
    label_conflicts: int
    users_in_store: int
    users_created: int
    users: int
    ties: int
    strong: int
    weak: int
    labelled_by: dict[str, int] = field(default_factory=dict)
    rule: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        lines = [
            f"Read {self.rows_read:,} rows from {self.ties_path} as {self.format} ({kind}); "
            f"{self.lines_skipped:,} comment/blank/header lines skipped."
        ]
        if self.format == "interactions":
            lines.append(f"Aggregated {self.rows_read:,} interactions into {self.ties_from_rows:,} ties.")
        if self.users_path is not None:
            lines.append(f"Read {self.users_read:,} users from {self.users_path}.")
        lines.append(
            f"Self-loops ({self.self_loops}): {self.self_loops_dropped:,} dropped, {self.self_loops_kept:,} kept. "
            f"Repeated ties ({self.duplicates}): {self.duplicates_merged:,} merged, "
            f"{self.duplicates_dropped:,} dropped, {self.label_conflicts:,} with conflicting labels."
        )
        lines.append(
            f"Users not in a users file ({self.unknown_users}): {self.users_in_store:,} already in the store, "
            f"{self.users_created:,} created."
        )
        rules = ", ".join(f"{name} {count:,}" for name, count in self.labelled_by.items()) or "none"
        lines.append(
            f"Graph: {self.users:,} users, {self.ties:,} ties ({self.strong:,} strong, {self.weak:,} weak); "
            f"labelled by: {rules}."
        )
        return "\n".join(lines)


def _choose(name: str, value: Any, allowed: tuple[Any, ...]) -> None:
    if value not in allowed:
        raise InvalidInputError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")


def _check_options(directed, self_loops, duplicates, unknown_users, labelling) -> None:
    if not isinstance(directed, bool):
        raise InvalidInputError(f"directed must be True or False, got {directed!r}")
    _choose("self_loops", self_loops, _SELF_LOOPS)
    _choose("duplicates", duplicates, _DUPLICATES)
    _choose("unknown_users", unknown_users, _UNKNOWN_USERS)
    if labelling is not None and not isinstance(labelling, TieRule):
        raise InvalidInputError(f"labelling must be a TieRule or None, got {type(labelling).__name__}")


def _locate(table: pd.DataFrame, position: int, path: str | None) -> dict[str, Any]:
    if table.index.name == "line":
        return {"path": path, "line": int(table.index[position])}
    return {"path": path}


def _row_note(table: pd.DataFrame, position: int) -> str:
    return "" if table.index.name == "line" else f" (row {position})"


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
    _check_options(directed, self_loops, duplicates, unknown_users, labelling)
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

    table, loops_dropped, loops_kept = _apply_self_loops(table, ids, self_loops, ties_path)
    table, merged, dropped, conflicts = _apply_duplicates(table, ids, duplicates, directed, ties_path)
    users_table, node_of, in_store, created = _complete_users(
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
    )
    return graph, report


def _apply_self_loops(
    table: pd.DataFrame, ids: np.ndarray, policy: str, path: str | None
) -> tuple[pd.DataFrame, int, int]:
    loop = (table["source"] == table["target"]).to_numpy()
    n_loops = int(loop.sum())
    if n_loops and policy == "error":
        position = int(np.argmax(loop))
        raise InvalidInputError(
            f"self-loop {ids[table['source'].iloc[position]]!r} -> itself{_row_note(table, position)}; "
            "self_loops='error' (use 'drop' or 'keep')",
            field="target",
            **_locate(table, position, path),
        )
    if policy == "drop" and n_loops:
        return table[~loop], n_loops, 0
    return table, 0, n_loops


def _apply_duplicates(
    table: pd.DataFrame, ids: np.ndarray, policy: str, directed: bool, path: str | None
) -> tuple[pd.DataFrame, int, int, int]:
    source = table["source"].to_numpy(np.int64)
    target = table["target"].to_numpy(np.int64)
    if not directed:
        source, target = np.minimum(source, target), np.maximum(source, target)
    key = source * max(len(ids), 1) + target
    repeat = pd.Series(key).duplicated().to_numpy()
    n_repeats = int(repeat.sum())
    if n_repeats == 0:
        return table, 0, 0, 0
    if policy == "error":
        position = int(np.argmax(repeat))
        first = int(np.argmax(key == key[position]))
        earlier = f"line {int(table.index[first])}" if table.index.name == "line" else f"row {first}"
        pair = f"({ids[table['source'].iloc[position]]!r}, {ids[table['target'].iloc[position]]!r})"
        same = "" if directed else " (undirected: a-b is b-a)"
        raise InvalidInputError(
            f"tie {pair} repeats {earlier}{same}{_row_note(table, position)}; duplicates='error' (use 'merge' or 'first')",
            **_locate(table, position, path),
        )
    kept = table[~repeat].copy()
    if policy == "first":
        return kept, 0, n_repeats, 0
    kept_keys = key[~repeat]
    kept["weight"] = table["weight"].groupby(key, sort=False).sum().reindex(kept_keys).to_numpy()
    labels = table["tie"].astype(object).groupby(key, sort=False)
    first_label = labels.first().reindex(kept_keys)
    kept["tie"] = first_label.where(first_label.notna(), None).to_numpy()
    conflicts = int((labels.nunique() > 1).sum())
    return kept, n_repeats, 0, conflicts


def _complete_users(
    table: pd.DataFrame,
    ids: np.ndarray,
    users: pd.DataFrame | None,
    policy: str,
    known_ids: KnownIds | None,
    ties_path: str | None,
    users_path: str | None,
) -> tuple[pd.DataFrame, np.ndarray, int, int]:
    """Users table completed with missing endpoints, and the node index of each id code."""
    if users is None:
        users = pd.DataFrame({"id": pd.Series([], dtype=object)})
    users = users.reset_index(drop=True)
    node_of = pd.Index(users["id"]).get_indexer(ids)
    used = pd.unique(np.column_stack([table["source"].to_numpy(), table["target"].to_numpy()]).ravel())
    missing = used[node_of[used] < 0]
    in_store = np.zeros(len(missing), dtype=bool)
    if len(missing) and known_ids is not None:
        held = {str(user) for user in known_ids(ids[missing].tolist())}
        in_store = np.fromiter((user in held for user in ids[missing]), dtype=bool, count=len(missing))
    unknown = missing[~in_store]
    if len(unknown) and policy == "reject":
        is_unknown = np.zeros(len(ids), dtype=bool)
        is_unknown[unknown] = True
        source_bad = is_unknown[table["source"].to_numpy()]
        target_bad = is_unknown[table["target"].to_numpy()]
        position = int(np.argmax(source_bad | target_bad))
        column = "source" if source_bad[position] else "target"
        user = ids[table[column].iloc[position]]
        where = f"the users file {users_path}" if users_path is not None else "a users table"
        store = " nor in the store" if known_ids is not None else ""
        raise InvalidInputError(
            f"user {user!r} is not in {where}{store}{_row_note(table, position)}; unknown_users='reject' "
            "(use 'create' to add bare users)",
            field=column,
            **_locate(table, position, ties_path),
        )
    if len(missing):
        node_of[missing] = np.arange(len(users), len(users) + len(missing))
        users = pd.concat([users, pd.DataFrame({"id": ids[missing]})], ignore_index=True)
    return users, node_of, int(in_store.sum()), int(len(unknown))


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
    _choose("fmt", fmt, _FORMATS)
    _check_options(directed, self_loops, duplicates, unknown_users, labelling)
    ties_path = Path(ties_path)
    if fmt == "auto":
        fmt = "table" if table_suffix(ties_path) is not None else "edgelist"
    users = read_users(users_path) if users_path is not None else None
    skipped = 0
    if fmt == "table":
        ties = read_ties(ties_path)
        rows_read = len(ties)
    elif fmt == "edgelist":
        ties, skipped = _read_edge_list(ties_path)
        rows_read = len(ties)
    else:
        events, skipped = _read_interactions(ties_path)
        rows_read = len(events)
        ties = aggregate_interactions(events, directed=directed)
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
        report, format=fmt, rows_read=rows_read, lines_skipped=skipped, ties_from_rows=report.rows_read
    )
