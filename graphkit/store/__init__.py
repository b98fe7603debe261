"""Where graphs and results live: the embedded Parquet folder (default) or a Neo4j server.

Examples
--------
>>> import tempfile
>>> from graphkit.store import open_store
>>> open_store(tempfile.mkdtemp()).counts().users
0
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from graphkit.errors import InvalidInputError
from graphkit.store._lock import WaitNotice
from graphkit.store.base import GraphStore, ProgressCallback, StoreCounts, WriteSummary
from graphkit.store.parquet import ParquetStore

__all__ = [
    "NEO4J_SCHEMES",
    "GraphStore",
    "ParquetStore",
    "ProgressCallback",
    "StoreCounts",
    "WriteSummary",
    "open_store",
]

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
"""URI schemes that open the Neo4j store; any other location is a folder."""


def open_store(
    location: str | Path,
    *,
    user: str = "neo4j",
    password: str | None = None,
    database: str = "neo4j",
    wait: bool = True,
    notice: WaitNotice | None = None,
) -> GraphStore:
    """Open the store at ``location``: a Neo4j URI, or a folder for the embedded Parquet store.

    Parameters
    ----------
    location : str or Path
        ``neo4j://``, ``neo4j+s://``, ``bolt://`` ... URIs (schemes in ``NEO4J_SCHEMES``) open
        Neo4j; anything else is a folder, created on the first write. Credentials never go here.
    user : str, default "neo4j"
        Neo4j user (ignored for folders).
    password : str, optional
        Neo4j password (ignored for folders); None connects without authentication.
    database : str, default "neo4j"
        Neo4j database name (ignored for folders).
    wait : bool, default True
        Folders: when another process is writing, wait for it, or raise
        :class:`~graphkit.errors.StoreBusyError` (Neo4j writers do not wait for each other).
    notice : callable, optional
        Folders: told in one line when a write waits for another writer, and when it goes ahead.

    Returns
    -------
    GraphStore

    Raises
    ------
    InvalidInputError
        If a URI carries credentials or has an unknown scheme, or a folder path is a file.
    StoreUnavailableError
        If Neo4j cannot be reached or refuses the credentials.

    Examples
    --------
    >>> import tempfile
    >>> open_store(tempfile.mkdtemp()).counts().directed is None
    True
    >>> open_store("bolt://neo4j:secret@localhost:7687")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: location bolt://localhost:7687 must not carry credentials; ...
    """
    text = str(location)
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() not in NEO4J_SCHEMES:
            raise InvalidInputError(
                f"location scheme must be one of {', '.join(s + '://' for s in NEO4J_SCHEMES)} or a folder, "
                f"got {parts.scheme}://"
            )
        from graphkit.store.neo4j import Neo4jStore

        return Neo4jStore(text, user=user, password=password, database=database)
    return ParquetStore(text, wait=wait, notice=notice)
