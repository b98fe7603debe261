"""The GraphStore protocol: what every store (Parquet folder, Neo4j) offers.

Stores speak external user ids (str) and pandas tables; only SocialGraph crosses in and out.
Every write is idempotent: users are keyed by ``id``, ties by (source, target) — for undirected
graphs by the unordered pair — so re-running a write converges to the same contents.

Examples
--------
>>> from graphkit.store import open_store
>>> import tempfile, graphkit
>>> store = open_store(tempfile.mkdtemp())
>>> summary = store.write_graph(graphkit.generate_social_graph(n_users=50, rng=1))
>>> store.counts().users
50
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from graphkit.graph import SocialGraph

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["GraphStore", "StoreCounts", "WriteSummary", "ProgressCallback"]

ProgressCallback = Callable[[int], None]
"""Called with the number of rows just written (users or ties), for progress bars."""


@dataclass(frozen=True, slots=True)
class StoreCounts:
    """What a store holds."""

    users: int
    strong_ties: int
    weak_ties: int
    directed: bool | None  # None while the store is empty

    @property
    def ties(self) -> int:
        return self.strong_ties + self.weak_ties


@dataclass(frozen=True, slots=True)
class WriteSummary:
    """Counts after a write, and how long it took."""

    users_written: int
    ties_written: int
    seconds: float
    counts: StoreCounts


@runtime_checkable
class GraphStore(Protocol):
    """A place that holds users, ties and analysis results.

    ``location`` names the store for people (a path or a URI without credentials).
    """

    location: str

    def counts(self) -> StoreCounts:
        """Users and strong/weak ties currently stored."""

    def existing_user_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` that the store already holds."""

    def write_graph(self, graph: SocialGraph, *, progress: ProgressCallback | None = None) -> WriteSummary:
        """Upsert the graph's users (all attributes) and ties (kind, weight, p, labelled_by, ...).

        A tie whose kind changed is re-typed, never duplicated. Raises InvalidInputError when the
        graph's directedness differs from what the store holds.
        """

    def read_graph(self) -> SocialGraph:
        """Everything stored, as a SocialGraph (users in id order).

        Raises :class:`~graphkit.errors.NoGraphError` when the store holds no users: a folder
        that is missing, empty or not a graphkit store, or a Neo4j database without a graph.
        Nothing is created by reading.
        """

    def write_user_properties(self, table: pd.DataFrame) -> None:
        """Set the columns of ``table`` (besides ``id``) as user properties.

        The columns are replaced as a whole: users not in ``table`` lose those properties, so
        re-running an analysis leaves nothing stale.
        """

    def write_communities(self, communities: pd.DataFrame, members: pd.DataFrame, leaders: pd.DataFrame) -> None:
        """Replace the stored circles.

        ``communities``: ``id`` (int) + attributes (size, ...); ``members``: ``user``, ``community``;
        ``leaders``: ``user``, ``community``, ``rank``, ``score``. In Neo4j: (:Community),
        MEMBER_OF and LEADS.
        """

    def write_campaign(self, campaign: dict, seeds: pd.DataFrame, reaches: pd.DataFrame) -> None:
        """Create or replace the campaign named ``campaign["name"]``.

        ``campaign``: name, model, params (JSON str), budget, expected_reach, ci_low, ci_high,
        created_at; ``seeds``: ``user``, ``rank``, ``marginal_gain``, ``cost``; ``reaches``:
        ``user``, ``probability``.
        """

    def read_table(self, name: str) -> pd.DataFrame:
        """A stored result table: "communities", "members", "leaders", "campaigns",
        "campaign_seeds" or "campaign_reaches" (empty with the right columns if none)."""

    def clear(self) -> None:
        """Delete everything graphkit stored."""

    def close(self) -> None:
        """Release connections."""
