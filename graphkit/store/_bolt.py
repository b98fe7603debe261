"""The Neo4j store's connection: queries by name, driver errors translated once, retried transactions.

The only module of graphkit that imports the ``neo4j`` driver. A :class:`Bolt` holds one driver
for one database and runs the query files of ``cypher/`` by name, always with parameters:

* every driver error is translated here, once: an unreachable server or refused credentials raise
  :class:`~graphkit.errors.StoreUnavailableError` (never quoting the password), failed queries
  raise :class:`~graphkit.errors.StoreQueryError`;
* a write runs in an explicit transaction, retried with jittered pauses when it deadlocks with
  another writer, and failing at once for anything else;
* a server on this machine (loopback) that went away is reported within seconds: the driver's
  own retries of reads and its connection attempts are bounded to :data:`LOCAL_PATIENCE`
  (its defaults, kept for remote servers, spend a minute retrying a refused connection);
* large writes go in batches of ``batch_size`` rows, ``workers`` transactions in flight at once,
  each sent column-wise (one list per property), which packs several times faster than a list
  of maps, a batch of ties with its users once each and its ties as positions among them
  (:class:`Endpoints`); large reads go in pages, ``workers`` at once (:meth:`Bolt.read_pages`).

Making a ``Bolt`` does not contact the server; :meth:`Bolt.check` does.

Examples
--------
>>> from graphkit.store._bolt import Bolt, redacted
>>> redacted("neo4j+s://db.example.org:7687/neo4j?policy=eu")
'neo4j+s://db.example.org:7687'
>>> Bolt("bolt://neo4j:secret@localhost:7687", user="neo4j", password=None, database="neo4j",
...      batch_size=10, workers=1)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: location bolt://localhost:7687 must not carry credentials; ...
"""

from __future__ import annotations

import functools
import importlib.resources
import itertools
import random
import re
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from urllib.parse import urlsplit

import neo4j
import numpy as np
import pandas as pd
from neo4j import GraphDatabase

from graphkit.errors import AuthenticationError, InvalidInputError, StoreQueryError, StoreUnavailableError
from graphkit.store.base import ProgressCallback

__all__ = ["Bolt", "Endpoints", "Step", "redacted"]

Step = tuple[str, dict[str, list], dict[str, list], dict]
"""One query of :meth:`Bolt.write_steps`: (query name, aligned column lists, aligned property
lists, fixed parameters)."""

_DEADLOCK_PATIENCE = 600.0  # seconds a write keeps retrying deadlocks with other writers
LOCAL_PATIENCE = {"max_transaction_retry_time": 2.0, "connection_timeout": 3.0}
"""Driver settings (seconds) for a server on a loopback address: retry a failed read for 2 s, wait
3 s for a connection."""
_LOOPBACK = re.compile(r"localhost|127(\.\d{1,3}){3}|::1")
_OUT_OF_MEMORY = "Neo.TransientError.General.MemoryPoolOutOfMemoryError"


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


def redacted(uri: str) -> str:
    """``scheme://host:port`` of ``uri``: what may be shown of it (no credentials, path or query)."""
    parts = urlsplit(uri)
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{host}" + (f":{port}" if port is not None else "")


