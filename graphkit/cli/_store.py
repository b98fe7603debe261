"""Opening the store a command names, and closing it when the command ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphkit.store import open_store
from graphkit.store.base import GraphStore

__all__ = ["open_cli_store"]


@contextmanager
def open_cli_store(location: str, user: str = "neo4j", password: str | None = None, database: str = "neo4j") -> Iterator[GraphStore]:
    """Yield the store at ``location`` (a folder or a neo4j:// / bolt:// URI), closed afterwards."""
    store = open_store(location, user=user, password=password, database=database)
    try:
        yield store
    finally:
        store.close()
