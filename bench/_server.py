"""A throw-away local Neo4j server for benchmarks: free ports, a temporary data folder, stopped after."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def throwaway_server(data_dir: Path, *, heap: str = "2g", pagecache: str = "1g") -> Iterator:
    """A started ``Neo4jServer`` with its data in ``data_dir`` (jars from ``GRAPHKIT_NEO4J_HOME``)."""
    from graphkit.server import Neo4jServer, ServerConfig

    server = Neo4jServer(
        ServerConfig(
            home=Path(os.environ.get("GRAPHKIT_NEO4J_HOME", REPO / ".neo4j")),
            data_dir=data_dir,
            bolt_port=free_port(),
            http_port=free_port(),
            password="bench-password",
            heap=heap,
            pagecache=pagecache,
        )
    )
    server.start(timeout=180)
    try:
        yield server
    finally:
        server.stop()
