"""Exposures: every attempt observed cascades let a tie make, as success candidates or failures.

In cascade ``c``, tie ``u -> v`` made an attempt when ``u`` adopted and ``v`` was exposed: ``v``
adopted strictly later, or never. The attempts come in two kinds of rows (Saito, Nakano & Kimura
2008; Goyal, Bonchi & Lakshmanan 2010):

* an **event** is one adoption of ``v`` with its candidate parents: the in-arcs from users who
  adopted strictly earlier in the cascade, within ``window`` before ``v`` (``0 < t_v - t_u <=
  window``). One of them activated ``v``, which one is unknown; the fit shares the credit.
  An adoption with no candidate (a cascade's first adopter, or one reached from outside the graph)
  is not an event.
* a **failure** is an attempt known to have failed: ``u`` adopted and ``v`` never did in that
  cascade, or ``v`` adopted more than ``window`` after ``u``.

When the cascade records an adoption's ``parent`` and the parent is an in-neighbour of ``v`` that
adopted no later than ``v``, the credit is not shared: the event has that one arc as its only
candidate (window or not), and every other in-neighbour that adopted before ``v`` counts a failure
(Goyal et al. 2010 counts). A recorded parent that is not such an in-neighbour means ``v`` was
reached from outside the graph: no event, and the earlier in-neighbours' attempts all failed.
Under IC a second in-neighbour may have succeeded unseen just as the parent did, so known parents
pull the estimates slightly down when several in-neighbours adopt just before ``v``.

Rows are grouped by cascade (CSR style): cascade ``c`` owns events
``cascade_events[c]:cascade_events[c + 1]`` and failures ``cascade_failures[c]:cascade_failures[c + 1]``;
event ``e``'s candidate arcs are ``candidate_arc[event_candidates[e]:event_candidates[e + 1]]``.
Arcs are positions in the graph's out-arc CSR (``graph.indices``).

Several fits and scores of the same cascades share one scan inside ``with shared_exposures():``
(:func:`shared_exposures`; :func:`graphkit.fit.fit_cascades` runs in one).

Examples
--------
>>> import pandas as pd
>>> from graphkit.cascades import Cascades
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "a", "b"], "target": ["b", "c", "c"],
...                      "tie": ["strong", "weak", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> cascades = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 1.0], n_nodes=3)
>>> exposures = find_exposures(graph, cascades)
>>> exposures.candidate_arc.tolist(), exposures.failure_arc.tolist()  # a->b took b; a->c, b->c failed
([0], [1, 2])
>>> [counts.tolist() for counts in exposures.arc_counts()]  # per arc: failures, attempts
[[0.0, 1.0, 1.0], [1.0, 1.0, 1.0]]
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import numba
import numpy as np

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit._exposure_kernels import exposure_rows
from graphkit.graph import SocialGraph

__all__ = ["Exposures", "find_exposures", "shared_exposures"]

_SHARED: ContextVar[OrderedDict | None] = ContextVar("graphkit_shared_exposures", default=None)
SHARED_SETS = 4  # sets kept at once in a shared_exposures() block, the most recently used


def _frozen(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Exposures:
    """The events and failures of some cascades on one graph (see the module docstring).

    Attributes
    ----------
    cascade_events, cascade_failures : ndarray of int64, shape (n_cascades + 1,)
        Each cascade's rows of events and of failures.
    event_candidates : ndarray of int64, shape (n_events + 1,)
        Each event's rows of ``candidate_arc``.
    event_node : ndarray of int32, shape (n_events,)
        The adopter of each event.
    candidate_arc, failure_arc : ndarray of int64
        Out-arc positions: the candidate parents' arcs of all events, and the arcs of all failures.
    n_arcs : int
        Arcs in the graph.
    window : float
        The candidate-parent window the exposures were found with.
    """

    cascade_events: np.ndarray
    cascade_failures: np.ndarray
    event_candidates: np.ndarray
    event_node: np.ndarray
    candidate_arc: np.ndarray
    failure_arc: np.ndarray
    n_arcs: int
    window: float

    @property
    def n_cascades(self) -> int:
        """Cascades scanned."""
        return len(self.cascade_events) - 1

    @property
    def n_events(self) -> int:
        """Adoptions with at least one candidate parent."""
        return len(self.event_node)

    @property
    def n_exposures(self) -> int:
        """Attempts: candidate entries plus failures."""
        return len(self.candidate_arc) + len(self.failure_arc)

    def event_cascade(self) -> np.ndarray:
        """The cascade of each event, int64."""
        return np.repeat(np.arange(self.n_cascades), np.diff(self.cascade_events))

    def failure_cascade(self) -> np.ndarray:
        """The cascade of each failure, int64."""
        return np.repeat(np.arange(self.n_cascades), np.diff(self.cascade_failures))

    def candidate_event(self) -> np.ndarray:
        """The event of each candidate entry, int64."""
        return np.repeat(np.arange(self.n_events), np.diff(self.event_candidates))

    def arc_counts(self, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(failures, attempts)`` per arc, float64; cascade ``c`` counts ``weights[c]`` times (default 1).

        Attempts are failures plus candidate entries (each event's candidates all made an attempt).
        """
        if weights is None:
            weights = np.ones(self.n_cascades)
        failures = np.bincount(self.failure_arc, weights=weights[self.failure_cascade()],
                               minlength=self.n_arcs)
        event_weight = weights[self.event_cascade()]
        candidates = np.bincount(self.candidate_arc, weights=event_weight[self.candidate_event()],
                                 minlength=self.n_arcs)
        return failures, failures + candidates


