"""``Scores``: per-user measures aligned with node index, and how they were computed.

Examples
--------
>>> import numpy as np
>>> from graphkit.analysis.scores import Scores
>>> scores = Scores.from_columns({"pagerank": np.array([0.2, 0.5, 0.3])}, {"algorithm": "pagerank"})
>>> scores.top("pagerank", 2).tolist()
[1, 2]
>>> scores.to_frame(["a", "b", "c"]).columns.tolist()
['id', 'pagerank']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from graphkit.errors import InvalidInputError

__all__ = ["Scores"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scores:
    """Named per-user measures (read-only arrays of equal length, indexed by node index).

    Attributes
    ----------
    columns : Mapping[str, ndarray]
        Measure name -> one value per node index.
    params : dict
        How each measure was computed: ``{"measures": [params, ...]}`` where each entry is a
        :func:`graphkit.results.make_params` dict naming the algorithm and its arguments.
    """

    columns: Mapping[str, np.ndarray]
    params: dict[str, Any]

    @classmethod
    def from_columns(cls, columns: Mapping[str, np.ndarray], params: dict[str, Any]) -> Scores:
        """Freeze ``columns`` (copied read-only) measured as described by one ``params`` dict."""
        frozen = {}
        length = None
        for name, values in columns.items():
            array = np.array(values, copy=True)
            if length is None:
                length = len(array)
            elif len(array) != length:
                raise InvalidInputError(f"column {name!r} has {len(array)} values, expected {length}")
            array.setflags(write=False)
            frozen[name] = array
        return cls(columns=MappingProxyType(frozen), params={"measures": [params]})

    @property
    def names(self) -> tuple[str, ...]:
        """Measure names, in order."""
        return tuple(self.columns)

    @property
    def n_nodes(self) -> int:
        """Number of users scored."""
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.columns:
            raise InvalidInputError(f"no measure named {name!r}; have {', '.join(self.columns) or 'none'}")
        return self.columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self.columns

    def join(self, *others: Scores) -> Scores:
        """One Scores with the columns of ``self`` and ``others`` (names must not repeat)."""
        columns = dict(self.columns)
        measures = list(self.params["measures"])
        for other in others:
            if other.n_nodes != self.n_nodes and columns and other.columns:
                raise InvalidInputError(
                    f"cannot join scores of {other.n_nodes} users to scores of {self.n_nodes}"
                )
            repeated = set(columns) & set(other.columns)
            if repeated:
                raise InvalidInputError(f"measure(s) {', '.join(sorted(repeated))} appear in both scores")
            columns.update(other.columns)
            measures.extend(other.params["measures"])
        return Scores(columns=MappingProxyType(columns), params={"measures": measures})

    def top(self, name: str, k: int) -> np.ndarray:
        """Node indices of the ``k`` highest values of ``name`` (NaN last, ties by lower index)."""
        if not isinstance(k, (int, np.integer)) or k < 0:
            raise InvalidInputError(f"k must be an int >= 0, got {k!r}")
        values = self[name].astype(np.float64)
        keys = np.where(np.isnan(values), -np.inf, values)
        return np.lexsort((np.arange(len(values)), -keys))[:k]

    def to_frame(self, node_ids=None) -> pd.DataFrame:
        """The measures as a DataFrame in node-index order, with an ``id`` column first if given."""
        frame = pd.DataFrame(dict(self.columns))
        if node_ids is not None:
            node_ids = np.asarray(node_ids, dtype=object)
            if len(node_ids) != self.n_nodes:
                raise InvalidInputError(f"node_ids must have {self.n_nodes} entries, got {len(node_ids)}")
            frame.insert(0, "id", node_ids)
        return frame
