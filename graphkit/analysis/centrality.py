"""Structural centrality: degree by tie kind, shortest paths, spectra and k-cores.

* counting: :func:`degree_scores` (ties by kind and direction, distinct neighbours);
* shortest paths, with igraph: :func:`betweenness_scores` (exact or from sampled pivots) and
  :func:`harmonic_scores` (which follows a ``direction``, see :mod:`graphkit.analysis._checks`);
* spectra, with igraph: :func:`eigenvector_scores` and :func:`hub_authority_scores`, weighted by
  tie kind (a :class:`~graphkit.analysis.weights.TieWeights`, default strong 1.0, weak 0.3);
* k-cores, with igraph: :func:`coreness_scores`.

The random-walk measures (PageRank, LeaderRank) are in :mod:`graphkit.analysis.walks`. Every
function returns a :class:`~graphkit.analysis.scores.Scores` aligned with node index.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import coreness_scores, degree_scores
>>> graph = graphkit.generate_social_graph(n_users=100, rng=4)
>>> scores = degree_scores(graph).join(coreness_scores(graph))
>>> scores.names
('out_strong', 'out_weak', 'in_strong', 'in_weak', 'degree', 'strong_degree', 'coreness')
>>> bool((scores["coreness"] <= scores["degree"]).all())
True
"""

from __future__ import annotations

import warnings

import numpy as np

from graphkit.analysis._checks import check_direction, check_graph
from graphkit.analysis._csr import undirected_csr
from graphkit.analysis._igraph import to_igraph, undirected_view, undirected_weights
from graphkit.analysis.scores import Scores
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights, check_tie_weights
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params
from graphkit.rng import RngLike, make_rng

__all__ = [
    "betweenness_scores",
    "coreness_scores",
    "degree_scores",
    "eigenvector_scores",
    "harmonic_scores",
    "hub_authority_scores",
]


def degree_scores(graph: SocialGraph) -> Scores:
    """Ties per user, split by kind and direction.

    Columns ``out_strong``, ``out_weak``, ``in_strong``, ``in_weak`` (for an undirected graph
    in = out = the ties at the user), ``degree`` (distinct users tied to, either way) and
    ``strong_degree`` (distinct users tied to by a strong tie).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "tie": ["strong", "weak"]})
    >>> degree_scores(SocialGraph.from_tables(ties, directed=True))["out_strong"].tolist()
    [1, 0, 0]
    """
    check_graph(graph)
    n = graph.n_nodes
    strong = graph.arc_strong
    columns = {
        "out_strong": np.bincount(graph.arc_source[strong], minlength=n),
        "out_weak": np.bincount(graph.arc_source[~strong], minlength=n),
        "in_strong": np.bincount(graph.indices[strong], minlength=n),
        "in_weak": np.bincount(graph.indices[~strong], minlength=n),
    }
    csr = undirected_csr(graph)
    columns["degree"] = csr.degree
    tails = np.repeat(np.arange(n), csr.degree)
    columns["strong_degree"] = np.bincount(tails[~csr.weak], minlength=n)
    return Scores.from_columns(columns, make_params("degree"))


def betweenness_scores(
    graph: SocialGraph,
    *,
    n_pivots: int | None = None,
    n_batches: int = 10,
    rng: RngLike = None,
) -> Scores:
    """Shortest-path betweenness (Brandes 2001), exact or estimated from sampled source pivots.

    Columns ``betweenness`` (the number of shortest paths through a user, counting each pair
    once in an undirected graph; paths follow tie direction in a directed graph; unweighted) and
    ``betweenness_se`` (its standard error: 0 when exact).

    With ``n_pivots`` = k < n, k sources are drawn uniformly without replacement and each user's
    betweenness is estimated as n/k times the dependencies accumulated from those sources, which is
    unbiased (Brandes & Pich 2007). The pivots are split into ``n_batches`` equal groups whose
    separate estimates give the standard error (their standard deviation / sqrt(batches)).
    ``params`` records the pivots drawn and the largest standard error.

    Parameters
    ----------
    n_pivots : int, optional
        Sources to sample; None (default) or >= number of users computes the exact values.
    n_batches : int, default 10
        Groups for the standard error (at least 2; at most ``n_pivots``).
    rng : int, SeedSequence or Generator, optional
        Draws the pivots.

    References
    ----------
    U. Brandes, C. Pich. Centrality estimation in large networks. Int. J. Bifurcation and Chaos
    17(7): 2303-2318 (2007).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    >>> betweenness_scores(SocialGraph.from_tables(ties, directed=False))["betweenness"].tolist()
    [0.0, 1.0, 0.0]
    """
    check_graph(graph)
    n = graph.n_nodes
    if n_pivots is not None and (not isinstance(n_pivots, (int, np.integer)) or n_pivots < 1):
        raise InvalidInputError(f"n_pivots must be an int >= 1 or None, got {n_pivots!r}")
    ig_graph = to_igraph(graph)
    if n_pivots is None or n_pivots >= n:
        values = (
            np.asarray(ig_graph.betweenness(directed=graph.directed), dtype=np.float64) if n else np.zeros(0)
        )
        params = make_params("betweenness", exact=True, n_pivots=None, max_standard_error=0.0)
        return Scores.from_columns({"betweenness": values, "betweenness_se": np.zeros(n)}, params)
    if not isinstance(n_batches, (int, np.integer)) or not 2 <= n_batches <= n_pivots:
        raise InvalidInputError(f"n_batches must be an int in [2, n_pivots={n_pivots}], got {n_batches!r}")
    generator = make_rng(rng)
    pivots = generator.choice(n, size=int(n_pivots), replace=False)
    batches = np.array_split(pivots, int(n_batches))
    estimates = np.empty((len(batches), n))
    for row, batch in enumerate(batches):
        partial = ig_graph.betweenness(directed=graph.directed, sources=batch.tolist())
        estimates[row] = np.asarray(partial) * (n / len(batch))
    sizes = np.array([len(batch) for batch in batches], dtype=np.float64)
    values = (estimates * sizes[:, None]).sum(axis=0) / sizes.sum()
    standard_error = estimates.std(axis=0, ddof=1) / np.sqrt(len(batches))
    params = make_params(
        "betweenness",
        rng=rng,
        exact=False,
        n_pivots=int(n_pivots),
        n_batches=int(n_batches),
        max_standard_error=float(standard_error.max()),
    )
    return Scores.from_columns({"betweenness": values, "betweenness_se": standard_error}, params)


