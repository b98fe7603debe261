"""Diffusion models: Independent Cascade and Linear Threshold, and the two campaign objectives.

A model is a small frozen object that validates its parameters once and turns a
:class:`~graphkit.graph.SocialGraph` into per-arc numbers aligned with ``graph.indices``
(the out-arc CSR): activation probabilities for Independent Cascade, normalised influence weights
for Linear Threshold. Simulation (:mod:`graphkit.diffusion.simulate`), exact enumeration
(:mod:`graphkit.diffusion.exact`) and seed selection all read these arrays.

Models
------
Independent Cascade (IC; Kempe, Kleinberg & Tardos 2003)
    When user ``u`` becomes active at step ``t``, it gets one chance to activate each inactive
    out-neighbour ``v`` at step ``t + 1``, succeeding with the arc's probability ``p(u, v)``:

    * ``probability="tie"`` (default): ``p_strong`` on strong ties, ``p_weak`` on weak ties;
    * ``probability="weighted_cascade"``: ``p(u, v) = 1 / in_degree(v)`` (Kempe 2003);
    * ``probability="explicit"``: the ties' ``p`` column; every tie must have one (an error names
      the first tie without, there is no fallback).

Linear Threshold (LT; Kempe 2003)
    Arc ``u -> v`` has weight ``w_strong`` or ``w_weak`` by tie kind, divided by the sum over all
    in-arcs of ``v``, so the in-weights of every node with in-arcs sum to 1 (a node whose in-arcs
    all weigh 0 keeps zero weights and is reached only as a seed). Each user draws a threshold
    uniformly in [0, 1) and becomes active at the first step where the weights from its active
    in-neighbours reach it.

Objectives
----------
Both objectives are computed from the same cascade, in the same pass, per trial.

``"awareness"``
    A user counts when the model activates them: they heard about the campaign.
``"adoption"``
    A user counts when activated **and** at least one of:

    1. they are a seed;
    2. one of their in-neighbours that was active before them (activated at an earlier step —
       this includes the one who activated them) is joined to them by a strong tie;
    3. at least two of their in-neighbours were active before them.

    Weak ties spread the word, strong ties or social reinforcement convert it (Granovetter 1973;
    Centola & Macy 2007). "In-neighbour" means any tie towards the user, whether or not its coin
    flip (IC) or threshold draw (LT) succeeded.

Examples
--------
>>> from graphkit.graph import SocialGraph
>>> import pandas as pd
>>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=True)
>>> ICModel(p_strong=0.5, p_weak=0.05).arc_probabilities(graph).tolist()
[0.5, 0.05]
>>> LTModel().arc_weights(graph).tolist()
[1.0, 1.0]

References
----------
Kempe, Kleinberg, Tardos (2003). Maximizing the spread of influence through a social network. KDD.
Centola, Macy (2007). Complex contagions and the weakness of long ties. American Journal of
Sociology 113(3).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np

from graphkit.defaults import IC_P_STRONG, IC_P_WEAK, IC_PROBABILITY, LT_W_STRONG, LT_W_WEAK
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = [
    "DEFAULT_IC",
    "DEFAULT_LT",
    "OBJECTIVES",
    "PROBABILITY_KINDS",
    "ICModel",
    "LTModel",
    "Model",
    "Objective",
    "check_objective",
]

Objective = Literal["awareness", "adoption"]
OBJECTIVES: tuple[str, ...] = ("awareness", "adoption")
PROBABILITY_KINDS: tuple[str, ...] = ("tie", "weighted_cascade", "explicit")


def _check_number(name: str, value: Any, *, upper: float | None) -> None:
    allowed = f"[0, {upper:g}]" if upper is not None else "[0, inf)"
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidInputError(f"{name} must be a number in {allowed}, got {value!r}")
    if not math.isfinite(value) or value < 0 or (upper is not None and value > upper):
        raise InvalidInputError(f"{name} must be in {allowed}, got {value!r}")


def check_objective(objective: Any) -> str:
    """Return ``objective`` if it is ``"awareness"`` or ``"adoption"``, else raise InvalidInputError."""
    if objective not in OBJECTIVES:
        raise InvalidInputError(f"objective must be one of 'awareness', 'adoption', got {objective!r}")
    return objective


@dataclass(frozen=True, slots=True, kw_only=True)
class ICModel:
    """Independent Cascade with per-arc probabilities by tie kind, weighted cascade, or explicit.

    Parameters
    ----------
    p_strong : float, default 0.1
        Activation probability over a strong tie (``probability="tie"``), in [0, 1].
    p_weak : float, default 0.01
        Activation probability over a weak tie (``probability="tie"``), in [0, 1].
    probability : {"tie", "weighted_cascade", "explicit"}, default "tie"
        Where arc probabilities come from; see the module docstring.

    Raises
    ------
    InvalidInputError
        If a probability is outside [0, 1] or ``probability`` is not one of the three kinds.

    Examples
    --------
    >>> ICModel(p_weak=1.3)
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: p_weak must be in [0, 1], got 1.3
    """

    p_strong: float = IC_P_STRONG
    p_weak: float = IC_P_WEAK
    probability: Literal["tie", "weighted_cascade", "explicit"] = IC_PROBABILITY

    def __post_init__(self) -> None:
        _check_number("p_strong", self.p_strong, upper=1.0)
        _check_number("p_weak", self.p_weak, upper=1.0)
        if self.probability not in PROBABILITY_KINDS:
            raise InvalidInputError(
                f"probability must be one of 'tie', 'weighted_cascade', 'explicit', got {self.probability!r}"
            )

    @property
    def name(self) -> str:
        """``"ic"``."""
        return "ic"

    def to_dict(self) -> dict[str, Any]:
        """The model as a JSON-ready dict (``{"model": "ic", ...}``), for result ``params``."""
        return {"model": self.name, **asdict(self)}

    @property
    def per_head(self) -> bool:
        """Whether every arc into a user has one probability (weighted cascade): then
        :meth:`head_probabilities` gives them per user, n values instead of one per arc."""
        return self.probability == "weighted_cascade"

    def head_probabilities(self, graph: SocialGraph) -> np.ndarray:
        """Per user, float64, the probability of every arc into it: ``1 / in_degree`` (0 without
        in-arcs). Only when :attr:`per_head`.

        Examples
        --------
        >>> import numpy as np
        >>> from graphkit.graph import SocialGraph
        >>> graph = SocialGraph.from_arrays(["a", "b", "c"], np.array([0, 1]), np.array([2, 2]),
        ...                                 np.array([1, 1], np.int8), directed=True)
        >>> ICModel(probability="weighted_cascade").head_probabilities(graph).tolist()
        [0.0, 0.0, 0.5]
        """
        if not self.per_head:
            raise ValueError(f"probability={self.probability!r} differs between the arcs into a user")
        in_degree = graph.in_degree().astype(np.float64)
        return np.divide(1.0, in_degree, out=np.zeros_like(in_degree), where=in_degree > 0)

    def arc_probabilities(self, graph: SocialGraph) -> np.ndarray:
        """Activation probability of every out-arc, float64, aligned with ``graph.indices``.

        Raises
        ------
        InvalidInputError
            With ``probability="explicit"``, if some tie has no ``p``.
        """
        if self.probability == "tie":
            return np.where(graph.arc_strong, float(self.p_strong), float(self.p_weak))
        if self.per_head:
            return self.head_probabilities(graph)[graph.indices]
        missing = np.isnan(graph.arc_p)
        if missing.any():
            row = int(graph.arc_tie_row[int(np.argmax(missing))])
            ids = graph.node_ids
            source, target = (int(graph.ties.at[row, column]) for column in ("source", "target"))
            raise InvalidInputError(
                f"probability='explicit' needs a p for every tie; {int(np.isnan(graph.ties['p']).sum())} "
                f"tie(s) have none, first ({ids[source]!r} -> {ids[target]!r}, ties row {row})",
                field="p",
            )
        return np.array(graph.arc_p, dtype=np.float64)


@dataclass(frozen=True, slots=True, kw_only=True)
class LTModel:
    """Linear Threshold with arc weights by tie kind, normalised per node, uniform thresholds.

    Parameters
    ----------
    w_strong : float, default 1.0
        Raw weight of a strong tie, >= 0.
    w_weak : float, default 0.2
        Raw weight of a weak tie, >= 0.

    Raises
    ------
    InvalidInputError
        If a weight is negative or not finite, or both are 0.

    Examples
    --------
    >>> LTModel(w_strong=-1.0)
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: w_strong must be in [0, inf), got -1.0
    """

    w_strong: float = LT_W_STRONG
    w_weak: float = LT_W_WEAK

    def __post_init__(self) -> None:
        _check_number("w_strong", self.w_strong, upper=None)
        _check_number("w_weak", self.w_weak, upper=None)
        if self.w_strong == 0 and self.w_weak == 0:
            raise InvalidInputError("w_strong and w_weak must not both be 0, got 0 and 0")

    @property
    def name(self) -> str:
        """``"lt"``."""
        return "lt"

    def to_dict(self) -> dict[str, Any]:
        """The model as a JSON-ready dict (``{"model": "lt", ...}``), for result ``params``."""
        return {"model": self.name, **asdict(self)}

    def arc_weights(self, graph: SocialGraph) -> np.ndarray:
        """Normalised influence weight of every out-arc, float64, aligned with ``graph.indices``.

        The weights of the in-arcs of each node sum to 1, except for nodes whose raw in-weights
        are all 0 (e.g. only weak in-ties and ``w_weak=0``), whose in-arcs keep weight 0.
        """
        raw = np.where(graph.arc_strong, float(self.w_strong), float(self.w_weak)).astype(np.float64)
        total = np.bincount(graph.indices, weights=raw, minlength=graph.n_nodes)
        head_total = total[graph.indices]
        return np.divide(raw, head_total, out=np.zeros_like(raw), where=head_total > 0)


Model = ICModel | LTModel

DEFAULT_IC = ICModel()
"""The Independent Cascade defaults (``p_strong`` 0.1, ``p_weak`` 0.01, probabilities by tie kind),
which the CLI options and the campaign file's ``[model]`` share."""
DEFAULT_LT = LTModel()
"""The Linear Threshold defaults (``w_strong`` 1.0, ``w_weak`` 0.2)."""
