"""CascadeReport: what :func:`~graphkit.io.read_cascades` read and dropped, and its summary text.

``graphkit fit`` prints it; ``to_dict`` is its ``--json`` form.

Examples
--------
>>> from graphkit.io.cascade_report import CascadeReport
>>> report = CascadeReport(
...     path="cascades.csv", format="table", unknown_users="drop", root_offset=None, lines_skipped=0,
...     cascades_read=2, adoptions_read=6, roots_read=0, repeats_dropped=1, unknown_dropped=1,
...     unknown_distinct=1, parents_known=2, parents_dropped=0, adoptions=4, empty_cascades=0,
...     single_adopter_cascades=0)
>>> print(report)
Read 2 cascades with 6 adoptions from cascades.csv as table.
Repeated adoptions dropped (a user's earliest time kept): 1.
Adopters not in the graph (drop): 1 adoptions dropped, 1 distinct users.
Kept 4 adoptions: 0 cascades left empty, 0 with one adopter.
Parents: 2 known, 0 set to unknown (the parent is not in the graph).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

__all__ = ["CascadeReport"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CascadeReport:
    """What :func:`read_cascades` read and dropped; every count is explicit.

    ``adoptions_read = repeats_dropped + unknown_dropped + adoptions``.

    Attributes
    ----------
    path : str
        The file read.
    format : str
        How it was read: "table", "root-pairs" or "pairs".
    unknown_users : str
        The policy for adopters not in the graph ("drop" or "error").
    root_offset : float or None
        How long before its first adopter a root adopts ("root-pairs" only).
    lines_skipped : int
        Blank and comment lines in a line format (0 for tables).
    cascades_read : int
        Cascades in the file, all kept (also those left empty).
    adoptions_read : int
        Adoptions in the file (rows, ``user time`` pairs or tokens), roots included.
    roots_read : int
        Of which roots ("root-pairs": one per line; 0 otherwise).
    repeats_dropped : int
        Later adoptions of a user already in the same cascade (the earliest time is kept).
    unknown_dropped : int
        Remaining adoptions by users not in the graph, dropped.
    unknown_distinct : int
        Distinct users not in the graph among the adopters.
    parents_known : int
        Kept adoptions with a known parent.
    parents_dropped : int
        Kept adoptions whose parent was given but is not in the graph (set to unknown, -1).
    adoptions : int
        Adoptions kept (``Cascades.n_adoptions``).
    empty_cascades, single_adopter_cascades : int
        Cascades left with no adopter, and with exactly one.
    """

    path: str
    format: str
    unknown_users: str
    root_offset: float | None
    lines_skipped: int
    cascades_read: int
    adoptions_read: int
    roots_read: int
    repeats_dropped: int
    unknown_dropped: int
    unknown_distinct: int
    parents_known: int
    parents_dropped: int
    adoptions: int
    empty_cascades: int
    single_adopter_cascades: int

    def to_dict(self) -> dict:
        """The report as a plain dict (for ``--json``)."""
        return dataclasses.asdict(self)

    def lines(self) -> list[str]:
        """The report as sentences, one per step, for the CLI to print."""
        roots = ""
        if self.format == "root-pairs":
            unit = "time unit" if self.root_offset == 1 else "time units"
            roots = f" ({self.roots_read:,} roots, each {self.root_offset:g} {unit} before its first adopter)"
        skipped = "" if self.format == "table" else f"; {self.lines_skipped:,} blank/comment lines skipped"
        lines = [
            f"Read {self.cascades_read:,} cascades with {self.adoptions_read:,} adoptions{roots} "
            f"from {self.path} as {self.format}{skipped}.",
            f"Repeated adoptions dropped (a user's earliest time kept): {self.repeats_dropped:,}.",
            f"Adopters not in the graph ({self.unknown_users}): {self.unknown_dropped:,} adoptions dropped, "
            f"{self.unknown_distinct:,} distinct users.",
            f"Kept {self.adoptions:,} adoptions: {self.empty_cascades:,} cascades left empty, "
            f"{self.single_adopter_cascades:,} with one adopter.",
        ]
        if self.parents_known or self.parents_dropped:
            lines.append(
                f"Parents: {self.parents_known:,} known, {self.parents_dropped:,} set to unknown "
                "(the parent is not in the graph)."
            )
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())
