"""graphkit: social-influence and viral-marketing graph analysis.

Load users and strong/weak ties, find circles and opinion leaders, simulate word of mouth and
pick seed users (KOLs) for a campaign under a budget.

``import graphkit`` (and so the ``graphkit`` command's start-up) imports neither numpy nor pandas:
:class:`SocialGraph`, the tie kinds and :func:`generate_social_graph` are imported from their
modules the first time they are asked for.

Examples
--------
>>> import graphkit
>>> graph = graphkit.generate_social_graph(n_users=200, rng=7)
>>> graph.n_nodes
200
"""

from graphkit.errors import (
    GraphkitError,
    InvalidInputError,
    StoreBusyError,
    StoreError,
    StoreQueryError,
    StoreUnavailableError,
)
from graphkit.version import __version__

__all__ = [
    "GraphkitError",
    "InvalidInputError",
    "StoreBusyError",
    "StoreError",
    "StoreQueryError",
    "StoreUnavailableError",
    "SocialGraph",
    "STRONG",
    "WEAK",
    "TIE_KINDS",
    "generate_social_graph",
    "__version__",
]

_FROM_GRAPH = ("SocialGraph", "STRONG", "WEAK", "TIE_KINDS")


def __getattr__(name: str):
    """The re-exports that need numpy and pandas, imported on first use (PEP 562)."""
    if name in _FROM_GRAPH:
        from graphkit import graph

        return getattr(graph, name)
    if name == "generate_social_graph":
        from graphkit.generate import generate_social_graph

        return generate_social_graph
    raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
