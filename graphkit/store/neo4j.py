"""The Neo4j store: users, ties and results in a Neo4j database over Bolt.

The only module of graphkit that imports the ``neo4j`` driver. Model (see DESIGN.md)::

    (:User {id, ...attributes})-[:STRONG_TIE|WEAK_TIE {weight, p, labelledBy, ...}]->(:User)
    (:Community {id, size, ...})<-[:MEMBER_OF]-(:User)   (:User)-[:LEADS {rank, score}]->(:Community)
    (:Campaign {name, ...})-[:SEEDS {rank, marginalGain, cost}]->(:User)
                           -[:REACHES {probability}]->(:User)
    (:GraphkitMeta {key: 'graph', directed, schemaVersion, userColumns, tieColumns})
    (:GraphkitMeta {key: 'results', version})

Concurrent writers: users MERGE on the ``User.id`` uniqueness constraint; a tie MERGEs on its two
users, and Neo4j's MERGE locks both users before it creates a relationship and looks again under
the locks, so concurrent and repeated loads converge to one relationship per tie (a uniqueness
constraint on a tie-key property would do the same at half the load rate: bench/tie_writes.py). Result write-backs
(circles, leaders, user properties, a campaign) each run in one transaction that first locks the
``results`` node: readers see the old result or the new one, and write-backs take turns.

An undirected tie is one relationship oriented from the smaller id to the larger, so a re-load
MERGEs the same relationship. Every query is a parameterised file in ``cypher/``, loaded by name;
batches are sent column-wise (one list per property), which packs several times faster than a
list of maps. Property names are camelCase in Neo4j and snake_case in Python; the original user
and tie column names are recorded on the metadata node so they convert back exactly. Missing
values (None/NaN) are never written, and read back as NaN.

Driver errors are translated here, once: unreachable server or refused credentials raise
:class:`~graphkit.errors.StoreUnavailableError` (never quoting the password), failed queries raise
:class:`~graphkit.errors.StoreQueryError`.

Examples
--------
>>> from graphkit.store.neo4j import camel_case, snake_case
>>> camel_case("leader_score"), snake_case("leaderScore")
('leaderScore', 'leader_score')
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import random
import re
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit

import neo4j
import numpy as np
import pandas as pd
from neo4j import GraphDatabase

from graphkit.errors import InvalidInputError, StoreQueryError, StoreUnavailableError
from graphkit.graph import STRONG, SocialGraph
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
    graph_from_tables,
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

_TIE_PROPERTIES = ("weight", "p", "labelled_by")  # sent as their own parameters
_DEADLOCK_PATIENCE = 600.0  # seconds a write keeps retrying deadlocks with other writers
_OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"
_READ_PAGE = 50_000  # ids per existence check
_TIE_PAGE = 10_000  # users whose out-ties one read_ties call returns


@functools.cache
def _query(name: str) -> str:
    return (importlib.resources.files("graphkit") / "cypher" / f"{name}.cypher").read_text()


def _statements(name: str) -> list[str]:
    """The statements of a multi-statement file (separated by ';' at the end of a line)."""
    chunks = re.split(r";[ \t]*$", _query(name), flags=re.MULTILINE)
    code = [
        "\n".join(line for line in chunk.splitlines() if not line.lstrip().startswith("//"))
        for chunk in chunks
    ]
    return [statement.strip() for statement in code if statement.strip()]


def _redacted(uri: str) -> str:
    parts = urlsplit(uri)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


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
    ) -> None:
        if batch_size < 1:
            raise InvalidInputError(f"batch_size must be >= 1, got {batch_size}")
        if workers < 1:
            raise InvalidInputError(f"workers must be >= 1, got {workers}")
        self.workers = int(workers)
        self.location = _redacted(uri)
        parts = urlsplit(uri)
        if parts.username is not None or parts.password is not None:
            raise InvalidInputError(
                f"location {self.location} must not carry credentials; "
                "pass user/password (GRAPHKIT_NEO4J_USER, GRAPHKIT_NEO4J_PASSWORD) instead"
            )
        self.user = user
        self.database = database
        self.batch_size = int(batch_size)
        self._schema_ready = False
        auth = None if password is None else (user, password)
        try:
            self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        except (neo4j.exceptions.ConfigurationError, ValueError) as error:
            raise InvalidInputError(
                f"location {self.location!r} is not a usable Neo4j URI: {error}"
            ) from error
        try:
            with self._errors():
                self._driver.verify_connectivity()
                self._read("counts")
        except BaseException:
            self._driver.close()
            raise

    def __repr__(self) -> str:
        return f"Neo4jStore(location={self.location!r}, user={self.user!r}, database={self.database!r})"

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except neo4j.exceptions.AuthError as error:
            raise StoreUnavailableError(
                f"authentication failed for user {self.user!r} at {self.location}"
            ) from error
        except neo4j.exceptions.Neo4jError as error:
            if error.code == _OUT_OF_MEMORY:
                raise StoreQueryError(
                    f"Neo4j at {self.location} has too little memory for this write in one transaction "
                    f"({error.message}); give the server a larger heap, e.g. graphkit neo4j start --heap 4g"
                ) from error
            if error.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise StoreUnavailableError(
                    f"database {self.database!r} not found at {self.location}"
                ) from error
            raise StoreQueryError(
                f"Neo4j at {self.location} failed a query: {error.code}: {error.message}"
            ) from error
        except neo4j.exceptions.DriverError as error:
            raise StoreUnavailableError(f"cannot reach Neo4j at {self.location}: {error}") from error

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.database)

    def _read(self, name: str, **params) -> list[dict]:
        def work(tx):
            return [dict(record.items()) for record in tx.run(_query(name), params)]

        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def _write(self, name: str, **params) -> list[dict]:
        """Run one write query in a transaction of its own (see :meth:`_transaction`)."""

        def work(tx):
            return [dict(record.items()) for record in tx.run(_query(name), params)]

        return self._transaction(work)

    def _transaction(self, work):
        """Run ``work(tx)`` in one explicit transaction and commit it; return what it returned.

        Writers that meet each other (several loads touching the same users deadlock now and
        then, and Neo4j aborts one of them) are retried with growing, jittered pauses for up to
        ``_DEADLOCK_PATIENCE`` seconds in all. Anything else fails at once: a server that went
        away is reported now, not after the driver's own retries, and a transaction too large
        for the server's memory is said to be so.
        """
        deadline = time.monotonic() + _DEADLOCK_PATIENCE
        for attempt in itertools.count():
            try:
                with self._session() as session, session.begin_transaction() as tx:
                    result = work(tx)
                    tx.commit()
                    return result
            except neo4j.exceptions.TransientError as error:
                if error.code == _OUT_OF_MEMORY or time.monotonic() > deadline:
                    with self._errors():
                        raise
                time.sleep(min(5.0, 0.2 * 2**attempt) * random.uniform(0.5, 1.5))
            except Exception:
                with self._errors():
                    raise

    def _autocommit(self, name: str, **params) -> None:
        """Run a query that manages its own transactions (``CALL ... IN TRANSACTIONS``)."""
        with self._errors(), self._session() as session:
            session.run(_query(name), params).consume()

    def _batches(
        self,
        name: str,
        columns: dict[str, list],
        props: dict[str, list],
        progress: ProgressCallback | None = None,
        **fixed,
    ) -> None:
        """Write ``columns``/``props`` (aligned lists) in transactions of ``batch_size`` rows.

        ``workers`` transactions run at once (the server runs each on its own thread, and the
        client packs one batch while the server writes another). Deadlocks between them are
        transient errors the driver retries.
        """
        n_rows = len(next(iter(columns.values())))

        def write(start: int) -> int:
            stop = min(start + self.batch_size, n_rows)
            self._write(
                name,
                **fixed,
                **{key: values[start:stop] for key, values in columns.items()},
                props={key: values[start:stop] for key, values in props.items()},
            )
            return stop - start

        with ThreadPoolExecutor(self.workers) as pool:
            pending: deque[Future[int]] = deque()
            try:
                for start in range(0, n_rows, self.batch_size):
                    pending.append(pool.submit(write, start))
                    while len(pending) > self.workers or (pending and pending[0].done()):
                        _report(progress, pending.popleft().result())
                while pending:
                    _report(progress, pending.popleft().result())
            finally:
                for future in pending:
                    future.cancel()

    def _ensure_schema(self) -> None:
        """Create the constraints (idempotent), first de-duplicating the ties of a version-1 store."""
        if self._schema_ready:
            return
        meta = self._meta()
        upgrade = meta is not None and (meta["schemaVersion"] or 1) < 2
        if upgrade:
            self._autocommit("remove_duplicate_ties")
        with self._errors(), self._session() as session:
            for statement in _statements("schema"):
                session.run(statement).consume()
        if upgrade:
            self._write("write_meta", directed=meta["directed"], schemaVersion=SCHEMA_VERSION, userColumns=[], tieColumns=[])
        self._schema_ready = True

    def _write_results(self, steps: list[tuple[str, dict[str, list], dict[str, list], dict]]) -> None:
        """Run result write-back ``steps`` in one transaction, after ``lock_results``.

        Each step is (query name, aligned column lists, aligned property lists, fixed parameters),
        sent in batches of ``batch_size`` rows; a step without columns runs once. Readers see
        the previous result or the new one, never a mix, and concurrent write-backs take turns.
        """

        def work(tx):
            tx.run(_query("lock_results")).consume()
            for name, columns, props, fixed in steps:
                n_rows = len(next(iter(columns.values()))) if columns else 1
                for start in range(0, n_rows, self.batch_size):
                    stop = start + self.batch_size
                    batch = {key: values[start:stop] for key, values in columns.items()}
                    if columns:
                        batch["props"] = {key: values[start:stop] for key, values in props.items()}
                    tx.run(_query(name), {**fixed, **batch}).consume()

        self._ensure_schema()
        self._transaction(work)

    def _meta(self) -> dict | None:
        rows = self._read("read_meta")
        return rows[0] if rows else None

    # ------------------------------------------------------------------ reading
    def counts(self) -> StoreCounts:
        row = self._read("counts")[0]
        return StoreCounts(
            users=row["users"],
            strong_ties=row["strongTies"],
            weak_ties=row["weakTies"],
            directed=row["directed"],
        )

    def existing_user_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = [str(i) for i in ids]
        held: set[str] = set()
        for start in range(0, len(wanted), _READ_PAGE):
            held.update(
                row["id"] for row in self._read("existing_user_ids", ids=wanted[start : start + _READ_PAGE])
            )
        return held

    def read_graph(self) -> SocialGraph:
        meta = self._meta()
        if meta is None:
            return graph_from_tables(
                pd.DataFrame({"id": pd.Series([], dtype=object)}),
                pd.DataFrame({c: pd.Series([], dtype=object) for c in ("source", "target", "tie")}),
                directed=False,
            )
        user_columns, tie_columns = meta["userColumns"], list(_TIE_PROPERTIES) + meta["tieColumns"]
        row = self._read("read_users", keys=[camel_case(c) for c in user_columns])[0]
        users = _columns(row["values"], user_columns)
        users.insert(0, "id", pd.Series(row["id"], dtype=object))
        parts = []
        ids = row["id"]
        keys = [camel_case(c) for c in tie_columns]
        for start in range(0, len(ids), _TIE_PAGE):
            page = self._read("read_ties", ids=ids[start : start + _TIE_PAGE], keys=keys)[0]
            ties = _columns(page["values"], tie_columns)
            ties.insert(0, "source", pd.Series(page["source"], dtype=object))
            ties.insert(1, "target", pd.Series(page["target"], dtype=object))
            ties.insert(2, "tie", np.where(np.asarray(page["strong"], dtype=bool), STRONG, "weak"))
            parts.append(ties)
        ties = (
            pd.concat(parts, ignore_index=True)
            if parts
            else _columns([], ["source", "target", "tie", *tie_columns])
        )
        return graph_from_tables(users, ties, directed=bool(meta["directed"]))

    def read_table(self, name: str) -> pd.DataFrame:
        if name not in RESULT_COLUMNS:
            raise InvalidInputError(f"name must be one of {', '.join(RESULT_COLUMNS)}, got {name!r}")
        table = _frame([row["props"] for row in self._read(f"read_{name}")], list(RESULT_COLUMNS[name]))
        return finish_table(name, table) if len(table) else empty_table(name)

    # ------------------------------------------------------------------ writing
    def write_graph(self, graph: SocialGraph, *, progress: ProgressCallback | None = None) -> WriteSummary:
        check_storable_graph(graph)
        started = time.perf_counter()
        meta = self._meta()
        if meta is not None and meta["directed"] is not None and meta["directed"] != graph.directed:
            raise InvalidInputError(directedness_mismatch(self.location, meta["directed"], graph.directed))
        ties = tie_table(graph)
        extras = [c for c in ties.columns if c not in TIE_BASE_COLUMNS]
        user_columns = [c for c in graph.users.columns if c != "id"]
        _property_keys(_union(meta["userColumns"] if meta else [], user_columns), reserved={"id"}, what="user")
        tie_keys = _property_keys(
            _union(meta["tieColumns"] if meta else [], extras),
            reserved={camel_case(c) for c in _TIE_PROPERTIES},
            what="tie",
        )
        self._ensure_schema()
        recorded = self._write(
            "write_meta",
            directed=graph.directed,
            schemaVersion=SCHEMA_VERSION,
            userColumns=user_columns,
            tieColumns=extras,
        )[0]
        if recorded["directed"] != graph.directed:  # another load recorded the other kind meanwhile
            raise InvalidInputError(directedness_mismatch(self.location, recorded["directed"], graph.directed))
        if graph.n_nodes:
            self._batches(
                "merge_users",
                {"id": graph.users["id"].tolist()},
                {camel_case(c): column_values(graph.users[c]) for c in user_columns},
                progress,
            )
        strong = (ties["tie"] == STRONG).to_numpy()
        for kind, mask in (("strong", strong), ("weak", ~strong)):
            if not mask.any():
                continue
            part = ties[mask]
            self._batches(
                f"merge_{kind}_ties",
                {
                    "source": part["source"].tolist(),
                    "target": part["target"].tolist(),
                    **{camel_case(c): column_values(part[c]) for c in _TIE_PROPERTIES},
                },
                {tie_keys[c]: column_values(part[c]) for c in extras},
                progress,
            )
        return WriteSummary(
            users_written=graph.n_nodes,
            ties_written=graph.n_ties,
            seconds=time.perf_counter() - started,
            counts=self.counts(),
        )

    def write_user_properties(self, table: pd.DataFrame) -> None:
        table = check_user_properties(table)
        check_known_users(self.existing_user_ids, table["id"], "table")
        meta = self._meta()
        if meta is None:  # an empty store and an empty table: nothing to replace
            return
        columns = [c for c in table.columns if c != "id"]
        keys = _property_keys(_union(meta["userColumns"], columns), reserved={"id"}, what="user")
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
        props = {camel_case(k): v for k, v in campaign.items() if k != "name" and not _missing(v)}
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
        self._autocommit("clear_relationships")
        self._autocommit("clear_nodes")

    def close(self) -> None:
        self._driver.close()


def _report(progress: ProgressCallback | None, n_rows: int) -> None:
    if progress is not None:
        progress(n_rows)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


def _union(old: list[str], new: Iterable[str]) -> list[str]:
    return list(old) + [c for c in new if c not in old]


def _property_keys(columns: list[str], *, reserved: set[str], what: str) -> dict[str, str]:
    """Column name -> property key; raises if two columns (or a column and a fixed key) collide."""
    keys: dict[str, str] = {}
    owners: dict[str, str] = {}
    for column in columns:
        key = camel_case(column)
        if key in reserved or key in owners:
            other = owners.get(key, key)
            raise InvalidInputError(
                f"{what} column {column!r} would be stored as Neo4j property {key!r}, "
                f"which {other!r} already uses; rename one of them"
            )
        keys[column] = key
        owners[key] = column
    return keys


def _columns(rows: list[list], names: list[str]) -> pd.DataFrame:
    """Rows of property values (aligned with ``names``) as a DataFrame."""
    table = (
        pd.DataFrame(rows, columns=names)
        if rows
        else pd.DataFrame({c: pd.Series([], dtype=object) for c in names})
    )
    return _native(table)


def _native(table: pd.DataFrame) -> pd.DataFrame:
    """Neo4j temporal values as Python ones."""
    for column in table.columns:
        if table[column].dtype == object:
            present = table[column].dropna()
            if len(present) and hasattr(present.iloc[0], "to_native"):
                table[column] = table[column].map(lambda v: v.to_native() if hasattr(v, "to_native") else v)
    return table


def _frame(records: list[dict], known: list[str]) -> pd.DataFrame:
    """Property maps as a DataFrame with snake_case columns: ``known`` names first, in order."""
    names = {camel_case(column): column for column in known}
    table = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    table = _native(table.rename(columns=lambda key: names.get(key, snake_case(key))))
    order = [c for c in known if c in table.columns] + sorted(c for c in table.columns if c not in known)
    return table[order]
