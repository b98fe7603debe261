"""LoadReport: what a load read and did, one explicit count per step, and its summary text.

:func:`graphkit.io.read_graph_files` and :func:`graphkit.io.assemble_graph` return one with the
graph; ``graphkit load`` prints it.

Examples
--------
>>> from graphkit.io.load_report import LoadReport
>>> report = LoadReport(
...     ties_path="ties.csv", users_path=None, format="table", directed=False, self_loops="drop",
...     duplicates="merge", unknown_users="create", rows_read=4, lines_skipped=0, ties_from_rows=4,
...     users_read=0, self_loops_dropped=1, self_loops_kept=0, duplicates_merged=1,
...     duplicates_dropped=0, label_conflicts=0, users_in_store=0, users_created=3, users=3,
...     ties=2, strong=1, weak=1, labelled_by={"input": 2})
>>> print(report)
Read 4 rows from ties.csv as table (undirected); 0 comment/blank/header lines skipped.
Self-loops (drop): 1 dropped, 0 kept. Repeated ties (merge): 1 merged, 0 dropped, 0 with conflicting labels.
Users not in a users file (create): 0 already in the store, 3 created.
Graph: 3 users, 2 ties (1 strong, 1 weak); labelled by: input 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["LoadReport"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LoadReport:
    """What :func:`~graphkit.io.read_graph_files` read and did; every count is explicit.

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
    flow : str
        Which way influence flows along a tie as written in the file: "source-to-target" or
        "target-to-source" (the ties were turned round on reading).
    hints : tuple of str
        What the input looked like it meant, when that differs from how it was read.
    reciprocal : int or None
        Directed graphs: ties whose reverse tie exists (or whose other side interacted back), the
        figure a rule requiring reciprocity looks at; None for undirected graphs.
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
    flow: str = "source-to-target"
    reciprocal: int | None = None
    hints: tuple[str, ...] = ()

    def __str__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        if self.flow != "source-to-target":
            kind += "; each tie turned round: influence flows from its second user to its first"
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
        by_rule = sum(count for name, count in self.labelled_by.items() if name in ("interactions", "overlap"))
        if by_rule and self.strong < 0.01 * self.ties:
            why = ""
            if self.reciprocal is not None and self.rule.get("require_reciprocity"):
                why = (f" (the rule requires ties both ways, and {self.reciprocal:,} of {self.ties:,} have their reverse "
                       "tie or an answer; if every tie is mutual, load with --undirected)")
            lines.append(
                f"Only {self.strong / self.ties:.2%} of the ties are strong{why}: on broadcast data (mentions, follows) "
                "lower --min-interactions or --min-overlap, or drop reciprocity (--no-require-reciprocity), or let "
                "graphkit fit --choose-rule pick the thresholds from past cascades."
            )
        lines.extend(self.hints)
        return "\n".join(lines)
