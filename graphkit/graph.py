"""SocialGraph: the one in-memory graph every algorithm in graphkit reads.

A SocialGraph holds users and ties twice over:

* tables (pandas): ``users`` (one row per node index, column ``id`` plus attributes) and ``ties``
  (one row per tie: ``source``/``target`` node indices, ``tie`` kind, ``weight``, ``p``,
  ``labelled_by`` and any other input columns);
* CSR arrays over node indices 0..n-1 for the algorithms: ``indptr``/``indices`` hold the out-arcs,
  ``arc_tie_row`` maps each arc back to its row in ``ties``, and ``arc_strong``, ``arc_weight`` and
  ``arc_p`` give the per-arc attributes as read-only numpy arrays.

The arrays are the truth: a graph built from arrays or Arrow tables (:meth:`SocialGraph.from_arrays`,
:meth:`SocialGraph.from_arrow`, what the embedded store reads) makes its pandas tables only when
``users`` or ``ties`` is first used, and its CSR in linear time (:mod:`graphkit._arcs`).

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

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import numpy as np
import pyarrow as pa

from graphkit._graph_tables import (
    STRONG,
    TIE_KINDS,
    WEAK,
    TieArrays,
    check_tie_arrays,
    duplicate_tie_error,
    tie_arrays,
    validate_ids,
    validate_users,
)
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    import networkx
    import pandas as pd

    _Table = pd.DataFrame | Callable[[], pd.DataFrame]  # a table, or what makes it

__all__ = ["SocialGraph", "TIE_KINDS", "STRONG", "WEAK"]

_View = TypeVar("_View")
_BASE_TIE_COLUMNS = ("source", "target", "tie", "weight", "p")


def _readonly(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array).view()  # a view: the flag stays off the caller's array
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


class SocialGraph:
    """Users and strong/weak ties, as tables and as CSR arrays over node indices.

    Build one with :meth:`from_tables` (external ids), :meth:`from_arrays` or :meth:`from_arrow`
    (node indices, the fast way for large graphs) or :meth:`from_networkx`; the constructor itself
    takes already-indexed tables and validates them (:mod:`graphkit._graph_tables`). A graph is
    read-only; its arrays are the truth, and a graph built from arrays makes its ``users`` and
    ``ties`` tables on first use.

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

    __slots__ = ("directed", "_node_ids", "_tie_arrays", "_users", "_ties", "_tie_rest", "_arcs", "_views")

    directed: bool

    def __init__(self, users: pd.DataFrame, ties: pd.DataFrame, directed: bool) -> None:
        import pandas as pd
        users = users.reset_index(drop=True)
        ties = ties.reset_index(drop=True)
        index = validate_users(users)
        arrays = tie_arrays(ties, len(users))
        ties["tie"] = pd.Categorical.from_codes(arrays.kind, categories=list(TIE_KINDS))
        ties["weight"] = arrays.weight
        ties["p"] = arrays.p
        self._set(users["id"].to_numpy(dtype=object), arrays, directed, users, ties)
        self._views["id index"] = index

    def _set(
        self,
        node_ids: np.ndarray | pa.Array,
        arrays: TieArrays,
        directed: bool,
        users: _Table | None,
        ties: pd.DataFrame | None,
        tie_rest: _Table | None = None,
    ) -> None:
        """Fill a new graph in (arrays already checked) and build its CSR. ``users`` is the users
        table or what makes it on first use; ``ties`` the ties table, or None to make it on first
        use from the arrays and ``tie_rest`` (the columns after ``p``, or what makes them)."""
        for name, value in (
            ("directed", bool(directed)),
            ("_node_ids", node_ids),
            ("_tie_arrays", arrays),
            ("_users", users),
            ("_ties", ties),
            ("_tie_rest", tie_rest),
            ("_views", {}),
        ):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_arcs", self._build_out_arcs())

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a SocialGraph is read-only: cannot set {name!r}")

    def __reduce__(self) -> tuple:
        """Pickle (e.g. to send to a Dask worker) the arrays and what makes the tables: a table made
        by a function is made first, one never asked for stays unmade; Arrow ids go without the
        rest of a buffer they are a slice of. The CSR is rebuilt on load, the views on first use."""
        ids = self._node_ids
        if isinstance(ids, pa.Array) and ids.get_total_buffer_size() > ids.nbytes:
            ids = pa.concat_arrays([ids])
        users = None if self._users is None else self.users
        if self._ties is not None:  # it holds the rest of the columns
            return _unpickle, (ids, tuple(self._tie_arrays), self.directed, users, self._ties)
        if callable(self._tie_rest):
            object.__setattr__(self, "_tie_rest", self._tie_rest())
        return _unpickle, (ids, tuple(self._tie_arrays), self.directed, users, None, self._tie_rest)

    @property
    def users(self) -> pd.DataFrame:
        """One row per node in node-index order: ``id`` and the attributes (made on first use)."""
        import pandas as pd
        if not isinstance(self._users, pd.DataFrame):
            users = pd.DataFrame({"id": self.node_ids}) if self._users is None else self._users()
            object.__setattr__(self, "_users", users)
        return self._users

    @property
    def ties(self) -> pd.DataFrame:
        """One row per tie: ``source``, ``target``, ``tie``, ``weight``, ``p``, ``labelled_by``, ...
        (made on first use)."""
        if self._ties is None:
            object.__setattr__(self, "_ties", self._tie_table())
        return self._ties

    def _tie_table(self) -> pd.DataFrame:
        import pandas as pd
        arrays = self._tie_arrays
        rest = self._tie_rest() if callable(self._tie_rest) else self._tie_rest
        rest = pd.DataFrame() if rest is None else rest.reset_index(drop=True)
        columns = {
            "source": arrays.source.astype(np.int64),
            "target": arrays.target.astype(np.int64),
            "tie": pd.Categorical.from_codes(arrays.kind, categories=list(TIE_KINDS)),
            "weight": arrays.weight,
            "p": arrays.p,
            "labelled_by": rest["labelled_by"] if "labelled_by" in rest.columns else "input",
        }
        columns.update({column: rest[column] for column in rest.columns if column != "labelled_by"})
        return pd.DataFrame(columns)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_arrays(
        cls,
        node_ids: Sequence[str] | np.ndarray | pa.Array | pa.ChunkedArray,
        source: np.ndarray,
        target: np.ndarray,
        tie: np.ndarray,
        *,
        weight: np.ndarray | None = None,
        p: np.ndarray | None = None,
        directed: bool,
        users: _Table | None = None,
        ties: _Table | None = None,
        check_values: bool = True,
    ) -> SocialGraph:
        """Build a graph from arrays over node indices, without pandas on the way (large graphs).

        Parameters
        ----------
        node_ids : sequence of str, or Arrow strings
            The external id of each node index. Arrow ids stay Arrow (about a sixth of the memory of
            Python strings at a million users) until :attr:`node_ids` is first used.
        source, target : int arrays
            Node indices of each tie's ends.
        tie : int array
            Each tie's kind as a code into ``TIE_KINDS``: 0 strong, 1 weak.
        weight, p : float arrays, optional
            Default 1.0 and NaN (not given).
        directed : bool
            See the class docstring.
        users : DataFrame or callable, optional
            The users table (``id`` in node-index order, then attributes), or a function that
            returns it, called on first use of :attr:`users`; default: ``id`` only.
        ties : DataFrame or callable, optional
            The tie columns after ``p`` (``labelled_by``, default "input", and any others), one
            row per tie, or a function that returns them on first use of :attr:`ties`.
        check_values : bool, default True
            False when ``weight`` and ``p`` were checked where they come from (a store's graph
            file, made from checked tables): they are then not read until an engine uses them, so
            a memory-mapped column an engine does not need stays on disk.

        Raises
        ------
        InvalidInputError
            If an id is missing or repeats, a value is out of range, or a tie appears twice.

        Examples
        --------
        >>> import numpy as np
        >>> graph = SocialGraph.from_arrays(["a", "b", "c"], np.array([0, 1]), np.array([1, 2]),
        ...                                 np.array([0, 1], np.int8), directed=True)
        >>> graph.out_neighbors(1).tolist(), graph.ties["tie"].tolist()
        ([2], ['strong', 'weak'])
        """
        index = None
        if isinstance(node_ids, (pa.Array, pa.ChunkedArray)):
            from graphkit._arrow_columns import arrow_ids

            node_ids = arrow_ids(node_ids)
        else:
            node_ids = np.asarray(node_ids, dtype=object)
            index = validate_ids(node_ids)
        length = len(source)
        arrays = check_tie_arrays(
            TieArrays(
                np.asarray(source),
                np.asarray(target),
                np.asarray(tie),
                np.ones(length) if weight is None else np.asarray(weight),
                np.full(length, np.nan) if p is None else np.asarray(p),
            ),
            len(node_ids),
            check_values=check_values,
        )
        for name, table in (("users", users), ("ties", ties)):
            rows = len(node_ids) if name == "users" else length
            if table is not None and not callable(table) and len(table) != rows:  # a table given now
                raise InvalidInputError(
                    f"{name} must have {rows} rows, one per {name[:-1]}, got {len(table)}"
                )
        graph = cls.__new__(cls)
        graph._set(node_ids, arrays, directed, users, None, ties)
        if index is not None:
            graph._views["id index"] = index
        return graph

    @classmethod
    def from_arrow(cls, ties: pa.Table, users: pa.Table, *, directed: bool) -> SocialGraph:
        """Build a graph from Arrow tables, reading their buffers without copies where it can.

        Parameters
        ----------
        ties : pyarrow.Table
            ``source`` and ``target``: node indices (integers) or user ids (strings, looked up in
            ``users``); ``tie``: "strong"/"weak" (string or dictionary column) or codes 0/1;
            optional ``weight``, ``p`` and any other columns (made pandas on first use of
            :attr:`ties`). Nulls in ``p`` mean not given.
        users : pyarrow.Table
            ``id`` (strings) in node-index order, then attributes (made pandas on first use).
        directed : bool
            See the class docstring.

        Raises
        ------
        InvalidInputError
            If a column is missing, an id is unknown, missing or repeats, or a value is out of range.

        Examples
        --------
        >>> import pyarrow as pa
        >>> ties = pa.table({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "strong"]})
        >>> graph = SocialGraph.from_arrow(ties, pa.table({"id": ["a", "b", "c"]}), directed=False)
        >>> graph.n_arcs, graph.ties["source"].tolist()
        (4, [0, 1])
        """
        from graphkit._arrow_columns import arrow_tie_arrays

        if "id" not in users.column_names:
            raise InvalidInputError("users table has no 'id' column")
        source, target, kind, weight, p = arrow_tie_arrays(ties, users.column("id"))
        rest = ties.drop_columns([c for c in ties.column_names if c in _BASE_TIE_COLUMNS])
        return cls.from_arrays(
            users.column("id"),
            source,
            target,
            kind,
            weight=weight,
            p=p,
            directed=directed,
            users=users.to_pandas,
            ties=rest.to_pandas if rest.num_columns else None,
        )

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
        import pandas as pd
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
        import pandas as pd
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
        from graphkit._arcs import arc_order, in_order, key_starts

        n = len(self._node_ids)
        arrays = self._tie_arrays
        source, target, kind, weight, p = arrays
        rows = None  # the arcs are the ties, as they come (made on first use of arc_tie_row)
        if not (self.directed and in_order(source, target)):
            rows = np.arange(len(source), dtype=np.int64)
            if not self.directed:
                back = source != target
                source, target = (
                    np.concatenate([source, target[back]]),
                    np.concatenate([target, source[back]]),
                )
                rows = np.concatenate([rows, rows[back]])
            order = arc_order(source, target, n)
            source, target, rows = source[order], target[order], rows[order]
            kind, weight, p = kind[rows], weight[rows], p[rows]
            if ((source[1:] == source[:-1]) & (target[1:] == target[:-1])).any():
                raise duplicate_tie_error(arrays.source, arrays.target, n, self.directed)
        return _OutArcs(
            indptr=_readonly(key_starts(source, n)),
            indices=_readonly(target),
            arc_source=_readonly(source),
            arc_tie_row=rows if rows is None else _readonly(rows),
            arc_strong=_readonly(kind == 0),
            arc_weight=_readonly(weight),
            arc_p=_readonly(p),
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
        return len(self._node_ids)

    @property
    def n_ties(self) -> int:
        """Number of ties (an undirected tie counts once)."""
        return len(self._tie_arrays.source)

    @property
    def n_arcs(self) -> int:
        """Number of arcs in the CSR (an undirected tie that is not a self-loop counts twice)."""
        return int(self.indptr[-1])

    @property
    def node_ids(self) -> np.ndarray:
        """External user ids (str), indexed by node index (from Arrow ids: made on first use)."""
        if isinstance(self._node_ids, np.ndarray):
            return self._node_ids
        from graphkit._arrow_columns import strings_at

        return self.view("node ids", lambda graph: strings_at(graph._node_ids))

    def ids_at(self, nodes: Sequence[int] | np.ndarray) -> np.ndarray:
        """External ids (str) of the node indices ``nodes``, without making every id a Python string.

        Examples
        --------
        >>> import numpy as np, pyarrow as pa
        >>> graph = SocialGraph.from_arrays(pa.array(["a", "b", "c"]), np.array([0]), np.array([2]),
        ...                                 np.array([1], np.int8), directed=True)
        >>> graph.ids_at([2, 0]).tolist()
        ['c', 'a']
        """
        nodes = np.asarray(nodes, dtype=np.int64)
        if isinstance(self._node_ids, np.ndarray):
            return self._node_ids[nodes]
        from graphkit._arrow_columns import strings_at

        outside = (nodes < -self.n_nodes) | (nodes >= self.n_nodes)
        if outside.any():
            raise IndexError(f"node index {int(nodes[outside].flat[0])} is out of bounds for {self.n_nodes} users")
        flat = np.where(nodes < 0, nodes + self.n_nodes, nodes).ravel()  # from the end, as numpy counts
        found = strings_at(self._node_ids, flat).reshape(nodes.shape)
        return found[()] if found.ndim == 0 else found

    def index_of(self, node_id: str) -> int:
        """Node index of external id ``node_id``; raises InvalidInputError if unknown."""
        indexer = self._id_index.get_indexer([str(node_id)])
        if indexer[0] < 0:
            raise InvalidInputError(f"unknown user id {node_id!r}")
        return int(indexer[0])

    def indices_of(self, node_ids) -> np.ndarray:
        """Node indices of several external ids; raises InvalidInputError naming the first unknown one."""
        ids = [str(node_id) for node_id in node_ids]
        if not ids:  # no id index made for nothing
            return np.empty(0, dtype=np.int64)
        indexer = self._id_index.get_indexer(ids)
        if (indexer < 0).any():
            raise InvalidInputError(f"unknown user id {ids[int(np.argmax(indexer < 0))]!r}")
        return indexer.astype(np.int64)

    @property
    def _id_index(self) -> pd.Index:
        import pandas as pd
        return self.view("id index", lambda graph: pd.Index(graph.node_ids))

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
        if self._arcs.arc_tie_row is None:
            return self.view("arc tie row", lambda graph: _readonly(np.arange(graph.n_ties, dtype=np.int64)))
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
        from graphkit._arcs import stable_order

        order, in_indptr = stable_order(self.indices, self.n_nodes)  # arcs by head, then tail
        return _readonly(in_indptr), _readonly(self.arc_source[order]), _readonly(order)

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
        strong = int(np.count_nonzero(self._tie_arrays.kind == 0))
        return (
            f"SocialGraph({kind}, {self.n_nodes} users, {self.n_ties} ties: "
            f"{strong} strong, {self.n_ties - strong} weak)"
        )


def _unpickle(node_ids, arrays, directed, users, ties, tie_rest=None) -> SocialGraph:
    graph = SocialGraph.__new__(SocialGraph)
    graph._set(node_ids, TieArrays(*arrays), directed, users, ties, tie_rest)
    return graph
