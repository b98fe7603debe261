"""Opening the store a command names, and closing it when the command ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graphkit.store import open_store
from graphkit.store.base import GraphStore
from graphkit.store._lock import WaitNotice

__all__ = ["open_cli_store"]


@contextmanager
def open_cli_store(
    location: str,
    user: str = "neo4j",
    password: str | None = None,
    database: str = "neo4j",
    *,
    wait: bool = True,
    notice: WaitNotice | None = None,
) -> Iterator[GraphStore]:
    """Yield the store at ``location`` (a folder or a neo4j:// / bolt:// URI), closed afterwards.

    ``wait`` and ``notice``: what a write does when another process is writing to an embedded
    store (see :class:`graphkit.store.ParquetStore`).
    """
    store = open_store(location, user=user, password=password, database=database, wait=wait, notice=notice)
    try:
        yield store
    finally:
        store.close()
