"""Exact expected spread on tiny graphs, by enumerating live-edge worlds.

Both models are equivalent to random "live-edge" graphs (Kempe, Kleinberg & Tardos 2003): the set of
users active after each step is distributed as the set within that many hops of the seeds along
live arcs, where

* IC: each arc is live independently with its probability (arcs with p = 0 or 1 are fixed, so
  only arcs with 0 < p < 1 multiply the number of worlds by 2);
* LT: each node picks at most one of its in-arcs as live, arc ``u -> v`` with its normalised
  weight, none with the remaining probability (one world per combination of choices).

A user's activation step is their hop distance from the seeds in the world, so both objectives
(see :mod:`graphkit.diffusion.models`) are functions of the world and their expectations are
exact weighted sums. Used to check the Monte Carlo kernels, and to show in the docs what the
numbers mean.

Examples
--------
>>> import pandas as pd
>>> from graphkit.graph import SocialGraph
>>> from graphkit.diffusion.models import ICModel
>>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> model = ICModel(p_strong=0.5, p_weak=0.5)
>>> exact_spread(graph, [0], model)  # a, plus b w.p. 0.5, plus c w.p. 0.25
1.75
>>> exact_spread(graph, [0], model, objective="adoption")  # c's only tie is weak: it never adopts
1.5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from graphkit.diffusion.models import ICModel, LTModel, Model, Objective, check_objective
from graphkit.diffusion.simulate import seed_node_array
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = ["MAX_WORLDS", "exact_activation_probabilities", "exact_spread"]

MAX_WORLDS = 2**16
_BATCH = 2**14


def exact_spread(
    graph: SocialGraph,
    seed_nodes: Iterable[int],
    model: Model,
    *,
    objective: Objective = "awareness",
    max_worlds: int = MAX_WORLDS,
) -> float:
    """Expected number of users counted for ``objective``, computed exactly.

    Parameters
    ----------
    graph : SocialGraph
        A tiny graph.
    seed_nodes : iterable of int
        Distinct seed node indices.
    model : ICModel or LTModel
        The diffusion model.
    objective : {"awareness", "adoption"}, default "awareness"
        Which users count (see :mod:`graphkit.diffusion.models`).
    max_worlds : int, default 65536
        Refuse graphs with more live-edge worlds than this (IC: 2 ** number of arcs with
        0 < p < 1, so 16 uncertain arcs by default).

    Returns
    -------
    float

    Raises
    ------
    InvalidInputError
        If the graph has more than ``max_worlds`` worlds, or an argument is invalid.
    """
    return float(
        exact_activation_probabilities(
            graph, seed_nodes, model, objective=objective, max_worlds=max_worlds
        ).sum()
    )


def exact_activation_probabilities(
    graph: SocialGraph,
    seed_nodes: Iterable[int],
    model: Model,
    *,
    objective: Objective = "awareness",
    max_worlds: int = MAX_WORLDS,
) -> np.ndarray:
    """Probability that each user counts for ``objective`` (float64 per node index), exactly.

    Parameters and errors as in :func:`exact_spread`.

    Examples
    --------
    >>> import pandas as pd
    >>> from graphkit.graph import SocialGraph
    >>> from graphkit.diffusion.models import LTModel
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["c", "c"], "tie": ["strong", "weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> exact_activation_probabilities(graph, [0], LTModel(w_strong=3.0, w_weak=1.0)).tolist()
    [1.0, 0.0, 0.75]
    """
    check_objective(objective)
    seeds = seed_node_array(graph, seed_nodes)
    if isinstance(max_worlds, bool) or not isinstance(max_worlds, (int, np.integer)) or max_worlds < 1:
        raise InvalidInputError(f"max_worlds must be an int >= 1, got {max_worlds!r}")
    totals = np.zeros(graph.n_nodes, dtype=np.float64)
    for live, probability in _worlds(graph, model, max_worlds):
        counted = _counted(graph, seeds, live, objective)
        totals += probability @ counted
    return totals


def _worlds(graph: SocialGraph, model: Model, max_worlds: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Batches of (live: bool worlds x arcs, probability: float per world)."""
    if isinstance(model, ICModel):
        p = model.arc_probabilities(graph)
        uncertain = np.flatnonzero((p > 0) & (p < 1))
        _check_count(2.0 ** len(uncertain), max_worlds, f"{len(uncertain)} arcs with 0 < p < 1")
        n_worlds = 2 ** len(uncertain)
        for start in range(0, n_worlds, _BATCH):
            world = np.arange(start, min(start + _BATCH, n_worlds), dtype=np.int64)
            bits = ((world[:, None] >> np.arange(len(uncertain))) & 1).astype(bool)
            live = np.broadcast_to(p >= 1, (len(world), len(p))).copy()
            live[:, uncertain] = bits
            probability = np.where(bits, p[uncertain], 1.0 - p[uncertain]).prod(axis=1)
            yield live, probability
    elif isinstance(model, LTModel):
        w = model.arc_weights(graph)
        in_indptr, _, in_arc = graph.reverse()
        fixed = np.zeros(graph.n_arcs, dtype=bool)  # arcs live in every world
        options: list[tuple[np.ndarray, np.ndarray]] = []  # nodes with a choice: arcs (-1 = none), chances
        for v in range(graph.n_nodes):
            arcs = in_arc[in_indptr[v] : in_indptr[v + 1]]
            arcs = arcs[w[arcs] > 0]
            none = 1.0 - float(w[arcs].sum())
            if none > 1e-12:
                arcs = np.append(arcs, -1)
            if len(arcs) == 1 and arcs[0] >= 0:
                fixed[arcs[0]] = True
            elif len(arcs) > 1:
                options.append((arcs, np.where(arcs >= 0, w[arcs], none)))
        sizes = [len(arcs) for arcs, _ in options]
        _check_count(
            float(np.prod(np.array(sizes, dtype=np.float64))), max_worlds, "combinations of live in-arcs"
        )
        n_worlds = int(np.prod(sizes))
        for start in range(0, n_worlds, _BATCH):
            world = np.arange(start, min(start + _BATCH, n_worlds), dtype=np.int64)
            live = np.broadcast_to(fixed, (len(world), graph.n_arcs)).copy()
            probability = np.ones(len(world), dtype=np.float64)
            radix = world
            for arcs, chances in options:
                pick = radix % len(arcs)
                radix = radix // len(arcs)
                chosen = arcs[pick]
                rows = np.flatnonzero(chosen >= 0)
                live[rows, chosen[rows]] = True
                probability *= chances[pick]
            yield live, probability
    else:
        raise InvalidInputError(f"model must be an ICModel or LTModel, got {type(model).__name__}")


def _check_count(count: float, max_worlds: int, what: str) -> None:
    if count > max_worlds:
        raise InvalidInputError(
            f"exact enumeration needs {count:,.0f} live-edge worlds ({what}); max_worlds is {max_worlds:,}"
        )


def _counted(graph: SocialGraph, seeds: np.ndarray, live: np.ndarray, objective: str) -> np.ndarray:
    """bool worlds x nodes: the user counts for ``objective`` in that world."""
    n_worlds = live.shape[0]
    unreached = graph.n_nodes + 1
    dist = np.full((n_worlds, graph.n_nodes), unreached, dtype=np.int64)
    dist[:, seeds] = 0
    tails = graph.arc_source
    heads = graph.indices
    changed = True
    while changed:  # Bellman-Ford over hop counts, at most n rounds
        changed = False
        for arc in range(graph.n_arcs):
            u, v = tails[arc], heads[arc]
            candidate = np.where(live[:, arc], dist[:, u] + 1, unreached)
            better = candidate < dist[:, v]
            if better.any():
                dist[better, v] = candidate[better]
                changed = True
    active = dist < unreached
    if objective == "awareness":
        return active
    earlier = np.zeros_like(dist)
    strong_earlier = np.zeros_like(active)
    for arc in range(graph.n_arcs):
        u, v = tails[arc], heads[arc]
        before = dist[:, u] < dist[:, v]
        earlier[:, v] += before
        if graph.arc_strong[arc]:
            strong_earlier[:, v] |= before
    is_seed = np.zeros(graph.n_nodes, dtype=bool)
    is_seed[seeds] = True
    return active & (is_seed | strong_earlier | (earlier >= 2))
