"""The one bridge between SocialGraph and igraph: the graph as igraph sees it, and igraph's RNG.

Only :func:`to_igraph` is public API (exported from :mod:`graphkit.analysis`); the measures read
the views below and no other igraph object leaves ``graphkit.analysis``. Views are built once per
graph with :meth:`SocialGraph.view <graphkit.graph.SocialGraph.view>` and freed with it.

* :func:`to_igraph` copies the graph into igraph as it is: directed or not, edges in ties-row
  order, for measures that follow the direction of influence or of the ties.
* :func:`undirected_view` collapses it into a simple undirected graph (self-loops dropped, the two
  arcs of a reciprocated pair merged into one edge): the graph that community detection, coreness
  and eigenvector centrality read. :func:`undirected_weights` weighs its edges by tie kind, an
  edge's weight being the sum of its ties' weights.
* :func:`igraph_rng` installs a ``random.Random`` seeded from a numpy Generator as igraph's RNG for
  the duration of a call, then restores igraph's default (the :mod:`random` module).

Examples
--------
>>> import graphkit
>>> from graphkit.analysis._igraph import undirected_view, undirected_weights
>>> from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS
>>> graph = graphkit.generate_social_graph(n_users=30, rng=1)
>>> view = undirected_view(graph)
>>> view.vcount() == graph.n_nodes and len(undirected_weights(graph, DEFAULT_TIE_WEIGHTS)) == view.ecount()
True
"""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from graphkit.analysis.weights import TieWeights
from graphkit.graph import STRONG, SocialGraph

if TYPE_CHECKING:  # pragma: no cover
    import igraph

__all__ = ["igraph_rng", "to_igraph", "undirected_view", "undirected_weights"]

_RNG_LOCK = threading.Lock()


class _Undirected(NamedTuple):
    graph: igraph.Graph
    edge_of_tie: np.ndarray  # edge of the view each row of graph.ties became part of; -1 for self-loops


def to_igraph(graph: SocialGraph) -> igraph.Graph:
    """An igraph Graph over node indices (vertex attribute ``name`` = external id), built once per graph.

    Directed as ``graph`` is; edges follow ``ties`` row order, with edge attributes ``strong``,
    ``weight`` and ``p``. The copy is shared: do not change it.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
    >>> ig_graph = to_igraph(SocialGraph.from_tables(ties, directed=True))
    >>> ig_graph.vs["name"], ig_graph.get_edgelist(), ig_graph.es["strong"]
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [True, False])
    """
    return graph.view((__name__, "igraph"), _build_igraph)


def _build_igraph(graph: SocialGraph) -> igraph.Graph:
    import igraph

    edges = np.column_stack(
        [graph.ties["source"].to_numpy(np.int64), graph.ties["target"].to_numpy(np.int64)]
    )
    ig_graph = igraph.Graph(n=graph.n_nodes, edges=edges, directed=graph.directed)
    ig_graph.vs["name"] = list(graph.node_ids)
    ig_graph.es["strong"] = (graph.ties["tie"].to_numpy() == STRONG).tolist()
    ig_graph.es["weight"] = graph.ties["weight"].to_numpy(np.float64).tolist()
    ig_graph.es["p"] = graph.ties["p"].to_numpy(np.float64).tolist()
    return ig_graph


def undirected_view(graph: SocialGraph) -> igraph.Graph:
    """The simple undirected igraph Graph of ``graph`` (see the module docstring), built once per graph."""
    return _undirected(graph).graph


def undirected_weights(graph: SocialGraph, weights: TieWeights) -> list[float]:
    """One weight per edge of :func:`undirected_view`: the sum of the tie-kind weights of its ties."""
    view = _undirected(graph)
    return weights.summed(graph, view.edge_of_tie, view.graph.ecount()).tolist()


def _undirected(graph: SocialGraph) -> _Undirected:
    return graph.view((__name__, "undirected"), _build_undirected)


def _build_undirected(graph: SocialGraph) -> _Undirected:
    view = to_igraph(graph).copy()
    for attribute in view.es.attributes():
        del view.es[attribute]
    del view.vs["name"]
    view.simplify(multiple=False, loops=True, combine_edges="first")
    if view.is_directed():
        view.to_undirected(mode="collapse")
    n = max(graph.n_nodes, 1)
    ends = np.array(view.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    edge_key = ends.min(axis=1) * n + ends.max(axis=1)
    by_key = np.argsort(edge_key)
    source = graph.ties["source"].to_numpy(np.int64)
    target = graph.ties["target"].to_numpy(np.int64)
    tie_key = np.minimum(source, target) * n + np.maximum(source, target)
    kept = source != target
    edge_of_tie = np.full(len(source), -1, dtype=np.int64)
    edge_of_tie[kept] = by_key[np.searchsorted(edge_key[by_key], tie_key[kept])]
    return _Undirected(view, edge_of_tie)


@contextmanager
def igraph_rng(rng: np.random.Generator) -> Iterator[None]:
    """Run the body with igraph drawing from ``random.Random(seed drawn from rng)``.

    igraph has one process-wide RNG; a lock keeps two threads from interleaving, and igraph's
    default (the :mod:`random` module) is restored afterwards, even on error.
    """
    import igraph

    generator = random.Random(int(rng.integers(0, 2**63 - 1)))
    with _RNG_LOCK:
        igraph.set_random_number_generator(generator)
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
