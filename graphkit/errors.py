"""Exceptions raised by graphkit.

Every error graphkit raises on purpose derives from :class:`GraphkitError`, so callers can catch
one class. The CLI maps them to exit codes: input and analysis errors exit 1, store errors exit 3.

Examples
--------
>>> from graphkit.errors import InvalidInputError
>>> str(InvalidInputError("unknown tie label 'close'", path="ties.csv", line=7, field="tie"))
"ties.csv, line 7, field 'tie': unknown tie label 'close'"
>>> str(InvalidInputError("must be > 0, got -5", path="spring.toml", key="budget.total"))
"spring.toml, key 'budget.total': must be > 0, got -5"
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "GraphkitError",
    "InvalidInputError",
    "StoreError",
    "StoreUnavailableError",
    "AuthenticationError",
    "StoreQueryError",
    "StoreBusyError",
    "NoGraphError",
    "ServerError",
    "ClusterUnavailableError",
]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose."""


class InvalidInputError(GraphkitError, ValueError):
    """Input that graphkit cannot accept: a bad file row, argument or configuration value.

    ``path``, ``line`` (1-based, counting the header) and ``field`` locate the problem when it
    comes from a file, ``key`` (dotted, e.g. ``budget.total``) when it comes from a configuration
    file; they are prefixed to the message.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        key: str | None = None,
    ) -> None:
        self.reason = message
        self.path = None if path is None else str(path)
        self.line = line
        self.field = field
        self.key = key
        where = []
        if self.path is not None:
            where.append(self.path)
        if line is not None:
            where.append(f"line {line}")
        if field is not None:
            where.append(f"field {field!r}")
        if key is not None:
            where.append(f"key {key!r}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


class StoreError(GraphkitError):
    """A graph store failed."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached, or it refused our credentials."""


class AuthenticationError(StoreUnavailableError):
    """The store was reached and refused our credentials."""


class StoreQueryError(StoreError):
    """The store was reached but a query or write failed."""


class StoreBusyError(StoreError):
    """Another process is writing to the store, and the caller asked not to wait for it."""


class NoGraphError(StoreError):
    """The store holds no graph to read: a folder that is missing (a typo), empty or holds other
    files, or a Neo4j database without graphkit's users. An input error (the CLI exits 1)."""


class ServerError(GraphkitError):
    """The local Neo4j server could not be installed, started or stopped."""


class ClusterUnavailableError(GraphkitError):
    """The Dask scheduler named by ``--cluster`` cannot be reached, or a local cluster did not start."""
