"""Which way influence flows along the ties, as observed cascades tell it.

A follower list ``a b`` may mean that ``a``'s posts reach ``b`` or that ``a`` follows ``b`` (so
``b``'s posts reach ``a``). :func:`flow_counts` lets the cascades decide: it counts the adoptions
that had an earlier adopter among the users with a tie *to* them as stored (influence flowing
along the ties) and among the users they have a tie to (flowing against them). The larger count
names the orientation to load with (``graphkit load --flow``); when the graph is loaded the
other way round, the two counts swap.

Examples
--------
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> cascades = Cascades.from_arrays(cascade=[0, 0, 0], node=[2, 1, 0], time=[0.0, 1.0, 2.0], n_nodes=3)
>>> counts = flow_counts(graph, cascades)  # c, then b, then a: against the ties
>>> counts.along, counts.against, counts.suggested
(0, 2, 'target-to-source')
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit.exposures import find_exposures
from graphkit.graph import SocialGraph

__all__ = ["FlowCounts", "flow_counts"]


@dataclass(frozen=True, slots=True)
class FlowCounts:
    """Adoptions explained by an earlier-adopting neighbour, per orientation of the ties.

    Attributes
    ----------
    along : int
        Adoptions of ``v`` after a user ``u`` with a tie ``u -> v`` (influence along the ties).
    against : int
        Adoptions of ``v`` after a user ``u`` with a tie ``v -> u``.
    adoptions : int
        All adoptions in the cascades.
    """

    along: int
    against: int
    adoptions: int

    @property
    def suggested(self) -> str:
        """The ``flow`` the counts support, relative to how the graph is stored."""
        return "source-to-target" if self.along >= self.against else "target-to-source"

    def lines(self) -> list[str]:
        """The two counts and the suggestion, in words."""
        share = (lambda count: f"{count / self.adoptions:.1%}") if self.adoptions else (lambda count: "-")
        return [
            f"Adoptions after an earlier adopter with a tie to them (influence along the ties): "
            f"{self.along:,} of {self.adoptions:,} ({share(self.along)})",
            f"Adoptions after an earlier adopter they have a tie to (influence against the ties): "
            f"{self.against:,} of {self.adoptions:,} ({share(self.against)})",
            "The cascades support the ties as stored." if self.suggested == "source-to-target" else
            "The cascades support turning the ties round: load the file again with the other --flow.",
        ]


def flow_counts(graph: SocialGraph, cascades: Cascades, *, window: float = math.inf) -> FlowCounts:
    """Count adoptions with an earlier-adopting neighbour in each direction (see the module docstring).

    ``window`` bounds how long before the adoption the neighbour may have adopted. Recorded
    parents are ignored here: the question is which ties the cascades run along.
    """
    if not graph.directed:
        raise InvalidInputError("flow_counts needs a directed graph: undirected ties carry influence both ways")
    if cascades.n_nodes != graph.n_nodes:
        raise InvalidInputError(f"cascades are over {cascades.n_nodes} nodes, the graph has {graph.n_nodes}")
    unparented = cascades.without_parents()
    ties = graph.ties.rename(columns={"source": "target", "target": "source"})
    turned = SocialGraph(users=graph.users, ties=ties[list(graph.ties.columns)], directed=True)
    along = find_exposures(graph, unparented, window=window).n_events
    against = find_exposures(turned, unparented, window=window).n_events
    return FlowCounts(along=int(along), against=int(against), adoptions=cascades.n_adoptions)
