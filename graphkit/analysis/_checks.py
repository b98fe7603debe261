"""Argument checks the measures share: the graph they read and the direction they follow.

Direction: a tie ``source -> target`` carries influence from source to target. Measures that
follow direction take ``direction="influence"`` (default: a user scores for the users *they*
influence, so rank flows against the arcs) or ``direction="ties"`` (along the arcs as stored,
e.g. the attention a user receives); :data:`DIRECTIONS` names both. For undirected graphs the two
agree.

Examples
--------
>>> from graphkit.analysis._checks import check_direction
>>> check_direction("followers")
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: direction must be one of influence, ties, got 'followers'
"""

from __future__ import annotations

from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = ["DIRECTIONS", "check_direction", "check_graph"]

DIRECTIONS = ("influence", "ties")


def check_graph(graph: object) -> None:
    """Raise InvalidInputError unless ``graph`` is a SocialGraph."""
    if not isinstance(graph, SocialGraph):
        raise InvalidInputError(f"graph must be a SocialGraph, got {type(graph).__name__}")


def check_direction(direction: str) -> None:
    """Raise InvalidInputError unless ``direction`` is one of :data:`DIRECTIONS`."""
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
