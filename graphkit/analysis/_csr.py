"""The simple undirected neighbourhood CSR that the hand-written measures read.

Internal module. From a SocialGraph's ties, :func:`undirected_csr` builds a symmetric CSR without
self-loops or repeated pairs, once per graph (with :meth:`SocialGraph.view
<graphkit.graph.SocialGraph.view>`): ``indptr``, ``indices`` (sorted per node), ``weak`` (True when
every tie of the pair is weak), and the distinct pair behind each arc and each tie.
:func:`undirected_arc_weights` weighs its arcs by tie kind, summing the tie-kind weights of both
arcs of a reciprocated pair.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis._csr import undirected_arc_weights, undirected_csr
>>> from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS
>>> graph = graphkit.generate_social_graph(n_users=40, rng=2)
>>> csr = undirected_csr(graph)
>>> weight = undirected_arc_weights(graph, DEFAULT_TIE_WEIGHTS)
>>> len(csr.indptr) == graph.n_nodes + 1 and len(weight) == len(csr.indices) and bool((weight > 0).all())
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from graphkit.analysis.weights import TieWeights
from graphkit.graph import STRONG, SocialGraph

__all__ = ["UndirectedCSR", "undirected_arc_weights", "undirected_csr"]


class UndirectedCSR(NamedTuple):
    """A simple symmetric CSR over node indices (see the module docstring); arrays are read-only."""

    indptr: np.ndarray
    indices: np.ndarray
    weak: np.ndarray
    arc_pair: np.ndarray  # the distinct pair (numbered by smaller, then larger end) behind each arc
    tie_pair: np.ndarray  # the pair each row of graph.ties belongs to; -1 for a self-loop

    @property
    def degree(self) -> np.ndarray:
        """Distinct neighbours of each node."""
        return np.diff(self.indptr)

    @property
    def n_pairs(self) -> int:
        """Number of distinct tied pairs (each is two arcs)."""
        return len(self.indices) // 2


def undirected_csr(graph: SocialGraph) -> UndirectedCSR:
    """The simple symmetric CSR of ``graph`` (see the module docstring), built once per graph."""
    return graph.view((__name__, "undirected csr"), _build)


def undirected_arc_weights(graph: SocialGraph, weights: TieWeights) -> np.ndarray:
    """One weight per arc of :func:`undirected_csr`: the sum of the tie-kind weights of its pair's ties."""
    csr = undirected_csr(graph)
    return weights.summed(graph, csr.tie_pair, csr.n_pairs)[csr.arc_pair]


def _build(graph: SocialGraph) -> UndirectedCSR:
    n = graph.n_nodes
    source = graph.ties["source"].to_numpy(np.int64)
    target = graph.ties["target"].to_numpy(np.int64)
    strong = graph.ties["tie"].to_numpy() == STRONG
    keep = source != target
    low, high = np.minimum(source, target)[keep], np.maximum(source, target)[keep]
    pair = low * max(n, 1) + high
    pairs, inverse = np.unique(pair, return_inverse=True)
    tie_pair = np.full(len(source), -1, dtype=np.int64)
    tie_pair[keep] = inverse.ravel()
    pair_strong = np.bincount(inverse.ravel(), weights=strong[keep], minlength=len(pairs)) > 0
    a, b = pairs // max(n, 1), pairs % max(n, 1)
    tails = np.concatenate([a, b])
    heads = np.concatenate([b, a])
    order = np.lexsort((heads, tails))
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=indptr[1:])
    pair_ids = np.arange(len(pairs), dtype=np.int64)
    arc_pair = np.concatenate([pair_ids, pair_ids])[order]
    arrays = [indptr, heads[order].astype(np.int64), ~pair_strong[arc_pair], arc_pair, tie_pair]
    for array in arrays:
        array.setflags(write=False)
    return UndirectedCSR(*arrays)
