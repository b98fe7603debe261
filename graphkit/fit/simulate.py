"""Simulated Independent Cascade cascades with adoption times, as :class:`~graphkit.cascades.Cascades`.

For tests and recovery studies: cascades drawn from a known :class:`~graphkit.diffusion.models.ICModel`
are what :mod:`graphkit.fit.ic` should give the model back from. One cascade per seed node:

* ``timing="steps"`` (Saito et al. 2008's discrete-time IC, the model of
  :mod:`graphkit.diffusion`): a user adopting at step ``t`` gets one chance on each out-neighbour
  who has not adopted, at step ``t + 1``; times are the steps. Fit these with ``window=1``: a tie
  whose source adopted two or more steps before the target had its chance and failed.
* ``timing="delays"`` (continuous-time IC): each successful attempt arrives after an Exp(1)
  delay and a user adopts at the first arrival. Fit these with ``window=inf``.

Each cascade draws from its own SplitMix64 stream seeded from ``rng``, so the result depends only
on ``rng`` and the seed nodes, not on the thread count.

Examples
--------
>>> import pandas as pd
>>> from graphkit.diffusion.models import ICModel
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> always = ICModel(p_strong=1.0, p_weak=1.0)
>>> cascades = simulate_ic_cascades(graph, always, [0, 1], record_parents=True, rng=0)
>>> cascades.node.tolist(), cascades.time.tolist(), cascades.parent.tolist()
([0, 1, 2, 1, 2], [0.0, 1.0, 2.0, 0.0, 1.0], [-1, 0, 1, -1, 1])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numba
import numpy as np

from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit._simulation_kernels import cascade_rows
from graphkit.graph import SocialGraph
from graphkit.rng import RngLike, draw_seeds, make_rng

__all__ = ["simulate_ic_cascades"]


def simulate_ic_cascades(
    graph: SocialGraph,
    model: ICModel,
    seeds: Iterable[int],
    *,
    timing: Literal["steps", "delays"] = "steps",
    record_parents: bool = False,
    rng: RngLike = None,
) -> Cascades:
    """Simulate one IC cascade from each seed node (see the module docstring).

    Parameters
    ----------
    graph : SocialGraph
        The ties; ``model.arc_probabilities(graph)`` gives each arc's activation probability.
    model : ICModel
        The model to draw from.
    seeds : iterable of int
        One node index per cascade (repeats allowed: each is its own cascade).
    timing : {"steps", "delays"}, default "steps"
        Discrete steps or Exp(1) delays.
    record_parents : bool, default False
        Keep who activated each adopter in ``parent``; else every parent is -1 (unknown), as in
        most observed data.
    rng : int, SeedSequence or Generator, optional
        Randomness; the same value gives the same cascades.

    Returns
    -------
    Cascades
        Cascade ``c`` starts at ``seeds[c]`` at time 0; names "0", "1", ...
    """
    if timing not in ("steps", "delays"):
        raise InvalidInputError(f"timing must be 'steps' or 'delays', got {timing!r}")
    seeds = np.asarray(list(seeds) if not isinstance(seeds, np.ndarray) else seeds)
    if seeds.ndim != 1 or (seeds.size and not np.issubdtype(seeds.dtype, np.integer)):
        raise InvalidInputError("seeds must be node indices (ints)")
    if seeds.size and (seeds.min() < 0 or seeds.max() >= graph.n_nodes):
        raise InvalidInputError(f"seeds must be in [0, {graph.n_nodes})")
    arc_cut = np.ceil(model.arc_probabilities(graph) * 2.0**53).astype(np.int64)
    n_chunks = max(1, min(len(seeds), 4 * numba.get_num_threads()))
    ptr, node, time, parent = cascade_rows(
        graph.indptr, graph.indices, arc_cut, seeds.astype(np.int64), draw_seeds(make_rng(rng), len(seeds)),
        timing == "delays", n_chunks,
    )
    if not record_parents:
        parent[:] = -1
    names = np.array([str(c) for c in range(len(seeds))], dtype=object)
    return Cascades(ptr=ptr, node=node, time=time, parent=parent, names=names, n_nodes=graph.n_nodes)