def _igraph_quiet(call):
    """Run an igraph call whose warnings about disconnected or edgeless graphs we handle ourselves."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return call()


def eigenvector_scores(graph: SocialGraph, *, weights: TieWeights = DEFAULT_TIE_WEIGHTS) -> Scores:
    """Eigenvector centrality of the weighted undirected tie graph, column ``eigenvector`` (max 1).

    Zero for every user when the graph has no ties. On a disconnected graph the leading
    eigenvector lives on one component, and users elsewhere get (near) 0.

    Parameters
    ----------
    graph : SocialGraph
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Weight of a strong and of a weak tie (a reciprocated pair's two ties add up).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"], "tie": ["weak"] * 3})
    >>> eigenvector_scores(SocialGraph.from_tables(ties, directed=False))["eigenvector"].round(3).tolist()
    [1.0, 0.577, 0.577, 0.577]
    """
    check_graph(graph)
    check_tie_weights(weights)
    view = undirected_view(graph)
    if view.ecount() == 0:
        values = np.zeros(graph.n_nodes)
    else:
        edge_weights = undirected_weights(graph, weights)
        values = np.asarray(
            _igraph_quiet(lambda: view.eigenvector_centrality(scale=True, weights=edge_weights))
        )
    params = make_params("eigenvector", **weights.params())
    return Scores.from_columns({"eigenvector": values}, params)


def hub_authority_scores(graph: SocialGraph, *, weights: TieWeights = DEFAULT_TIE_WEIGHTS) -> Scores:
    """HITS hub and authority scores (Kleinberg 1999) over tie direction, columns ``hub`` and ``authority``.

    A good hub has ties to good authorities (influences the influential); both scaled to max 1,
    weighted by tie kind. For undirected graphs both equal eigenvector centrality. Zero when the
    graph has no ties.

    Parameters
    ----------
    graph : SocialGraph
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Weight of a strong and of a weak tie.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    >>> scores = hub_authority_scores(SocialGraph.from_tables(ties, directed=True))
    >>> scores["hub"].tolist(), scores["authority"].tolist()
    ([1.0, 0.0, 0.0], [0.0, 1.0, 1.0])
    """
    check_graph(graph)
    check_tie_weights(weights)
    tie_weights = weights.per_tie(graph).tolist()
    if graph.n_ties == 0:
        hub = authority = np.zeros(graph.n_nodes)
    else:
        ig_graph = to_igraph(graph)
        hub = np.asarray(_igraph_quiet(lambda: ig_graph.hub_score(weights=tie_weights, scale=True)))
        authority = np.asarray(
            _igraph_quiet(lambda: ig_graph.authority_score(weights=tie_weights, scale=True))
        )
    params = make_params("hits", **weights.params())
    return Scores.from_columns({"hub": hub, "authority": authority}, params)


def coreness_scores(graph: SocialGraph) -> Scores:
    """k-shell index (Seidman 1983; Kitsak et al. 2010) of the undirected tie graph, column ``coreness``.

    A user has coreness k when they belong to the k-core (every member has >= k ties inside it)
    but not to the (k+1)-core; Kitsak et al. found it locates the most efficient spreaders
    better than degree.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b", "c", "c"], "target": ["b", "c", "a", "d"], "tie": ["weak"] * 4})
    >>> coreness_scores(SocialGraph.from_tables(ties, directed=False))["coreness"].tolist()
    [2, 2, 2, 1]
    """
    check_graph(graph)
    view = undirected_view(graph)
    values = np.asarray(view.coreness(), dtype=np.int64) if graph.n_nodes else np.zeros(0, dtype=np.int64)
    return Scores.from_columns({"coreness": values}, make_params("coreness"))


def harmonic_scores(graph: SocialGraph, *, direction: str = "influence") -> Scores:
    """Harmonic centrality (Marchiori & Latora 2000), column ``harmonic``: sum of 1/distance.

    Under ``direction="influence"`` distances run from the user along tie direction (how close
    the users they can influence are); under ``"ties"`` towards the user. Unnormalised;
    unreachable users add 0. O(n m): meant for graphs up to ~10^5 ties.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    >>> harmonic_scores(SocialGraph.from_tables(ties, directed=True))["harmonic"].tolist()
    [1.5, 1.0, 0.0]
    """
    check_graph(graph)
    check_direction(direction)
    mode = "all" if not graph.directed else ("out" if direction == "influence" else "in")
    ig_graph = to_igraph(graph)
    values = (
        np.asarray(ig_graph.harmonic_centrality(mode=mode, normalized=False), dtype=np.float64)
        if graph.n_nodes
        else np.zeros(0)
    )
    return Scores.from_columns({"harmonic": values}, make_params("harmonic", direction=direction))
