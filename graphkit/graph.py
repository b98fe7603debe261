"""SocialGraph: the one in-memory graph every algorithm in graphkit reads.

A SocialGraph holds users and ties twice over:

* tables (pandas): ``users`` (one row per node index, column ``id`` plus attributes) and ``ties``
  (one row per tie: ``source``/``target`` node indices, ``tie`` kind, ``weight``, ``p``,
  ``labelled_by`` and any other input columns);
* CSR arrays over node indices 0..n-1 for the algorithms: ``indptr``/``indices`` hold the out-arcs,
  ``arc_tie_row`` maps each arc back to its row in ``ties``, and ``arc_strong``, ``arc_weight`` and
  ``arc_p`` give the per-arc attributes as read-only numpy arrays.

An undirected tie is one row in ``ties`` and two arcs in the CSR (influence flows both ways); a
directed tie is one row and one arc.

A graph never changes after it is built, so whatever is derived from it stays valid as long as the
graph lives. :meth:`SocialGraph.view` is the one cache for such derived views: it builds a view
once per graph and key, on first use. The graph keeps its own there (the reverse CSR of in-arcs,
used by reverse-reachable sampling and Linear Threshold; the id index), and so does
:mod:`graphkit.analysis` (the graph-library copies and the undirected CSR its measures read), so
they are freed with the graph.

Examples
--------
>>> import pandas as pd
>>> from graphkit.graph import SocialGraph
>>> ties = pd.DataFrame({"source": ["ann", "bob"], "target": ["bob", "cat"],
...                      "tie": ["strong", "weak"]})
>>> graph = SocialGraph.from_tables(ties, directed=False)
>>> graph.n_nodes, graph.n_ties, graph.n_arcs
(3, 2, 4)
>>> graph.out_neighbors(graph.index_of("bob")).tolist()
[0, 2]
>>> graph.view("degrees", lambda g: g.out_degree().tolist())
[1, 2, 1]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from graphkit._graph_tables import STRONG, TIE_KINDS, WEAK, validate_ties, validate_users
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import networkx

__all__ = ["SocialGraph", "TIE_KINDS", "STRONG", "WEAK"]

_View = TypeVar("_View")


def _readonly(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array)
    array.setflags(write=False)
    return array


class _OutArcs(NamedTuple):
    """The out-arc CSR and the per-arc attributes (see the module docstring)."""

    indptr: np.ndarray
    indices: np.ndarray
    arc_source: np.ndarray
    arc_tie_row: np.ndarray
    arc_strong: np.ndarray
    arc_weight: np.ndarray
    arc_p: np.ndarray


@dataclass(frozen=True, eq=False, repr=False)
class SocialGraph:
    """Users and strong/weak ties, as tables and as CSR arrays over node indices.

    Build one with :meth:`from_tables` (external ids) or :meth:`from_networkx`; the constructor
    itself takes already-indexed tables and validates them (:mod:`graphkit._graph_tables`).

    Parameters
    ----------
    users : DataFrame
        One row per node, in node-index order, with a unique string column ``id``.
    ties : DataFrame
        One row per tie: ``source`` and ``target`` (int node indices), ``tie`` ("strong" or
        "weak"), ``weight`` (float > 0), ``p`` (float in [0, 1], NaN when not given),
        ``labelled_by`` (str), and any further columns.
    directed : bool
        Whether a tie carries influence from source to target only (True) or both ways (False).
    """

    users: pd.DataFrame
    ties: pd.DataFrame
    directed: bool
    _arcs: _OutArcs = field(init=False, repr=False)
    _views: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        users = self.users.reset_index(drop=True)
        ties = self.ties.reset_index(drop=True)
        validate_users(users)
        validate_ties(ties, len(users), bool(self.directed))
        ties["tie"] = pd.Categorical(ties["tie"], categories=list(TIE_KINDS))
        ties["weight"] = ties["weight"].astype(np.float64)
        ties["p"] = ties["p"].astype(np.float64)
        object.__setattr__(self, "users", users)
        object.__setattr__(self, "ties", ties)
        object.__setattr__(self, "directed", bool(self.directed))
        object.__setattr__(self, "_arcs", self._build_out_arcs())

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_tables(
        cls,
        ties: pd.DataFrame,
        users: pd.DataFrame | None = None,
        *,
        directed: bool,
    ) -> SocialGraph:
        """Build a graph from tables keyed by external ids.

        Parameters
        ----------
        ties : DataFrame
            Columns ``source``, ``target`` (external ids), ``tie`` ("strong"/"weak"); optional
            ``weight`` (default 1.0), ``p`` (default NaN = not given), ``labelled_by``
            (default "input"), and any others, which are kept.
        users : DataFrame, optional
            Column ``id`` plus attributes. Users that appear only in ``ties`` are added with
            empty attributes, after the listed users, in order of first appearance.
        directed : bool
            See the class docstring.

        Raises
        ------
        InvalidInputError
            If a required column is missing, an id repeats, or a value is out of range.
        """
        for column in ("source", "target", "tie"):
            if column not in ties.columns:
                raise InvalidInputError(f"ties table has no {column!r} column")
        if users is None:
            users = pd.DataFrame({"id": pd.Series([], dtype=object)})
        if "id" not in users.columns:
            raise InvalidInputError("users table has no 'id' column")
        users = users.copy()
        users["id"] = users["id"].astype(str)
        source = ties["source"].astype(str).to_numpy()
        target = ties["target"].astype(str).to_numpy()
        known = pd.Index(users["id"])
        if not known.is_unique:
            duplicate = known[known.duplicated()][0]
            raise InvalidInputError(f"user id {duplicate!r} appears more than once", field="id")
        seen = pd.unique(np.concatenate([source, target]))
        extra = seen[~pd.Index(seen).isin(known)]
        if len(extra):
            users = pd.concat([users, pd.DataFrame({"id": extra})], ignore_index=True)
        index = pd.Index(users["id"])
        table = ties.copy()
        table["source"] = index.get_indexer(source)
        table["target"] = index.get_indexer(target)
        if "weight" not in table.columns:
            table["weight"] = 1.0
        if "p" not in table.columns:
            table["p"] = np.nan
        if "labelled_by" not in table.columns:
            table["labelled_by"] = "input"
        return cls(users=users, ties=table, directed=directed)

    @classmethod
    def from_networkx(cls, nx_graph: networkx.Graph, *, default_tie: str | None = None) -> SocialGraph:
        """Build a graph from networkx; edge attributes become tie columns, node attributes user columns.

        Every edge needs a ``tie`` attribute unless ``default_tie`` names the kind to use.
        """
        rows = []
        for source, target, data in nx_graph.edges(data=True):
            row = {"source": source, "target": target, **data}
            if "tie" not in row:
                if default_tie is None:
                    raise InvalidInputError(
                        f"edge ({source!r}, {target!r}) has no 'tie' attribute; pass default_tie"
                    )
                row["tie"] = default_tie
            rows.append(row)
        ties = pd.DataFrame(rows, columns=None if rows else ["source", "target", "tie"])
        users = pd.DataFrame([{"id": node, **data} for node, data in nx_graph.nodes(data=True)])
        if users.empty:
            users = pd.DataFrame({"id": pd.Series([], dtype=object)})
        return cls.from_tables(ties, users, directed=nx_graph.is_directed())

    def _build_out_arcs(self) -> _OutArcs:
        n = len(self.users)
        source = self.ties["source"].to_numpy(np.int64)
        target = self.ties["target"].to_numpy(np.int64)
        rows = np.arange(len(source), dtype=np.int64)
        if not self.directed:
            loop = source == target
            back = ~loop
            source, target, rows = (
                np.concatenate([source, target[back]]),
                np.concatenate([target, source[back]]),
                np.concatenate([rows, rows[back]]),
            )
        order = np.lexsort((target, source))
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(source, minlength=n), out=indptr[1:])
        arc_rows = rows[order]
        return _OutArcs(
            indptr=_readonly(indptr),
            indices=_readonly(target[order].astype(np.int32)),
            arc_source=_readonly(source[order].astype(np.int32)),
            arc_tie_row=_readonly(arc_rows),
            arc_strong=_readonly((self.ties["tie"].to_numpy() == STRONG)[arc_rows]),
            arc_weight=_readonly(self.ties["weight"].to_numpy(np.float64)[arc_rows]),
            arc_p=_readonly(self.ties["p"].to_numpy(np.float64)[arc_rows]),
        )

    # ------------------------------------------------------------------ derived views
    def view(self, key: Hashable, build: Callable[[SocialGraph], _View]) -> _View:
        """The view of this graph named ``key``: ``build(self)`` the first time, the same object after.

        The one cache for anything derived from the graph (see the module docstring). A key names
        one view, so include in it every argument the view depends on, and prefix it with the
        module that builds it, e.g. ``("graphkit.analysis", "undirected csr")``. Views are shared:
        treat them as read-only.

        Parameters
        ----------
        key : hashable
            Names the view.
        build : callable
            ``build(graph)`` returns the view; called at most once per graph and key.

        Returns
        -------
        object
            What ``build`` returned for this graph and key.

        Examples
        --------
        >>> import pandas as pd
        >>> ties = pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]})
        >>> graph = SocialGraph.from_tables(ties, directed=True)
        >>> first = graph.view("id list", lambda g: g.node_ids.tolist())
        >>> first, graph.view("id list", lambda g: []) is first
        (['a', 'b'], True)
        """
        if key not in self._views:
            self._views[key] = build(self)
        return self._views[key]

    # ------------------------------------------------------------------ sizes and ids
    @property
    def n_nodes(self) -> int:
        """Number of users."""
        return len(self.users)

    @property
    def n_ties(self) -> int:
        """Number of ties (an undirected tie counts once)."""
        return len(self.ties)

    @property
    def n_arcs(self) -> int:
        """Number of arcs in the CSR (an undirected tie that is not a self-loop counts twice)."""
        return int(self.indptr[-1])

    @property
    def node_ids(self) -> np.ndarray:
        """External user ids (str), indexed by node index."""
        return self.users["id"].to_numpy(dtype=object)

    def index_of(self, node_id: str) -> int:
        """Node index of external id ``node_id``; raises InvalidInputError if unknown."""
        indexer = self._id_index.get_indexer([str(node_id)])
        if indexer[0] < 0:
            raise InvalidInputError(f"unknown user id {node_id!r}")
        return int(indexer[0])

    def indices_of(self, node_ids) -> np.ndarray:
        """Node indices of several external ids; raises InvalidInputError naming the first unknown one."""
        ids = [str(node_id) for node_id in node_ids]
        indexer = self._id_index.get_indexer(ids)
        if (indexer < 0).any():
            raise InvalidInputError(f"unknown user id {ids[int(np.argmax(indexer < 0))]!r}")
        return indexer.astype(np.int64)

    @property
    def _id_index(self) -> pd.Index:
        return self.view("id index", lambda graph: pd.Index(graph.users["id"]))

    # ------------------------------------------------------------------ CSR views
    @property
    def indptr(self) -> np.ndarray:
        """Out-arc offsets, int64, length n_nodes + 1."""
        return self._arcs.indptr

    @property
    def indices(self) -> np.ndarray:
        """Out-arc heads, int32, sorted within each node."""
        return self._arcs.indices

    @property
    def arc_source(self) -> np.ndarray:
        """Tail node of each out-arc, int32."""
        return self._arcs.arc_source

    @property
    def arc_tie_row(self) -> np.ndarray:
        """Row in ``ties`` behind each arc, int64."""
        return self._arcs.arc_tie_row

    @property
    def arc_strong(self) -> np.ndarray:
        """True where the arc's tie is strong."""
        return self._arcs.arc_strong

    @property
    def arc_weight(self) -> np.ndarray:
        """Tie weight of each arc, float64."""
        return self._arcs.arc_weight

    @property
    def arc_p(self) -> np.ndarray:
        """Explicit activation probability of each arc, float64, NaN where the input gave none."""
        return self._arcs.arc_p

    def out_neighbors(self, node_idx: int) -> np.ndarray:
        """Heads of the out-arcs of ``node_idx``."""
        return self.indices[self.indptr[node_idx] : self.indptr[node_idx + 1]]

    def out_degree(self) -> np.ndarray:
        """Out-degree of every node (for undirected graphs, the degree), int64."""
        return np.diff(self.indptr)

    def in_degree(self) -> np.ndarray:
        """In-degree of every node, int64."""
        return np.diff(self.reverse()[0])

    def reverse(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The in-arc CSR ``(in_indptr, in_indices, in_arc)``, built once and cached.

        ``in_indices[k]`` is the tail of the k-th in-arc and ``in_arc[k]`` its position in the
        out-arc arrays, so ``arc_p[in_arc]`` gives in-arc probabilities.
        """
        return self.view("reverse", SocialGraph._build_reverse)

    def _build_reverse(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        order = np.lexsort((self.arc_source, self.indices))
        in_indptr = np.zeros(self.n_nodes + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.indices, minlength=self.n_nodes), out=in_indptr[1:])
        return _readonly(in_indptr), _readonly(self.arc_source[order]), _readonly(order.astype(np.int64))

    # ------------------------------------------------------------------ conversions
    def ties_frame(self) -> pd.DataFrame:
        """The ties table with external ids in ``source``/``target``."""
        table = self.ties.copy()
        ids = self.node_ids
        table["source"] = ids[table["source"].to_numpy()]
        table["target"] = ids[table["target"].to_numpy()]
        table["tie"] = table["tie"].astype(str)
        return table

    def to_networkx(self) -> networkx.Graph:
        """A networkx (Di)Graph keyed by external ids, with all user and tie columns as attributes."""
        import networkx as nx

        nx_graph = nx.DiGraph() if self.directed else nx.Graph()
        nx_graph.add_nodes_from(self.node_ids)
        attributes = self.users.drop(columns="id")
        for column in attributes.columns:
            nx.set_node_attributes(nx_graph, dict(zip(self.node_ids, attributes[column])), column)
        table = self.ties_frame()
        data = table.drop(columns=["source", "target"]).to_dict("records")
        nx_graph.add_edges_from(zip(table["source"], table["target"], data))
        return nx_graph

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        strong = int((self.ties["tie"] == STRONG).sum())
        return (
            f"SocialGraph({kind}, {self.n_nodes} users, {self.n_ties} ties: "
            f"{strong} strong, {self.n_ties - strong} weak)"
        )
