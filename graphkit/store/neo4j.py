"""The Neo4j store: users, ties and results in a Neo4j database over Bolt.

Model (see DESIGN.md)::

    (:User {id, ...attributes})-[:STRONG_TIE|WEAK_TIE {weight, p, labelledBy, ...}]->(:User)
    (:Community {id, size, ...})<-[:MEMBER_OF]-(:User)   (:User)-[:LEADS {rank, score}]->(:Community)
    (:Campaign {name, ...})-[:SEEDS {rank, marginalGain, cost}]->(:User)
                           -[:REACHES {probability}]->(:User)
    (:GraphkitMeta {key: 'graph', directed, schemaVersion, userColumns, tieColumns})
    (:GraphkitMeta {key: 'results', version})

Concurrent writers: users MERGE on the ``User.id`` uniqueness constraint, in ascending id; a
batch of ties first write-locks all its users in ascending id (each looked up once), then, under
those locks, CREATEs each tie found missing, updates each found held, and re-types one stored as
the other kind, so concurrent and repeated loads converge to one relationship per tie and wait
for each other instead of deadlocking (a uniqueness constraint on a tie-key property would guard
against duplicates at half the load rate: bench/tie_writes.py). Result write-backs
(circles, leaders, user properties, a campaign) each run in one transaction that first locks the
``results`` node: readers see the old result or the new one, and write-backs take turns.

An undirected tie is one relationship oriented from the smaller id to the larger, so a re-load
MERGEs the same relationship. Every query is a parameterised file in ``cypher/``, run by name
through :class:`~graphkit.store._bolt.Bolt` (the connection: error translation, deadlock retries,
batched writes). Property names are camelCase in Neo4j and snake_case in Python
(:mod:`graphkit.store._properties`); the original user and tie column names are recorded on the
metadata node so they convert back exactly. Missing values (None/NaN) are never written, and read
back as NaN.

Examples
--------
>>> from graphkit.store.neo4j import camel_case, snake_case
>>> camel_case("leader_score"), snake_case("leaderScore")
('leaderScore', 'leader_score')
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Iterable

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError, NoGraphError, ServerError
from graphkit.graph import STRONG, SocialGraph
from graphkit.store._bolt import Bolt, Endpoints, Step
from graphkit.store._bulk_import import TIE_PROPERTIES as _TIE_PROPERTIES
from graphkit.store._bulk_import import USER_KEYS_TAKEN as _USER_KEYS_TAKEN
from graphkit.store._bulk_import import OfflineImporter, import_refusal, write_import_files
from graphkit.store._properties import _native, is_missing, maps_frame, property_keys, rows_frame, union
from graphkit.store._tables import (
    RESULT_COLUMNS,
    TIE_BASE_COLUMNS,
    check_campaign,
    check_communities,
    check_known_users,
    check_storable_graph,
    check_user_properties,
    column_values,
    directedness_mismatch,
    empty_table,
    finish_table,
    tie_table,
)
from graphkit.store.base import ProgressCallback, StoreCounts, WriteSummary
from graphkit.store.limits import camel_case, snake_case

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_WORKERS",
    "SCHEMA_VERSION",
    "Neo4jStore",
    "camel_case",
    "snake_case",
]

SCHEMA_VERSION = 2
"""2: no tie is stored twice (graphkit 0.1's concurrent first loads could; its stores are
de-duplicated by the first write)."""
DEFAULT_BATCH_SIZE = 10_000
"""Rows per write transaction (10k beat 5k and 50k when loading 1M ties on 2 cores)."""
DEFAULT_WORKERS = 2
"""Write transactions in flight at once (2 beat 1 and 3 on a 2-core machine)."""

_READ_PAGE = 50_000  # ids per existence check
_TIE_PAGE = 10_000  # users whose out-ties one read_ties call returns


class Neo4jStore:
    """A GraphStore in a Neo4j database (5.x), reached over Bolt.

    Parameters
    ----------
    uri : str
        ``neo4j://``, ``neo4j+s://``, ``bolt://`` ... without credentials.
    user : str, default "neo4j"
    password : str, optional
        None connects without authentication (a server with auth disabled).
    database : str, default "neo4j"
    batch_size : int, default DEFAULT_BATCH_SIZE
        Rows per write transaction (>= 1).
    workers : int, default DEFAULT_WORKERS
        Write transactions in flight at once (>= 1).
    importer : OfflineImporter, optional
        The local server graphkit manages (:class:`~graphkit.server.Neo4jServer`): a write into
        an empty database then goes by ``neo4j-admin database import full`` (see
        :meth:`import_graph`) when the graph's columns allow, else over Bolt.

    Raises
    ------
    StoreUnavailableError
        If the server cannot be reached, refuses the credentials or has no such database.
    InvalidInputError
        If ``uri`` carries credentials or is not a Neo4j URI, or ``batch_size`` or ``workers`` < 1.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str = "neo4j",
        password: str | None = None,
        database: str = "neo4j",
        batch_size: int = DEFAULT_BATCH_SIZE,
        workers: int = DEFAULT_WORKERS,
        importer: OfflineImporter | None = None,
    ) -> None:
        self._connect = functools.partial(
            Bolt, uri, user=user, password=password, database=database, batch_size=batch_size, workers=workers
        )
        self._bolt = self._connect()
        self._bolt.check("counts")
        self._schema_ready = False
        self.importer = importer
        self.last_import: dict | None = None  # seconds per step of the last bulk import

    def __repr__(self) -> str:
        return f"Neo4jStore(location={self.location!r}, user={self.user!r}, database={self.database!r})"

    @property
    def location(self) -> str:
        """The server, as ``scheme://host:port`` (never with credentials)."""
        return self._bolt.location

    @property
    def user(self) -> str:
        return self._bolt.user

    @property
    def database(self) -> str:
        return self._bolt.database

    @property
    def batch_size(self) -> int:
        return self._bolt.batch_size

    @property
    def workers(self) -> int:
        return self._bolt.workers

    # ------------------------------------------------------------------ plumbing
    def _ensure_schema(self) -> None:
        """Create the constraints (idempotent), first de-duplicating the ties of a version-1 store."""
        if self._schema_ready:
            return
        meta = self._meta()
        upgrade = meta is not None and (meta["schemaVersion"] or 1) < 2
        if upgrade:
            self._bolt.autocommit("remove_duplicate_ties")
        self._bolt.run_script("schema")
        if upgrade:
            self._bolt.write("write_meta", directed=meta["directed"], schemaVersion=SCHEMA_VERSION, userColumns=[], tieColumns=[])
        self._schema_ready = True

    def _write_results(self, steps: list[Step]) -> None:
        """Run result write-back ``steps`` in one transaction, after ``lock_results``.

        Each step is (query name, aligned column lists, aligned property lists, fixed parameters),
        sent in batches of ``batch_size`` rows; a step without columns runs once. Readers see
        the previous result or the new one, never a mix, and concurrent write-backs take turns.
        """
        self._ensure_schema()
        self._bolt.write_steps([("lock_results", {}, {}, {}), *steps])

    def _meta(self) -> dict | None:
        rows = self._bolt.read("read_meta")
        return rows[0] if rows else None

    # ------------------------------------------------------------------ reading
    def counts(self) -> StoreCounts:
        row = self._bolt.read("counts")[0]
        return StoreCounts(
            users=row["users"],
            strong_ties=row["strongTies"],
            weak_ties=row["weakTies"],
            directed=row["directed"],
        )

    def is_empty(self) -> bool:
        """Whether the database holds no node at all (graphkit's or anyone's)."""
        return self._bolt.read("count_nodes")[0]["nodes"] == 0

    def existing_user_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = [str(i) for i in ids]
        held: set[str] = set()
        for start in range(0, len(wanted), _READ_PAGE):
            held.update(
                row["id"] for row in self._bolt.read("existing_user_ids", ids=wanted[start : start + _READ_PAGE])
            )
        return held

    def read_graph(self) -> SocialGraph:
        """The stored graph: users in id order, ties in (source, target) order.

        The users come in one query, column-wise, with their internal node ids; their ties in
        pages of ``_TIE_PAGE`` users, ``workers`` pages at once, each tie's source as its position
        in the page and its target as an internal node id, mapped to node indices here. The graph
        is built from these arrays (:meth:`SocialGraph.from_arrays`); its users and ties tables are
        made on first use. A tie whose target is a user created after the users were read (a
        concurrent load) is left out; an internal id is reused only after a node is deleted (which
        graphkit does only in :meth:`clear`).
        """
        meta = self._meta()
        row = None
        if meta is not None:
            user_columns, tie_columns = meta["userColumns"], list(_TIE_PROPERTIES) + meta["tieColumns"]
            row = self._bolt.read("read_users", keys=[camel_case(c) for c in user_columns])[0]
        if row is None or not row["id"]:
            raise NoGraphError(
                f"Neo4j at {self.location} (database {self.database}) holds no graphkit graph: "
                "load one with graphkit load"
            )
        ids = np.asarray(row["id"], dtype=object)
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        nodes = np.asarray(row["node"], dtype=np.int64)[order]  # internal node id of each node index
        by_node = np.argsort(nodes)
        known = nodes[by_node]
        keys = [camel_case(c) for c in tie_columns]
        starts = range(0, len(ids), _TIE_PAGE)
        pages = [{"ids": ids[start : start + _TIE_PAGE].tolist(), "keys": keys} for start in starts]
        source, target, strong, columns = [], [], [], [[] for _ in tie_columns]
        for start, (page,) in zip(starts, self._bolt.read_pages("read_ties", pages)):
            source.append(np.asarray(page["source"], dtype=np.int64) + start)
            internal = np.asarray(page["target"], dtype=np.int64)
            at = np.minimum(np.searchsorted(known, internal), len(known) - 1)
            target.append(np.where(known[at] == internal, by_node[at], -1))
            strong.append(np.asarray(page["strong"], dtype=bool))
            for values, more in zip(columns, page["columns"]):
                values.extend(more)
        source, target, strong = (np.concatenate(parts) for parts in (source, target, strong))
        tie_order = np.lexsort((target, source))
        tie_order = tie_order[target[tie_order] >= 0]
        ties = dict(zip(tie_columns, columns))
        users = {"id": row["id"], **dict(zip(user_columns, row["columns"]))}
        return SocialGraph.from_arrays(
            ids,
            source[tie_order],
            target[tie_order],
            np.where(strong[tie_order], 0, 1).astype(np.int8),
            weight=np.asarray(ties.pop("weight"), dtype=np.float64)[tie_order],
            p=np.asarray(ties.pop("p"), dtype=np.float64)[tie_order],
            directed=bool(meta["directed"]),
            users=functools.partial(_columns_frame, users, order),
            ties=functools.partial(_columns_frame, ties, tie_order),
        )

    def read_table(self, name: str) -> pd.DataFrame:
        if name not in RESULT_COLUMNS:
            raise InvalidInputError(f"name must be one of {', '.join(RESULT_COLUMNS)}, got {name!r}")
        table = maps_frame([row["props"] for row in self._bolt.read(f"read_{name}")], list(RESULT_COLUMNS[name]))
        return finish_table(name, table) if len(table) else empty_table(name)

    # ------------------------------------------------------------------ writing
    def write_graph(self, graph: SocialGraph, *, progress: ProgressCallback | None = None) -> WriteSummary:
        if self.importer is not None and import_refusal(graph) is None and self.is_empty():
            return self.import_graph(graph, progress=progress)
        check_storable_graph(graph)
        started = time.perf_counter()
        meta = self._meta()
        if meta is not None and meta["directed"] is not None and meta["directed"] != graph.directed:
            raise InvalidInputError(directedness_mismatch(self.location, meta["directed"], graph.directed))
        ties = tie_table(graph)
        extras = [c for c in ties.columns if c not in TIE_BASE_COLUMNS]
        user_columns = [c for c in graph.users.columns if c != "id"]
        property_keys(
            union(meta["userColumns"] if meta else [], user_columns), reserved=_USER_KEYS_TAKEN, what="user"
        )
        tie_keys = property_keys(
            union(meta["tieColumns"] if meta else [], extras),
            reserved={camel_case(c) for c in _TIE_PROPERTIES},
            what="tie",
        )
        self._ensure_schema()
        recorded = self._bolt.write(
            "write_meta",
            directed=graph.directed,
            schemaVersion=SCHEMA_VERSION,
            userColumns=user_columns,
            tieColumns=extras,
        )[0]
        if recorded["directed"] != graph.directed:  # another load recorded the other kind meanwhile
            raise InvalidInputError(directedness_mismatch(self.location, recorded["directed"], graph.directed))
        if graph.n_nodes:
            users = graph.users.iloc[np.argsort(graph.users["id"].to_numpy(dtype=object), kind="stable")]
            self._bolt.write_batches(
                "merge_users",
                {"id": users["id"].tolist()},
                {camel_case(c): column_values(users[c]) for c in user_columns},
                progress,
            )
        strong = (ties["tie"] == STRONG).to_numpy()
        for kind, mask in (("strong", strong), ("weak", ~strong)):
            if not mask.any():
                continue
            part = ties[mask]
            self._bolt.write_batches(
                f"merge_{kind}_ties",
                {camel_case(c): column_values(part[c]) for c in _TIE_PROPERTIES},
                {tie_keys[c]: column_values(part[c]) for c in extras},
                progress,
                endpoints=Endpoints.of(part["source"].tolist(), part["target"].tolist()),
            )
        return WriteSummary(
            users_written=graph.n_nodes,
            ties_written=graph.n_ties,
            seconds=time.perf_counter() - started,
            counts=self.counts(),
        )

    def import_graph(
        self, graph: SocialGraph, *, importer: OfflineImporter | None = None, progress: ProgressCallback | None = None
    ) -> WriteSummary:
        """The bulk first load: write ``graph`` into the empty database with ``neo4j-admin``.

        Users and ties go into header CSVs in a private temporary folder; ``importer`` (default
        ``self.importer``) stops the server, imports them and starts it again; then the
        constraints and the metadata node are written over Bolt, as a Bolt load would, and the
        counts are checked. The stored graph is the one :meth:`write_graph` stores over Bolt.
        A failed import leaves the database empty.

        Raises
        ------
        InvalidInputError
            If there is no importer, the database holds any node, or a column cannot be imported
            as the Bolt path would store it.
        ServerError
            If the import fails (the database is left empty) or the counts differ afterwards.
        """
        started = time.perf_counter()
        check_storable_graph(graph)
        importer = importer or self.importer
        refusal = import_refusal(graph)
        if importer is None:
            refusal = f"Neo4j at {self.location} is not the local server graphkit manages"
        elif refusal is None and not self.is_empty():
            users = self.counts().users
            refusal = f"database {self.database!r} at {self.location} is not empty ({users:,} users)"
        if refusal is not None:
            raise InvalidInputError(f"cannot bulk-import: {refusal}")
        with tempfile.TemporaryDirectory(prefix="graphkit-import-") as folder:
            arguments = write_import_files(graph, folder)
            self._bolt.close()
            try:
                steps = importer.import_database(self.database, arguments)
            finally:
                self._bolt = self._connect()
                self._schema_ready = False
        self._ensure_schema()
        self._bolt.write(
            "write_meta",
            directed=graph.directed,
            schemaVersion=SCHEMA_VERSION,
            userColumns=[c for c in graph.users.columns if c != "id"],
            tieColumns=[c for c in graph.ties.columns if c not in TIE_BASE_COLUMNS],
        )
        counts = self.counts()
        strong = int((graph.ties["tie"] == STRONG).sum())
        if (counts.users, counts.strong_ties, counts.weak_ties) != (graph.n_nodes, strong, graph.n_ties - strong):
            raise ServerError(
                f"the bulk import into {self.location} stored {counts.users:,} users and {counts.ties:,} ties, "
                f"expected {graph.n_nodes:,} and {graph.n_ties:,}"
            )
        self.last_import = steps
        if progress is not None:
            progress(graph.n_nodes + graph.n_ties)
        return WriteSummary(graph.n_nodes, graph.n_ties, time.perf_counter() - started, counts)

    def write_user_properties(self, table: pd.DataFrame) -> None:
        table = check_user_properties(table)
        check_known_users(self.existing_user_ids, table["id"], "table")
        meta = self._meta()
        if meta is None:  # an empty store and an empty table: nothing to replace
            return
        columns = [c for c in table.columns if c != "id"]
        keys = property_keys(
            union(meta["userColumns"], columns), reserved=_USER_KEYS_TAKEN, what="user"
        )
        recorded = {"directed": meta["directed"], "schemaVersion": SCHEMA_VERSION, "userColumns": columns}
        steps = [
            ("write_meta", {}, {}, {**recorded, "tieColumns": []}),
            ("remove_user_properties", {}, {}, {"cleared": {keys[c]: None for c in columns}, "kept": table["id"].tolist()}),
        ]
        if len(table):
            values = {keys[c]: column_values(table[c]) for c in columns}
            steps.append(("set_user_properties", {"id": table["id"].tolist()}, values, {}))
        self._write_results(steps)

    def write_communities(
        self, communities: pd.DataFrame, members: pd.DataFrame, leaders: pd.DataFrame
    ) -> None:
        communities, members, leaders = check_communities(communities, members, leaders)
        check_known_users(
            self.existing_user_ids, pd.concat([members["user"], leaders["user"]]), "members/leaders"
        )
        steps = [("delete_communities", {}, {}, {})]
        for name, table, key_columns in (
            ("create_communities", communities, ["id"]),
            ("create_members", members, ["user", "community"]),
            ("create_leaders", leaders, ["user", "community"]),
        ):
            if len(table):
                steps.append(
                    (
                        name,
                        {c: column_values(table[c]) for c in key_columns},
                        {camel_case(c): column_values(table[c]) for c in table.columns if c not in key_columns},
                        {},
                    )
                )
        self._write_results(steps)

    def write_campaign(self, campaign: dict, seeds: pd.DataFrame, reaches: pd.DataFrame) -> None:
        campaign, seeds, reaches = check_campaign(campaign, seeds, reaches)
        check_known_users(
            self.existing_user_ids, pd.concat([seeds["user"], reaches["user"]]), "seeds/reaches"
        )
        name = campaign["name"]
        props = {camel_case(k): v for k, v in campaign.items() if k != "name" and not is_missing(v)}
        steps = [
            ("delete_campaign", {}, {}, {"name": name}),
            ("create_campaign", {}, {}, {"name": name, "props": props}),
        ]
        for query, table in (("create_seeds", seeds), ("create_reaches", reaches)):
            if len(table):
                steps.append(
                    (
                        query,
                        {"user": table["user"].tolist()},
                        {camel_case(c): column_values(table[c]) for c in table.columns if c != "user"},
                        {"name": name},
                    )
                )
        self._write_results(steps)

    def clear(self) -> None:
        self._bolt.autocommit("clear_relationships")
        self._bolt.autocommit("clear_nodes")

    def close(self) -> None:
        self._bolt.close()


def _columns_frame(columns: dict[str, list], order: np.ndarray) -> pd.DataFrame:
    """``columns`` (aligned lists of property values, as read) as a DataFrame, rows taken in
    ``order`` (columns of no rows are object columns, as :func:`rows_frame` makes them).

    >>> _columns_frame({"id": ["b", "a"], "age": [3, None]}, np.array([1, 0]))
      id  age
    0  a  NaN
    1  b  3.0
    """
    if not len(order):
        return rows_frame([], list(columns))
    return _native(pd.DataFrame(columns)).iloc[order].reset_index(drop=True)