class Bolt:
    """A Neo4j driver for one database, with graphkit's error translation, retries and batching.

    Parameters
    ----------
    uri : str
        ``neo4j://``, ``neo4j+s://``, ``bolt://`` ... without credentials.
    user : str
    password : str or None
        None connects without authentication (a server with auth disabled).
    database : str
    batch_size : int
        Rows per write transaction (>= 1).
    workers : int
        Write transactions (and read pages) in flight at once (>= 1).

    Raises
    ------
    InvalidInputError
        If ``uri`` carries credentials or is not a Neo4j URI, or ``batch_size`` or ``workers`` < 1.
    """

    def __init__(
        self, uri: str, *, user: str, password: str | None, database: str, batch_size: int, workers: int
    ) -> None:
        if batch_size < 1:
            raise InvalidInputError(f"batch_size must be >= 1, got {batch_size}")
        if workers < 1:
            raise InvalidInputError(f"workers must be >= 1, got {workers}")
        self.workers = int(workers)
        self.location = redacted(uri)
        parts = urlsplit(uri)
        if parts.username is not None or parts.password is not None:
            raise InvalidInputError(
                f"location {self.location} must not carry credentials; "
                "pass user/password (GRAPHKIT_NEO4J_USER, GRAPHKIT_NEO4J_PASSWORD) instead"
            )
        self.user = user
        self.database = database
        self.batch_size = int(batch_size)
        auth = None if password is None else (user, password)
        local = LOCAL_PATIENCE if _LOOPBACK.fullmatch(parts.hostname or "") else {}
        try:
            self.driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF", **local)
        except (neo4j.exceptions.ConfigurationError, ValueError) as error:
            raise InvalidInputError(
                f"location {self.location!r} is not a usable Neo4j URI: {error}"
            ) from error

    def check(self, probe: str) -> None:
        """Reach the server and run the read query ``probe``; if that fails, close the driver and raise.

        Raises
        ------
        StoreUnavailableError
            If the server cannot be reached, refuses the credentials or has no such database.
        """
        try:
            with self._errors():
                self.driver.verify_connectivity()
                self.read(probe)
        except BaseException:
            self.driver.close()
            raise

    def close(self) -> None:
        self.driver.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except neo4j.exceptions.AuthError as error:
            raise AuthenticationError(
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
        return self.driver.session(database=self.database)

    def read(self, name: str, **params) -> list[dict]:
        """The records of read query ``name``, as dicts."""

        def work(tx):
            return [dict(record.items()) for record in tx.run(_query(name), params)]

        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def read_pages(self, name: str, pages: list[dict]) -> Iterator[list[dict]]:
        """The records of read query ``name`` run with each parameter map of ``pages``, in order.

        ``workers`` pages are read at once, each in a session of its own (a session belongs to
        one thread; the driver is shared), so the server runs one query while the client takes in
        another's records. E.g. ``for (row,) in bolt.read_pages("read_ties", [{"ids": ids[:10],
        "keys": []}, {"ids": ids[10:], "keys": []}]): ...``.
        """
        with ThreadPoolExecutor(max(1, min(self.workers, len(pages)))) as pool:
            yield from pool.map(lambda page: self.read(name, **page), pages)

    def write(self, name: str, **params) -> list[dict]:
        """Run one write query in a transaction of its own (see :meth:`_transaction`)."""

        def work(tx):
            return [dict(record.items()) for record in tx.run(_query(name), params)]

        return self._transaction(work)

    def _transaction(self, work):
        """Run ``work(tx)`` in one explicit transaction and commit it; return what it returned
        (retried as :meth:`_retrying` says)."""

        def attempt():
            with self._session() as session, session.begin_transaction() as tx:
                result = work(tx)
                tx.commit()
                return result

        return self._retrying(attempt)

    def _retrying(self, attempt):
        """``attempt()``, again after a transient error: writers that meet each other (several loads
        touching the same users deadlock now and then, or wait for a lock longer than the server
        allows, and Neo4j aborts one of them) are retried with growing, jittered pauses for up to
        ``_DEADLOCK_PATIENCE`` seconds in all. Anything else fails at once: a server that went
        away is reported now, not after the driver's own retries, and a transaction too large
        for the server's memory is said to be so.
        """
        deadline = time.monotonic() + _DEADLOCK_PATIENCE
        for count in itertools.count():
            try:
                return attempt()
            except neo4j.exceptions.TransientError as error:
                if error.code == _OUT_OF_MEMORY or time.monotonic() > deadline:
                    with self._errors():
                        raise
                time.sleep(min(5.0, 0.2 * 2**count) * random.uniform(0.5, 1.5))
            except Exception:
                with self._errors():
                    raise

    def autocommit(self, name: str, **params) -> None:
        """Run a query that manages its own transactions (``CALL ... IN TRANSACTIONS``); the
        graphkit queries run so (clearing, de-duplicating) may run again after a transient error."""

        def attempt():
            with self._session() as session:
                session.run(_query(name), params).consume()

        self._retrying(attempt)

    def run_script(self, name: str) -> None:
        """Run the statements of the multi-statement file ``name`` one by one, each in a transaction
        of its own (see :meth:`_transaction`: loads starting together on an empty database
        deadlock on creating the same constraints)."""
        for statement in _statements(name):
            self._transaction(lambda tx, statement=statement: tx.run(statement).consume())

    def write_batches(
        self,
        name: str,
        columns: dict[str, list],
        props: dict[str, list],
        progress: ProgressCallback | None = None,
        *,
        endpoints: Endpoints | None = None,
        **fixed,
    ) -> None:
        """Write ``columns``/``props`` (aligned lists) in transactions of ``batch_size`` rows.

        ``workers`` transactions run at once (the server runs each on its own thread, and the
        client packs one batch while the server writes another). Deadlocks between them are
        retried (see :meth:`_transaction`). With ``endpoints`` (a tie query), each batch also
        gets ``ids``, its users in ascending order, and ``source``/``target`` as positions in it
        (see :class:`Endpoints`).
        """
        n_rows = len(next(iter(columns.values())))

        def write(start: int) -> int:
            stop = min(start + self.batch_size, n_rows)
            self.write(
                name,
                **fixed,
                **{key: values[start:stop] for key, values in columns.items()},
                **(endpoints.batch(start, stop) if endpoints is not None else {}),
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

    def write_steps(self, steps: list[Step]) -> None:
        """Run ``steps`` in order in one transaction (see :meth:`_transaction`).

        Each step's columns and properties are sent in batches of ``batch_size`` rows, with its
        fixed parameters; a step without columns runs once.
        """

        def work(tx):
            for name, columns, props, fixed in steps:
                n_rows = len(next(iter(columns.values()))) if columns else 1
                for start in range(0, n_rows, self.batch_size):
                    stop = start + self.batch_size
                    batch = {key: values[start:stop] for key, values in columns.items()}
                    if columns:
                        batch["props"] = {key: values[start:stop] for key, values in props.items()}
                    tx.run(_query(name), {**fixed, **batch}).consume()

        self._transaction(work)


class Endpoints:
    """The two users of each tie, as ranks in ``ids``, sent per batch as positions in the batch's users.

    ``ids`` are all the users' ids in ascending order (code points, the order in which every
    graphkit writer locks users); ``source``/``target`` are each tie's users as indices into it.
    A batch's users are looked up and locked once each, however many of its ties they have.

    >>> import numpy as np
    >>> Endpoints(np.array(["a", "b", "c"], dtype=object), np.array([2, 0]), np.array([0, 1])).batch(0, 2)
    {'ids': ['a', 'b', 'c'], 'source': [2, 0], 'target': [0, 1]}
    >>> Endpoints.of(["c", "a"], ["a", "b"]).batch(1, 2)
    {'ids': ['a', 'b'], 'source': [0], 'target': [1]}
    """

    def __init__(self, ids: np.ndarray, source: np.ndarray, target: np.ndarray) -> None:
        self.ids, self.source, self.target = ids, source, target

    @classmethod
    def of(cls, source: list[str], target: list[str]) -> Endpoints:
        """The endpoints of ties given by their users' ids."""
        codes, ids = pd.factorize(np.asarray([*source, *target], dtype=object))
        order = np.argsort(ids)  # only the distinct ids are compared
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        ranks = rank[codes]
        return cls(np.asarray(ids, dtype=object)[order], ranks[: len(source)], ranks[len(source) :])

    def batch(self, start: int, stop: int) -> dict[str, list]:
        """``ids``, ``source`` and ``target`` of ties ``start:stop``."""
        source, target = self.source[start:stop], self.target[start:stop]
        users = np.unique(np.concatenate([source, target]))
        return {
            "ids": self.ids[users].tolist(),
            "source": np.searchsorted(users, source).tolist(),
            "target": np.searchsorted(users, target).tolist(),
        }


def _report(progress: ProgressCallback | None, n_rows: int) -> None:
    if progress is not None:
        progress(n_rows)
