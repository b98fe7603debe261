"""The one bridge between SocialGraph and igraph: tie-kind weights, views and igraph's RNG.

Nothing here is public API; igraph objects never leave ``graphkit.analysis``.

* :func:`tie_kind_weights` turns each tie's kind into a weight (strong = 1.0, weak = 0.3 by
  default), one value per row of ``graph.ties``.
* :func:`directed_view` is ``graph.to_igraph()`` itself (edges in ties-row order), with the
  matching weight list, for measures that follow the direction of influence.
* :func:`undirected_view` collapses the graph into a simple undirected graph (self-loops dropped,
  a reciprocated pair merged into one edge whose weight is the sum of both arcs' weights): the
  graph that community detection, coreness and eigenvector centrality read.
* :func:`igraph_rng` installs a ``random.Random`` seeded from a numpy Generator as igraph's RNG for
  the duration of a call, then restores igraph's default (the :mod:`random` module).

Examples
--------
>>> import graphkit
>>> from graphkit.analysis._igraph import undirected_view
>>> graph = graphkit.generate_social_graph(n_users=30, rng=1)
>>> view, weights = undirected_view(graph, strong_weight=1.0, weak_weight=0.3)
>>> view.vcount() == graph.n_nodes and len(weights) == view.ecount()
True
"""

from __future__ import annotations

import random
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from graphkit.errors import InvalidInputError
from graphkit.graph import STRONG, SocialGraph

__all__ = ["check_kind_weights", "directed_view", "igraph_rng", "tie_kind_weights", "undirected_view"]

_RNG_LOCK = threading.Lock()
_UNDIRECTED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def check_kind_weights(strong_weight: float, weak_weight: float) -> None:
    """Raise InvalidInputError unless both tie-kind weights are finite and > 0."""
    for name, value in (("strong_weight", strong_weight), ("weak_weight", weak_weight)):
        if not (
            isinstance(value, (int, float, np.floating, np.integer)) and np.isfinite(value) and value > 0
        ):
            raise InvalidInputError(f"{name} must be a finite number > 0, got {value!r}")


def tie_kind_weights(graph: SocialGraph, *, strong_weight: float, weak_weight: float) -> np.ndarray:
    """Weight of each row of ``graph.ties``: ``strong_weight`` for strong ties, else ``weak_weight``."""
    check_kind_weights(strong_weight, weak_weight)
    strong = graph.ties["tie"].to_numpy() == STRONG
    return np.where(strong, float(strong_weight), float(weak_weight))


def directed_view(graph: SocialGraph, *, strong_weight: float, weak_weight: float):
    """``(graph.to_igraph(), weights)``: the cached igraph copy and one tie-kind weight per edge."""
    return graph.to_igraph(), tie_kind_weights(
        graph, strong_weight=strong_weight, weak_weight=weak_weight
    ).tolist()


def undirected_view(graph: SocialGraph, *, strong_weight: float, weak_weight: float):
    """``(simple undirected igraph Graph, weights)``, cached on the graph per weight pair.

    Self-loops are dropped; the two arcs of a reciprocated directed pair become one edge whose
    weight is the sum of their tie-kind weights.
    """
    key = (float(strong_weight), float(weak_weight))
    per_graph = _UNDIRECTED.setdefault(graph, {})
    cached = per_graph.get(key)
    if cached is None:
        weights = tie_kind_weights(graph, strong_weight=strong_weight, weak_weight=weak_weight)
        view = graph.to_igraph().copy()
        for attribute in view.es.attributes():
            del view.es[attribute]
        del view.vs["name"]
        view.es["weight"] = weights.tolist()
        view.simplify(multiple=False, loops=True, combine_edges="first")
        if view.is_directed():
            view.to_undirected(mode="collapse", combine_edges={"weight": "sum"})
        cached = (view, view.es["weight"] if view.ecount() else [])
        per_graph.clear()  # keep one weighting per graph: the views are as large as the graph
        per_graph[key] = cached
    return cached


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
