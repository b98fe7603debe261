"""Social circles: community detection over the undirected tie graph, with igraph underneath.

Every method reads the same view of the graph: ties as undirected edges (a reciprocated
directed pair is one edge), self-loops dropped, each edge weighted by its tie kind with a
:class:`~graphkit.analysis.weights.TieWeights` — by default strong 1.0, weak 0.3, summed over the
two arcs of a reciprocated pair — so strong ties hold a circle together more than weak ones do.

Methods: Leiden with the modularity objective (igraph defaults to CPM; we pass
``objective_function="modularity"``) and a resolution parameter, Louvain (igraph's multilevel),
Infomap and label propagation. Each runs with igraph's RNG seeded from ``rng``, so the same
``rng`` gives the same partition.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import leiden_communities
>>> graph = graphkit.generate_social_graph(n_users=200, rng=3)
>>> partition = leiden_communities(graph, rng=1)
>>> partition.membership.shape == (graph.n_nodes,)
True
>>> bool((partition.membership == leiden_communities(graph, rng=1).membership).all())
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from graphkit.analysis._checks import check_graph
from graphkit.analysis._igraph import igraph_rng, undirected_view, undirected_weights
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights, check_tie_weights
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params
from graphkit.rng import RngLike, make_rng

__all__ = [
    "COMMUNITY_METHODS",
    "Partition",
    "detect_communities",
    "infomap_communities",
    "label_propagation_communities",
    "leiden_communities",
    "louvain_communities",
]

COMMUNITY_METHODS = ("leiden", "louvain", "infomap", "lpa")


@dataclass(frozen=True, slots=True, kw_only=True)
class Partition:
    """Users split into circles.

    Attributes
    ----------
    membership : ndarray of int64
        Community of each node index, read-only. Communities are numbered 0..k-1 by decreasing
        size (ties broken by the smallest node index in the community).
    modularity : float
        Newman's modularity (resolution 1) of ``membership`` on the weighted undirected tie
        graph the methods read; NaN for a graph without ties.
    params : dict
        Algorithm, arguments, rng seed and graphkit version (see :func:`graphkit.results.make_params`).
    """

    membership: np.ndarray
    modularity: float
    params: dict[str, Any]

    @property
    def n_communities(self) -> int:
        """Number of communities (an isolated user is a community of its own)."""
        return int(self.membership.max()) + 1 if len(self.membership) else 0

    @property
    def sizes(self) -> np.ndarray:
        """Members per community, indexed by community id (non-increasing)."""
        return np.bincount(self.membership, minlength=self.n_communities)

    def members(self, community: int) -> np.ndarray:
        """Node indices in ``community``, ascending."""
        if not 0 <= community < self.n_communities:
            raise InvalidInputError(f"community must be in [0, {self.n_communities}), got {community}")
        return np.flatnonzero(self.membership == community)

    def compare(self, labels) -> dict[str, float]:
        """Agreement with ground-truth ``labels`` (one hashable per node index).

        Returns ``{"nmi": ..., "ari": ...}``: normalised mutual information (Danon et al. 2005)
        and the adjusted Rand index (Hubert & Arabie 1985), both computed by igraph.
        """
        import igraph

        values = pd.Series(np.asarray(labels, dtype=object))
        if len(values) != len(self.membership):
            raise InvalidInputError(
                f"labels must have one entry per user ({len(self.membership)}), got {len(values)}"
            )
        if values.isna().any():
            raise InvalidInputError(
                f"labels must not be missing, got a missing label at node {int(values.isna().argmax())}"
            )
        truth = pd.factorize(values)[0].tolist()
        mine = self.membership.tolist()
        if len(mine) == 0:
            return {"nmi": float("nan"), "ari": float("nan")}
        return {
            "nmi": float(igraph.compare_communities(mine, truth, method="nmi")),
            "ari": float(igraph.compare_communities(mine, truth, method="adjusted_rand")),
        }

    def to_frame(self, node_ids) -> pd.DataFrame:
        """``id`` and ``community`` per user, in node-index order."""
        node_ids = np.asarray(node_ids, dtype=object)
        if len(node_ids) != len(self.membership):
            raise InvalidInputError(f"node_ids must have {len(self.membership)} entries, got {len(node_ids)}")
        return pd.DataFrame({"id": node_ids, "community": self.membership})

    def communities_frame(self) -> pd.DataFrame:
        """One row per community: ``id`` and ``size``."""
        return pd.DataFrame({"id": np.arange(self.n_communities, dtype=np.int64), "size": self.sizes})


def _canonical(membership: np.ndarray) -> np.ndarray:
    """Renumber communities by decreasing size, ties by the smallest member index."""
    membership = np.asarray(membership, dtype=np.int64)
    if len(membership) == 0:
        return membership
    labels, first, inverse, counts = np.unique(
        membership, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    new_id = np.empty(len(labels), dtype=np.int64)
    new_id[order] = np.arange(len(labels))
    result = new_id[inverse.ravel()]
    result.setflags(write=False)
    return result


def _check_resolution(resolution: float) -> None:
    if not (
        isinstance(resolution, (int, float, np.floating, np.integer))
        and np.isfinite(resolution)
        and resolution > 0
    ):
        raise InvalidInputError(f"resolution must be a finite number > 0, got {resolution!r}")


def _run(graph, algorithm, call, *, rng, weights, **arguments) -> Partition:
    check_graph(graph)
    check_tie_weights(weights)
    generator = make_rng(rng)
    view = undirected_view(graph)
    edge_weights = undirected_weights(graph, weights)
    if graph.n_nodes == 0:
        membership = np.zeros(0, dtype=np.int64)
    else:
        with igraph_rng(generator):
            membership = np.asarray(call(view, edge_weights if edge_weights else None), dtype=np.int64)
    membership = _canonical(membership)
    modularity = (
        float(view.modularity(membership.tolist(), weights=edge_weights, resolution=1.0))
        if view.ecount()
        else float("nan")
    )
    params = make_params(algorithm, rng=rng, **weights.params(), **arguments)
    return Partition(membership=membership, modularity=modularity, params=params)


def leiden_communities(
    graph: SocialGraph,
    *,
    resolution: float = 1.0,
    n_iterations: int = 2,
    beta: float = 0.01,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    rng: RngLike = None,
) -> Partition:
    """Leiden communities maximising modularity (Traag, Waltman & van Eck 2019).

    Parameters
    ----------
    graph : SocialGraph
    resolution : float, default 1.0
        Modularity resolution γ > 0; larger gives more, smaller circles.
    n_iterations : int, default 2
        Leiden iterations; a negative number iterates until the partition stops improving.
    beta : float, default 0.01
        Randomness of Leiden's refinement step, > 0.
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Edge weight of a strong and of a weak tie.
    rng : int, SeedSequence or Generator, optional
        Seeds igraph's RNG for the call.

    Returns
    -------
    Partition

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=5)
    >>> leiden_communities(graph, resolution=0.5, rng=2).params["objective_function"]
    'modularity'
    """
    _check_resolution(resolution)
    if not isinstance(n_iterations, (int, np.integer)) or n_iterations == 0:
        raise InvalidInputError(
            f"n_iterations must be a non-zero int (negative = until stable), got {n_iterations!r}"
        )
    if not (isinstance(beta, (int, float)) and beta > 0):
        raise InvalidInputError(f"beta must be a number > 0, got {beta!r}")

    def call(view, weights):
        return view.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=float(resolution),
            beta=float(beta),
            n_iterations=int(n_iterations),
        ).membership

    return _run(
        graph,
        "leiden",
        call,
        rng=rng,
        weights=weights,
        objective_function="modularity",
        resolution=float(resolution),
        n_iterations=int(n_iterations),
        beta=float(beta),
    )


def louvain_communities(
    graph: SocialGraph,
    *,
    resolution: float = 1.0,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    rng: RngLike = None,
) -> Partition:
    """Louvain communities (Blondel et al. 2008; igraph's multilevel), the last, coarsest level.

    Parameters are those of :func:`leiden_communities`.

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=5)
    >>> louvain_communities(graph, rng=2).n_communities > 1
    True
    """
    _check_resolution(resolution)

    def call(view, weights):
        return view.community_multilevel(weights=weights, resolution=float(resolution)).membership

    return _run(
        graph,
        "louvain",
        call,
        rng=rng,
        weights=weights,
        resolution=float(resolution),
    )


def infomap_communities(
    graph: SocialGraph,
    *,
    trials: int = 10,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    rng: RngLike = None,
) -> Partition:
    """Infomap communities (Rosvall & Bergstrom 2008): the shortest description of a random walk.

    Parameters
    ----------
    trials : int, default 10
        Independent Infomap runs; the best one is kept.

    Other parameters are those of :func:`leiden_communities`.

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=5)
    >>> infomap_communities(graph, trials=2, rng=2).params["trials"]
    2
    """
    if not isinstance(trials, (int, np.integer)) or trials < 1:
        raise InvalidInputError(f"trials must be an int >= 1, got {trials!r}")

    def call(view, weights):
        return view.community_infomap(edge_weights=weights, trials=int(trials)).membership

    return _run(
        graph,
        "infomap",
        call,
        rng=rng,
        weights=weights,
        trials=int(trials),
    )


def label_propagation_communities(
    graph: SocialGraph,
    *,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    rng: RngLike = None,
) -> Partition:
    """Label-propagation communities (Raghavan, Albert & Kumara 2007).

    Parameters are those of :func:`leiden_communities`.

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=5)
    >>> label_propagation_communities(graph, rng=2).params["algorithm"]
    'lpa'
    """

    def call(view, weights):
        return view.community_label_propagation(weights=weights).membership

    return _run(graph, "lpa", call, rng=rng, weights=weights)


def detect_communities(
    graph: SocialGraph,
    method: str = "leiden",
    *,
    resolution: float | None = None,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    rng: RngLike = None,
) -> Partition:
    """Run the community method named ``method`` ("leiden", "louvain", "infomap" or "lpa").

    ``resolution`` (default 1.0) applies to leiden and louvain only; passing one to the others is
    an error rather than silently ignored.

    Examples
    --------
    >>> import graphkit
    >>> graph = graphkit.generate_social_graph(n_users=100, rng=5)
    >>> detect_communities(graph, "louvain", rng=1).params["algorithm"]
    'louvain'
    """
    if method not in COMMUNITY_METHODS:
        raise InvalidInputError(f"method must be one of {', '.join(COMMUNITY_METHODS)}, got {method!r}")
    common = {"weights": weights, "rng": rng}
    if method in ("leiden", "louvain"):
        function = leiden_communities if method == "leiden" else louvain_communities
        return function(graph, resolution=1.0 if resolution is None else resolution, **common)
    if resolution is not None:
        raise InvalidInputError(f"resolution applies to leiden and louvain only, not to {method!r}")
    if method == "infomap":
        return infomap_communities(graph, **common)
    return label_propagation_communities(graph, **common)
