"""Per-arc tie features for the feature model of :mod:`graphkit.fit.logistic`, cross-fitted over folds.

Columns (each a function of the arc ``u -> v``; ``log`` is ``log(1 + x)`` throughout):

==========================  ==================================================================
``strong``                  1 if the tie is strong (``graph.arc_strong``), else 0
``interactions``            log(1 + ``count``), when the ties have a ``count`` column (empty: 0)
``reciprocal``              1 if the arc ``v -> u`` exists too, else 0
``overlap``                 neighbourhood overlap of ``u`` and ``v`` (Onnela et al. 2007;
                            :func:`graphkit.io.labelling.neighbourhood_overlap`)
``silence``                 log(1 + days from ``last_seen`` (Unix seconds) to the latest
                            ``last_seen``), when the ties have it (empty: the longest silence)
``sender_out_degree``       log(1 + out-degree of ``u``)
``receiver_in_degree``      log(1 + in-degree of ``v``)
``co_adoptions``            log(1 + cascades of the *other* folds in which both ``u`` and ``v``
                            adopted)
==========================  ==================================================================

The first seven come from the graph alone and are built once per graph (cached with
:meth:`~graphkit.graph.SocialGraph.view`); a column constant over all arcs (``reciprocal`` on an
undirected graph) is left out. ``co_adoptions`` comes from the cascades and is **cross-fitted**:
the cascades are split into ``n_folds`` blocks by start time (:func:`time_folds`), and the
exposures of fold ``f`` are fitted with co-adoptions counted on the other folds only, so no
cascade is scored with a feature made from itself (in-sample, such features explain their own
cascades and the fit collapses onto them). Each arc therefore has one row per fold: a *slot*
``fold * n_arcs + arc``. Non-binary columns are standardised to mean 0 and standard deviation 1
over all slots; the design has an ``intercept`` column first.

Examples
--------
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "a", "b", "b", "c"], "target": ["b", "c", "a", "c", "d"],
...                      "tie": ["strong", "weak", "strong", "weak", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> cascades = Cascades.from_arrays(cascade=[0, 0, 1, 1, 2], node=[0, 1, 0, 1, 2], time=[0, 1, 5, 6, 9],
...                                 n_nodes=4)
>>> folds = time_folds(cascades, 3)
>>> folds.tolist()
[0, 1, 2]
>>> features = tie_features(graph, cascades, folds)
>>> features.names
('strong', 'reciprocal', 'overlap', 'sender_out_degree', 'receiver_in_degree', 'co_adoptions')
>>> features.co_adoption_counts[:, 0].tolist()  # a -> b: a and b adopt in cascades 0 and 1
[1.0, 1.0, 2.0]
>>> features.design([0, 5]).shape  # arc 0 in folds 0 and 1; intercept first
(2, 7)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit, prange

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.io.labelling import neighbourhood_overlap, reverse_rows

__all__ = ["TieFeatures", "structural_features", "tie_features", "time_folds"]

_BINARY = ("strong", "reciprocal")
_SECONDS_PER_DAY = 86_400.0


def time_folds(cascades: Cascades, n_folds: int) -> np.ndarray:
    """Fold 0..n_folds-1 of each cascade: contiguous blocks of about equal size by start time.

    Near-duplicate cascades cluster in time, so blocks keep most of them inside one fold. Empty
    cascades (no start time) go to the last fold; they carry no exposure.

    Raises
    ------
    InvalidInputError
        Unless ``n_folds`` is an int from 2 to the number of non-empty cascades.
    """
    starts = cascades.start_times()
    nonempty = np.flatnonzero(~np.isnan(starts))
    is_int = isinstance(n_folds, (int, np.integer)) and not isinstance(n_folds, bool)
    if not is_int or not 2 <= n_folds <= len(nonempty):
        raise InvalidInputError(f"folds must be an int from 2 to the {len(nonempty)} non-empty cascades, "
                                f"got {n_folds!r}")
    folds = np.full(cascades.n_cascades, n_folds - 1, dtype=np.int64)
    order = nonempty[np.argsort(starts[nonempty], kind="stable")]
    folds[order] = np.arange(len(order)) * n_folds // len(order)
    return folds


def _tie_column(graph: SocialGraph, column: str) -> np.ndarray:
    """A ties column as float64 per arc (NaN where empty or not a number)."""
    return pd.to_numeric(graph.ties[column], errors="coerce").to_numpy(np.float64)[graph.arc_tie_row]


def _build_structural(graph: SocialGraph) -> tuple[tuple[str, ...], np.ndarray]:
    columns = {"strong": graph.arc_strong.astype(np.float64)}
    if "count" in graph.ties.columns:
        columns["interactions"] = np.log1p(np.nan_to_num(_tie_column(graph, "count"), nan=0.0).clip(min=0))
    columns["reciprocal"] = (reverse_rows(graph.arc_source, graph.indices, graph.n_nodes) >= 0).astype(np.float64)
    columns["overlap"] = neighbourhood_overlap(graph.arc_source, graph.indices, graph.n_nodes)[1]
    if "last_seen" in graph.ties.columns:
        last_seen = _tie_column(graph, "last_seen")
        days = (np.nanmax(last_seen, initial=-np.inf) - last_seen) / _SECONDS_PER_DAY
        columns["silence"] = np.log1p(np.nan_to_num(days, nan=np.nanmax(days, initial=0.0)).clip(min=0))
    columns["sender_out_degree"] = np.log1p(graph.out_degree()[graph.arc_source])
    columns["receiver_in_degree"] = np.log1p(graph.in_degree()[graph.indices])
    varying = {name: values for name, values in columns.items() if len(values) and np.ptp(values) > 0}
    matrix = np.column_stack(list(varying.values())) if varying else np.zeros((graph.n_arcs, 0))
    matrix.setflags(write=False)
    return tuple(varying), matrix


def structural_features(graph: SocialGraph) -> tuple[tuple[str, ...], np.ndarray]:
    """``(names, matrix)``: the graph-only columns of the module docstring, raw (not standardised),
    shape (n_arcs, len(names)); built once per graph."""
    return graph.view(("graphkit.fit.features", "structural"), _build_structural)


@njit(cache=True, parallel=True)
def _count_co_adoptions(ptr, node, fold, indptr, indices, n_folds):  # pragma: no cover - compiled
    """counts[f, a]: the fold-f cascades in which both ends of arc a adopted."""
    n_nodes = indptr.shape[0] - 1
    counts = np.zeros((n_folds, indices.shape[0]))
    for f in prange(n_folds):
        adopted = np.zeros(n_nodes, dtype=np.bool_)
        for c in range(ptr.shape[0] - 1):
            if fold[c] != f:
                continue
            for i in range(ptr[c], ptr[c + 1]):
                adopted[node[i]] = True
            for i in range(ptr[c], ptr[c + 1]):
                u = node[i]
                for a in range(indptr[u], indptr[u + 1]):
                    if adopted[indices[a]]:
                        counts[f, a] += 1.0
            for i in range(ptr[c], ptr[c + 1]):
                adopted[node[i]] = False
    return counts


@dataclass(frozen=True, eq=False)
class TieFeatures:
    """The cross-fitted design of one graph and one set of cascades (see the module docstring).

    Attributes
    ----------
    names : tuple of str
        The columns, without the intercept.
    structural : ndarray, shape (n_arcs, len(names) - 1)
        The graph-only columns, raw.
    co_adoption_counts : ndarray, shape (n_folds, n_arcs)
        Per fold, the cascades of the other folds in which both ends of the arc adopted.
    center, scale : ndarray, shape (len(names),)
        Standardisation: column ``j`` enters as ``(x - center[j]) / scale[j]`` (0 and 1 for binary
        columns).
    """

    names: tuple[str, ...]
    structural: np.ndarray
    co_adoption_counts: np.ndarray
    center: np.ndarray
    scale: np.ndarray

    @property
    def n_arcs(self) -> int:
        return self.co_adoption_counts.shape[1]

    @property
    def n_folds(self) -> int:
        return self.co_adoption_counts.shape[0]

    def raw(self, slots) -> np.ndarray:
        """The raw columns of ``slots`` (``fold * n_arcs + arc``), shape (len(slots), len(names))."""
        fold, arc = np.divmod(np.asarray(slots, dtype=np.int64), self.n_arcs)
        return np.column_stack([self.structural[arc], np.log1p(self.co_adoption_counts[fold, arc])])

    def design(self, slots) -> np.ndarray:
        """The standardised rows of ``slots`` with the intercept first, shape (len(slots), 1 + len(names))."""
        standardised = (self.raw(slots) - self.center) / self.scale
        return np.column_stack([np.ones(len(standardised)), standardised])

    def logits_by_fold(self, beta: np.ndarray) -> np.ndarray:
        """``design(slots) @ beta`` of every arc in every fold, shape (n_folds, n_arcs), without
        building the design: the graph's columns are the same in every fold, only co-adoptions differ."""
        structural = beta[0] + ((self.structural - self.center[:-1]) / self.scale[:-1]) @ beta[1:-1]
        co_adoptions = (np.log1p(self.co_adoption_counts) - self.center[-1]) / self.scale[-1]
        return structural + beta[-1] * co_adoptions