def find_exposures(
    graph: SocialGraph, cascades: Cascades, *, window: float = math.inf, n_chunks: int | None = None
) -> Exposures:
    """The exposures of ``cascades`` on ``graph`` (numba, parallel over chunks of cascades).

    Parameters
    ----------
    graph : SocialGraph
        The ties; the cascades' node indices must be this graph's.
    cascades : Cascades
        Observed cascades; ``parent`` is used where known (see the module docstring).
    window : float, default inf
        Longest time from a candidate parent's adoption to the adopter's, > 0.
    n_chunks : int, optional
        Cascade chunks run in parallel; default ``min(n_cascades, 4 * numba threads)``. Results do
        not depend on it.

    Raises
    ------
    InvalidInputError
        If the cascades were built for another number of nodes, or ``window`` is not > 0.
    """
    if cascades.n_nodes != graph.n_nodes:
        raise InvalidInputError(f"cascades index {cascades.n_nodes} nodes, the graph has {graph.n_nodes}")
    if not window > 0:
        raise InvalidInputError(f"window must be > 0, got {window!r}")
    shared = _SHARED.get()
    key = (id(graph), id(cascades), float(window))
    if shared is not None and key in shared:
        shared.move_to_end(key)
        return shared[key][2]
    if n_chunks is None:
        n_chunks = max(1, min(cascades.n_cascades, 4 * numba.get_num_threads()))
    in_indptr, in_indices, in_arc = graph.reverse()
    starts, event_candidates, event_node, candidate_arc, failure_arc = exposure_rows(
        cascades.ptr, cascades.node, cascades.time, cascades.parent, graph.indptr, graph.indices,
        in_indptr, in_indices, in_arc, float(window), n_chunks,
    )
    exposures = Exposures(
        cascade_events=_frozen(np.ascontiguousarray(starts[:, 0])),
        cascade_failures=_frozen(np.ascontiguousarray(starts[:, 2])),
        event_candidates=_frozen(event_candidates),
        event_node=_frozen(event_node),
        candidate_arc=_frozen(candidate_arc),
        failure_arc=_frozen(failure_arc),
        n_arcs=graph.n_arcs,
        window=float(window),
    )
    if shared is not None:
        shared[key] = (graph, cascades, exposures)  # holding both keeps their ids from being reused
        while len(shared) > SHARED_SETS:
            shared.popitem(last=False)
    return exposures


@contextmanager
def shared_exposures() -> Iterator[None]:
    """Inside the block, :func:`find_exposures` scans a graph's cascades under one window once:
    later calls with the same ``graph`` and ``cascades`` objects and ``window`` get the same
    (read-only) :class:`Exposures`. The :data:`SHARED_SETS` sets used last are kept, until the
    outermost block ends (what ``fit_cascades`` reuses: all cascades, the earlier part, the later
    part, and the reversed graph's scan of all); objects made anew for each call (cascades with
    their parents or first adopters dropped, a relabelled graph) are scanned anew.

    >>> import pandas as pd
    >>> from graphkit.graph import SocialGraph
    >>> graph = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
    ...                                 directed=True)
    >>> cascades = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0.0, 1.0], n_nodes=2)
    >>> with shared_exposures():
    ...     find_exposures(graph, cascades) is find_exposures(graph, cascades)
    True
    >>> find_exposures(graph, cascades) is find_exposures(graph, cascades)
    False
    """
    if _SHARED.get() is not None:
        yield
        return
    token = _SHARED.set(OrderedDict())
    try:
        yield
    finally:
        _SHARED.reset(token)

