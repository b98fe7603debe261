"""Tie-kind weights: how much a strong and a weak tie count in the weighted measures.

Every weighted measure in :mod:`graphkit.analysis` (community detection, PageRank, personalized
PageRank, eigenvector centrality, HITS, Burt's constraint and the leader score built on them)
takes one keyword ``weights``, a :class:`TieWeights`; :data:`DEFAULT_TIE_WEIGHTS` (strong 1.0,
weak 0.3) is the default everywhere. A result records the pair in its ``params`` under the keys
``strong_weight`` and ``weak_weight``, the names the error messages and the CLI options use too.

Examples
--------
>>> from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights
>>> DEFAULT_TIE_WEIGHTS
TieWeights(strong=1.0, weak=0.3)
>>> TieWeights(weak=0.5).params()
{'strong_weight': 1.0, 'weak_weight': 0.5}
>>> TieWeights(weak=0)
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: weak_weight must be a finite number > 0, got 0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graphkit.defaults import STRONG_TIE_WEIGHT, WEAK_TIE_WEIGHT
from graphkit.errors import InvalidInputError
from graphkit.graph import STRONG, SocialGraph

__all__ = ["DEFAULT_TIE_WEIGHTS", "TieWeights", "check_tie_weights"]


@dataclass(frozen=True, slots=True)
class TieWeights:
    """The weight of a strong and of a weak tie, both finite and > 0.

    Parameters
    ----------
    strong : float, default 1.0
        Weight of a strong tie.
    weak : float, default 0.3
        Weight of a weak tie.

    Raises
    ------
    InvalidInputError
        If a weight is not a finite number > 0 (naming it ``strong_weight`` or ``weak_weight``).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
    >>> TieWeights(strong=2.0).per_tie(SocialGraph.from_tables(ties, directed=True)).tolist()
    [2.0, 0.3]
    """

    strong: float = STRONG_TIE_WEIGHT
    weak: float = WEAK_TIE_WEIGHT

    def __post_init__(self) -> None:
        for name, value in (("strong_weight", self.strong), ("weak_weight", self.weak)):
            if not (
                isinstance(value, (int, float, np.floating, np.integer)) and np.isfinite(value) and value > 0
            ):
                raise InvalidInputError(f"{name} must be a finite number > 0, got {value!r}")
        object.__setattr__(self, "strong", float(self.strong))
        object.__setattr__(self, "weak", float(self.weak))

    def params(self) -> dict[str, float]:
        """``{"strong_weight": ..., "weak_weight": ...}``, as recorded in a result's ``params``."""
        return {"strong_weight": self.strong, "weak_weight": self.weak}

    def per_tie(self, graph: SocialGraph) -> np.ndarray:
        """Weight of each row of ``graph.ties``, float64."""
        return np.where(graph.ties["tie"].to_numpy() == STRONG, self.strong, self.weak)

    def per_arc(self, graph: SocialGraph) -> np.ndarray:
        """Weight of each out-arc of ``graph``'s CSR, float64."""
        return np.where(graph.arc_strong, self.strong, self.weak)

    def summed(self, graph: SocialGraph, group_of_tie: np.ndarray, n_groups: int) -> np.ndarray:
        """Sum of the tie weights in each of ``n_groups`` groups; ties in group -1 count nowhere.

        ``group_of_tie`` gives each row of ``graph.ties`` a group, e.g. the edge of a simplified
        undirected view that the tie became part of (-1 for a dropped self-loop).
        """
        kept = group_of_tie >= 0
        return np.bincount(group_of_tie[kept], weights=self.per_tie(graph)[kept], minlength=n_groups)


DEFAULT_TIE_WEIGHTS = TieWeights()


def check_tie_weights(weights: object) -> None:
    """Raise InvalidInputError unless ``weights`` is a :class:`TieWeights`.

    Examples
    --------
    >>> check_tie_weights(0.3)
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: weights must be a TieWeights, got float
    """
    if not isinstance(weights, TieWeights):
        raise InvalidInputError(f"weights must be a TieWeights, got {type(weights).__name__}")