def tie_features(graph: SocialGraph, cascades: Cascades, folds: np.ndarray) -> TieFeatures:
    """The cross-fitted tie features of ``graph`` given ``cascades`` split into ``folds``.

    Parameters
    ----------
    graph : SocialGraph
        The ties.
    cascades : Cascades
        Cascades over ``graph``'s node indices.
    folds : ndarray of int
        Fold of each cascade, 0..K-1 (e.g. :func:`time_folds`); K = ``folds.max() + 1`` >= 2.

    Raises
    ------
    InvalidInputError
        If the cascades index another number of nodes or ``folds`` does not give each cascade
        a fold from 0 with at least two folds.
    """
    if cascades.n_nodes != graph.n_nodes:
        raise InvalidInputError(f"cascades index {cascades.n_nodes} nodes, the graph has {graph.n_nodes}")
    if graph.n_arcs == 0:
        raise InvalidInputError("the graph has no ties")
    folds = np.asarray(folds)
    if folds.shape != (cascades.n_cascades,) or not np.issubdtype(folds.dtype, np.integer) or (
            folds.size == 0 or folds.min() < 0 or folds.max() < 1):
        raise InvalidInputError("folds must give each cascade a fold 0..K-1, K >= 2")
    n_folds = int(folds.max()) + 1
    names, structural = structural_features(graph)
    per_fold = _count_co_adoptions(cascades.ptr, cascades.node, folds.astype(np.int64), graph.indptr,
                                   graph.indices, n_folds)
    other_folds = per_fold.sum(axis=0) - per_fold
    co_adoptions = np.log1p(other_folds)
    center = np.append(structural.mean(axis=0), co_adoptions.mean())
    scale = np.append(structural.std(axis=0), co_adoptions.std())
    binary = np.isin(np.array((*names, "co_adoptions")), _BINARY)
    center[binary], scale[binary] = 0.0, 1.0
    scale[scale == 0] = 1.0
    for array in (other_folds, center, scale):
        array.setflags(write=False)
    return TieFeatures(names=(*names, "co_adoptions"), structural=structural, co_adoption_counts=other_folds,
                       center=center, scale=scale)
