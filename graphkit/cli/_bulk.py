"""``graphkit load``'s bulk first load: is the store the local server graphkit manages, and may it bulk-load?

The managed server is the one ``graphkit neo4j start --home HOME`` runs: its ``HOME/conf/neo4j.conf``
names its Bolt port, and its pid file says it runs. A Neo4j store at a loopback address on that
port is that server, and can be bulk-loaded (stopped, imported into and restarted) while its
database is empty. :func:`size_for_load` sizes its memory for what the load brings: a bulk load
applies it at the import's restart, a Bolt load restarts the server when it needs more.

Examples
--------
>>> managed_server("bolt://127.0.0.1:7687", "/nonexistent", password=None) is None
True
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    from graphkit.graph import SocialGraph
    from graphkit.server.launcher import Neo4jServer
    from graphkit.store.base import GraphStore

__all__ = ["bulk_importer", "managed_server", "size_for_load"]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def managed_server(location: str, home: str | Path, *, password: str | None) -> Neo4jServer | None:
    """The running server graphkit started from ``home`` if ``location`` (a Neo4j URI) is it, else None."""
    from graphkit.server.launcher import Neo4jServer, recorded_config

    config = recorded_config(home, password=password)
    parts = urlsplit(location)
    if config is None or parts.hostname not in _LOOPBACK or (parts.port or 7687) != config.bolt_port:
        return None
    server = Neo4jServer(config)
    return server if server.status().running else None


def bulk_importer(store: GraphStore, bulk: bool | None, home: str | Path, *, user: str,
                  password: str | None) -> Neo4jServer | None:
    """The server to bulk-load ``store`` with: None for Bolt.

    ``bulk`` None (auto) bulk-loads when ``store`` is the managed server (the store itself then
    takes Bolt if the database is not empty); True insists, False never does.

    Raises
    ------
    InvalidInputError
        ``bulk`` is True and the store is not the managed local server, or its database is not empty.
    """
    from graphkit.store.neo4j import Neo4jStore

    if bulk is False:
        return None
    neo4j = isinstance(store, Neo4jStore)
    server = managed_server(store.location, home, password=password) if neo4j and user == "neo4j" else None
    if bulk and server is None:
        raise InvalidInputError(
            f"--bulk needs the local Neo4j server graphkit manages (graphkit neo4j start --home {home}), "
            f"and the store {store.location} is not it; leave out --bulk to load over Bolt"
        )
    if bulk and not store.is_empty():
        users = store.counts().users
        held = f"{users:,} users" if users else "nodes graphkit did not write"
        raise InvalidInputError(
            f"--bulk needs an empty database, and {store.database!r} at {store.location} holds {held}; "
            "leave out --bulk to load over Bolt, or clear the database first"
        )
    return server


def size_for_load(store: GraphStore, graph: SocialGraph, home: str | Path, *, importer: Neo4jServer | None,
                  bulk: bool | None, user: str, password: str | None, heap: str, pagecache: str) -> dict | None:
    """Size the managed server's memory for ``store`` after loading ``graph`` into it: the plan's
    fields, ``applied`` (when it applies) and ``note``; None when ``store`` is not the managed server.

    ``importer`` is the server :func:`bulk_importer` chose (None: found from ``home`` as for a
    bulk load, for ``--no-bulk``). A bulk load (``bulk``, or auto into an empty database with
    importable columns) applies the sizes at the import's restart. A Bolt load restarts the
    server first only when ``heap`` or ``pagecache`` was given and differs from what it runs with
    (under ``auto`` it says the sizes were not applied: a restart would cut off the server's other
    sessions), then reads the counts once, so the store's driver drops its connections to the old
    process. ``heap`` and ``pagecache`` are ``auto`` or sizes
    (see :meth:`graphkit.server.launcher.Neo4jServer.size_for`).
    """
    from graphkit.server.memory import AUTO
    from graphkit.store._bulk_import import import_refusal
    from graphkit.store._tables import TIE_BASE_COLUMNS
    from graphkit.store.neo4j import Neo4jStore

    server = importer
    if server is None and isinstance(store, Neo4jStore) and user == "neo4j":
        server = managed_server(store.location, home, password=password)
    if server is None:
        return None
    counts = store.counts()
    plan = server.size_for(
        users=counts.users + graph.n_nodes,
        ties=counts.ties + graph.n_ties,
        user_properties=len(graph.users.columns) - 1,
        tie_properties=len([c for c in graph.ties.columns if c not in TIE_BASE_COLUMNS]),
        heap=heap,
        pagecache=pagecache,
    )
    if bulk or (bulk is None and import_refusal(graph) is None and store.is_empty()):
        when = "applied at the bulk import's restart"
    elif server.needs_restart() and heap == pagecache == AUTO:
        when = ("not applied: the server keeps its sizes while it runs (restart it to apply them, or give "
                "--neo4j-heap / --neo4j-pagecache to restart it for this load)")
    elif server.needs_restart():
        server.restart()
        store.counts()
        when = "the server was restarted with them before loading over Bolt"
    else:
        when = "the server runs with them already"
    return {**dataclasses.asdict(plan), "applied": when, "note": f"{plan.describe()}; {when}."}
