"""A local Neo4j Community server assembled from Maven Central and launched with ``java``.

Examples
--------
>>> from graphkit.server import ServerConfig, Neo4jServer
>>> Neo4jServer(ServerConfig(home="/tmp/gk-neo4j")).uri
'bolt://127.0.0.1:7687'
"""

from graphkit.server.install import APOC_VERSION, GDS_VERSION, NEO4J_VERSION, install_server, is_installed
from graphkit.server.launcher import Neo4jServer, ServerConfig, ServerStatus

__all__ = [
    "Neo4jServer", "ServerConfig", "ServerStatus", "install_server", "is_installed",
    "APOC_VERSION", "GDS_VERSION", "NEO4J_VERSION",
]
