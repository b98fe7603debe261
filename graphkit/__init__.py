"""graphkit: social-influence and viral-marketing graph analysis.

Load users and strong/weak ties, find circles and opinion leaders, simulate word of mouth and
pick seed users (KOLs) for a campaign under a budget.

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
from graphkit.generate import generate_social_graph
from graphkit.graph import STRONG, TIE_KINDS, WEAK, SocialGraph
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
