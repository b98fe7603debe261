"""Observed cascades: who adopted what, when, over the node indices of one SocialGraph.

A :class:`Cascades` holds many cascades (a repost tree, a referral chain, a past campaign) in flat
arrays, the layout the fitting kernels read: cascade ``c`` is rows ``ptr[c]:ptr[c + 1]`` of
``node`` (the adopter's node index), ``time`` (when, non-decreasing within a cascade) and
``parent`` (the node index the adopter got it from, -1 when unknown). A user adopts at most once
per cascade. External ids live only in the readers (:mod:`graphkit.io.cascades`); cascades carry
the graph's node indices, like every engine.

Examples
--------
>>> import numpy as np
>>> cascades = Cascades.from_arrays(
...     cascade=np.array([0, 0, 1]), node=np.array([3, 1, 2]), time=np.array([5.0, 2.0, 1.0]), n_nodes=4
... )
>>> cascades.n_cascades, cascades.n_adoptions
(2, 3)
>>> cascades.node.tolist(), cascades.start_times().tolist()
([1, 3, 2], [2.0, 1.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError

__all__ = ["Cascades"]


def _readonly(array: np.ndarray, dtype) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=dtype)
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class Cascades:
    """Cascades in flat arrays over node indices (see the module docstring).

    Parameters
    ----------
    ptr : ndarray of int64, shape (n_cascades + 1,)
        Cascade ``c`` is rows ``ptr[c]:ptr[c + 1]``.
    node, time, parent : ndarray
        Per adoption: node index (int32), time (float64, non-decreasing within a cascade) and the
        parent's node index (int32, -1 when unknown).
    names : ndarray of object
        Each cascade's id as read (a string).
    n_nodes : int
        Nodes of the graph the indices refer to.
    """

    ptr: np.ndarray
    node: np.ndarray
    time: np.ndarray
    parent: np.ndarray
    names: np.ndarray
    n_nodes: int

    def __post_init__(self) -> None:
        for name, dtype in (("ptr", np.int64), ("node", np.int32), ("time", np.float64), ("parent", np.int32)):
            object.__setattr__(self, name, _readonly(getattr(self, name), dtype))
        object.__setattr__(self, "names", _readonly(np.asarray(self.names, dtype=object), object))
        ptr, n = self.ptr, len(self.node)
        if len(ptr) == 0 or ptr[0] != 0 or ptr[-1] != n or (np.diff(ptr) < 0).any():
            raise InvalidInputError("ptr must start at 0, never decrease and end at the number of adoptions")
        if len(self.names) != len(ptr) - 1:
            raise InvalidInputError(f"names has {len(self.names)} entries for {len(ptr) - 1} cascades")
        if len(self.time) != n or len(self.parent) != n:
            raise InvalidInputError("node, time and parent must have one entry per adoption")
        if n and (self.node.min() < 0 or self.node.max() >= self.n_nodes):
            raise InvalidInputError(f"node indices must lie in [0, {self.n_nodes})")
        if n and (self.parent.min() < -1 or self.parent.max() >= self.n_nodes):
            raise InvalidInputError(f"parent indices must be -1 or lie in [0, {self.n_nodes})")
        if not np.isfinite(self.time).all():
            raise InvalidInputError("times must be finite")
        cascade = np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))
        if n > 1 and ((np.diff(self.time) < 0) & (cascade[1:] == cascade[:-1])).any():
            raise InvalidInputError("times must not decrease within a cascade")
        pairs = cascade.astype(np.int64) * max(self.n_nodes, 1) + self.node
        if pd.Series(pairs).duplicated().any():
            raise InvalidInputError("a user adopts at most once per cascade")

    @classmethod
    def from_arrays(cls, cascade, node, time, *, n_nodes: int, parent=None, names=None) -> Cascades:
        """Cascades from one row per adoption, in any order: rows are grouped by ``cascade``
        (numbered 0..C-1) and sorted by time within each (ties broken by row order)."""
        cascade = np.asarray(cascade, dtype=np.int64)
        node, time = np.asarray(node), np.asarray(time, dtype=np.float64)
        parent = np.full(len(node), -1) if parent is None else np.asarray(parent)
        n_cascades = int(cascade.max()) + 1 if len(cascade) else 0
        order = np.lexsort((np.arange(len(cascade)), time, cascade))
        ptr = np.zeros(n_cascades + 1, dtype=np.int64)
        np.cumsum(np.bincount(cascade, minlength=n_cascades), out=ptr[1:])
        names = np.array([str(c) for c in range(n_cascades)], dtype=object) if names is None else names
        return cls(ptr=ptr, node=node[order], time=time[order], parent=parent[order], names=names, n_nodes=n_nodes)

    @property
    def n_cascades(self) -> int:
        return len(self.ptr) - 1

    @property
    def n_adoptions(self) -> int:
        return len(self.node)

    def sizes(self) -> np.ndarray:
        """Adopters in each cascade."""
        return np.diff(self.ptr)

    def start_times(self) -> np.ndarray:
        """Each cascade's first adoption time (NaN for an empty cascade)."""
        starts = np.full(self.n_cascades, np.nan)
        nonempty = self.sizes() > 0
        starts[nonempty] = self.time[self.ptr[:-1][nonempty]]
        return starts

    def without_parents(self) -> Cascades:
        """The same cascades with every parent forgotten (-1), as when who passed it on is unknown;
        these cascades themselves when they record no parent.

        >>> cascades = Cascades.from_arrays(cascade=[0, 0], node=[0, 1], time=[0, 1], parent=[-1, 0], n_nodes=2)
        >>> cascades.without_parents().parent.tolist()
        [-1, -1]
        """
        if not (self.parent >= 0).any():
            return self
        return Cascades(ptr=self.ptr, node=self.node, time=self.time, parent=np.full(self.n_adoptions, -1),
                        names=self.names, n_nodes=self.n_nodes)

    def subset(self, which: np.ndarray) -> Cascades:
        """The cascades ``which`` (indices or a boolean mask), in that order.

        >>> cascades = Cascades.from_arrays(cascade=[0, 1, 1], node=[0, 1, 2], time=[0, 1, 2], n_nodes=3)
        >>> cascades.subset([1]).node.tolist()
        [1, 2]
        """
        which = np.asarray(which)
        chosen = np.flatnonzero(which) if which.dtype == bool else which.astype(np.int64)
        sizes = self.sizes()[chosen]
        rows = np.concatenate([np.arange(self.ptr[c], self.ptr[c + 1]) for c in chosen]) if len(chosen) else []
        rows = np.asarray(rows, dtype=np.int64)
        ptr = np.zeros(len(chosen) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        return Cascades(ptr=ptr, node=self.node[rows], time=self.time[rows], parent=self.parent[rows],
                        names=self.names[chosen], n_nodes=self.n_nodes)

    def split_by_time(self, held_out: float = 0.2) -> tuple[Cascades, Cascades]:
        """``(earlier, later)``: the latest ``held_out`` share of cascades by start time, held out.

        Empty cascades (no start time) are left out of both parts.

        >>> cascades = Cascades.from_arrays(cascade=[0, 1, 2, 3, 4], node=[0] * 5, time=[4, 0, 3, 1, 2], n_nodes=1)
        >>> [part.names.tolist() for part in cascades.split_by_time(0.4)]
        [['1', '3', '4'], ['2', '0']]
        """
        if not 0 < held_out < 1:
            raise InvalidInputError(f"held_out must be in (0, 1), got {held_out!r}")
        starts = self.start_times()
        nonempty = np.flatnonzero(~np.isnan(starts))
        order = nonempty[np.argsort(starts[nonempty], kind="stable")]
        n_later = int(round(held_out * len(order)))
        return self.subset(order[: len(order) - n_later]), self.subset(order[len(order) - n_later:])
