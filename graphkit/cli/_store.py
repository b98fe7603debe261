"""The store options every command that reads or writes a graph shares, as one object.

:func:`store_options` adds ``--store``, ``--neo4j-user``, ``--neo4j-password``,
``--neo4j-database`` (and, for commands that write, ``--no-wait``) to a command, and hands the
command one :class:`StoreOptions` in the parameter ``store`` instead; ``store.open(out)`` opens
the store for the ``with`` block.

Examples
--------
>>> import typer
>>> @store_options(writes=False)
... def count(store: StoreOptions) -> None:
...     "Count users."
>>> import inspect
>>> [name for name in inspect.signature(count).parameters]
['store_location', 'neo4j_user', 'neo4j_password', 'neo4j_database']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli._inject import shared_options
from graphkit.cli._options import (
    DEFAULT_STORE,
    Neo4jDatabaseOption,
    Neo4jPasswordOption,
    Neo4jUserOption,
    NoWaitOption,
    Output,
)

if TYPE_CHECKING:
    from graphkit.store.base import GraphStore

__all__ = ["StoreOptions", "store_options"]

_LOCATION_HELP = "A folder (the embedded Parquet store) or a neo4j:// / bolt:// URI."


@dataclass(frozen=True, slots=True)
class StoreOptions:
    """Where a command's graph lives and how to reach it (the password is never shown)."""

    location: str | None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str = "neo4j"
    wait: bool = True

    @contextmanager
    def open(self, out: Output, location: str | None = None) -> Iterator[GraphStore]:
        """Yield the store at ``location`` (default: ``self.location``), closed afterwards.

        A write that finds an embedded store busy says so through ``out.note`` and waits, or,
        with ``--no-wait``, fails (see :class:`graphkit.store.ParquetStore`).
        """
        from graphkit.store import open_store

        store = open_store(
            location or self.location,
            user=self.user,
            password=self.password,
            database=self.database,
            wait=self.wait,
            notice=out.note,
        )
        try:
            yield store
        finally:
            store.close()


def store_options(
    *, writes: bool, location_default: str | None = DEFAULT_STORE, location_help: str = _LOCATION_HELP
) -> Callable[[Callable], Callable]:
    """Give a command the store options; it receives them as ``store: StoreOptions``.

    Parameters
    ----------
    writes : bool
        Whether the command writes to the store (adds ``--no-wait``).
    location_default : str or None, default DEFAULT_STORE
        ``--store``'s default (None: the command decides, e.g. from a campaign file).
    location_help : str
        ``--store``'s help.
    """
    location = typer.Option(
        "--store",
        envvar=None if location_default is None else "GRAPHKIT_STORE",
        help=location_help,
        show_default=location_default is not None,
    )
    options = [
        ("store_location", Annotated[str | None if location_default is None else str, location], location_default),
        ("neo4j_user", Neo4jUserOption, "neo4j"),
        ("neo4j_password", Neo4jPasswordOption, None),
        ("neo4j_database", Neo4jDatabaseOption, "neo4j"),
    ]
    if writes:
        options.append(("no_wait", NoWaitOption, False))

    def build(store_location, neo4j_user, neo4j_password, neo4j_database, no_wait=False) -> StoreOptions:
        return StoreOptions(store_location, neo4j_user, neo4j_password, neo4j_database, wait=not no_wait)

    return lambda command: shared_options(command, "store", options, build)
