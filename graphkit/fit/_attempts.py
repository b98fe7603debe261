"""What evaluation and influence share: a checked per-arc ``p``, and every attempt cascades show.

:func:`every_attempt` is :func:`~graphkit.fit.exposures.find_exposures` with ``window=inf`` and
the parents left out, so an event's candidates are *all* the in-arcs from users who adopted
strictly earlier in the cascade and the failures are exactly the arcs ``u -> v`` where ``u``
adopted and ``v`` never did. Optionally each cascade's first adopter (the root, in root-pairs
data whose root is in the graph) is dropped first: it then neither exposes anyone nor is credited.

Examples
--------
>>> from graphkit.cascades import Cascades
>>> cascades = Cascades.from_arrays(cascade=[0, 0, 1], node=[2, 0, 1], time=[0.0, 1.0, 5.0], n_nodes=3)
>>> without_first_adopters(cascades).node.tolist()
[0]
"""

from __future__ import annotations

import math

import numpy as np

from graphkit.cascades import Cascades
from graphkit.errors import InvalidInputError
from graphkit.fit.exposures import Exposures, find_exposures
from graphkit.graph import SocialGraph

__all__ = ["arc_probabilities", "every_attempt", "without_first_adopters"]


def arc_probabilities(graph: SocialGraph, p) -> np.ndarray:
    """``p`` as float64, one value in [0, 1] per arc of ``graph`` (aligned with ``graph.indices``).

    >>> import pandas as pd
    >>> graph = SocialGraph.from_tables(pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]}),
    ...                                 directed=True)
    >>> arc_probabilities(graph, [1.5])
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: p must lie in [0, 1] on every arc
    """
    p = np.asarray(p, dtype=np.float64)
    if p.shape != (graph.n_arcs,):
        raise InvalidInputError(f"p must have one value per arc ({graph.n_arcs}), got shape {p.shape}")
    if not (np.isfinite(p) & (p >= 0) & (p <= 1)).all():
        raise InvalidInputError("p must lie in [0, 1] on every arc")
    return p


def without_first_adopters(cascades: Cascades) -> Cascades:
    """The cascades without the first row of each (its earliest adopter), parents kept."""
    sizes = cascades.sizes()
    keep = np.ones(cascades.n_adoptions, dtype=bool)
    keep[cascades.ptr[:-1][sizes > 0]] = False
    ptr = np.zeros(cascades.n_cascades + 1, dtype=np.int64)
    np.cumsum(sizes - (sizes > 0), out=ptr[1:])
    return Cascades(ptr=ptr, node=cascades.node[keep], time=cascades.time[keep],
                    parent=cascades.parent[keep], names=cascades.names, n_nodes=cascades.n_nodes)


def every_attempt(graph: SocialGraph, cascades: Cascades, *, count_root: bool) -> tuple[Cascades, Exposures]:
    """``(cascades used, exposures)``: every earlier in-neighbour a candidate (see the module docstring)."""
    if not isinstance(count_root, bool):
        raise InvalidInputError(f"count_root must be True or False, got {count_root!r}")
    if not count_root:
        cascades = without_first_adopters(cascades)
    return cascades, find_exposures(graph, cascades.without_parents(), window=math.inf)
