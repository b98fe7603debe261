"""The simple undirected neighbourhood CSR that the hand-written measures read.

Internal module. From a SocialGraph's ties it builds a symmetric CSR without self-loops or
repeated pairs: ``indptr``, ``indices`` (sorted per node), ``weight`` (the tie-kind weights of both
arcs of a reciprocated pair, summed) and ``weak`` (True when every tie of the pair is weak).
Cached per graph and weighting.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis._csr import undirected_csr
>>> graph = graphkit.generate_social_graph(n_users=40, rng=2)
>>> csr = undirected_csr(graph, strong_weight=1.0, weak_weight=0.3)
>>> len(csr.indptr) == graph.n_nodes + 1 and bool((csr.weight > 0).all())
True
"""

from __future__ import annotations

import weakref
from typing import NamedTuple

import numpy as np

from graphkit.analysis._igraph import tie_kind_weights
from graphkit.graph import SocialGraph

__all__ = ["UndirectedCSR", "undirected_csr"]

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class UndirectedCSR(NamedTuple):
    indptr: np.ndarray
    indices: np.ndarray
    weight: np.ndarray
    weak: np.ndarray

    @property
    def degree(self) -> np.ndarray:
        """Distinct neighbours of each node."""
        return np.diff(self.indptr)


def undirected_csr(graph: SocialGraph, *, strong_weight: float, weak_weight: float) -> UndirectedCSR:
    """The simple symmetric CSR of ``graph`` (see the module docstring), cached."""
    key = (float(strong_weight), float(weak_weight))
    per_graph = _CACHE.setdefault(graph, {})
    if key not in per_graph:
        per_graph[key] = _build(graph, strong_weight, weak_weight)
    return per_graph[key]


def _build(graph: SocialGraph, strong_weight: float, weak_weight: float) -> UndirectedCSR:
    n = graph.n_nodes
    source = graph.ties["source"].to_numpy(np.int64)
    target = graph.ties["target"].to_numpy(np.int64)
    weights = tie_kind_weights(graph, strong_weight=strong_weight, weak_weight=weak_weight)
    strong = graph.ties["tie"].to_numpy() == "strong"
    keep = source != target
    low, high = np.minimum(source, target)[keep], np.maximum(source, target)[keep]
    weights, strong = weights[keep], strong[keep]
    pair = low * max(n, 1) + high
    pairs, inverse = np.unique(pair, return_inverse=True)
    pair_weight = np.bincount(inverse, weights=weights, minlength=len(pairs))
    pair_strong = np.bincount(inverse, weights=strong, minlength=len(pairs)) > 0
    a, b = pairs // max(n, 1), pairs % max(n, 1)
    tails = np.concatenate([a, b])
    heads = np.concatenate([b, a])
    order = np.lexsort((heads, tails))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=indptr[1:])
    both_weight = np.concatenate([pair_weight, pair_weight])[order]
    both_weak = ~np.concatenate([pair_strong, pair_strong])[order]
    arrays = [indptr, heads[order].astype(np.int64), both_weight.astype(np.float64), both_weak]
    for array in arrays:
        array.setflags(write=False)
    return UndirectedCSR(*arrays)
