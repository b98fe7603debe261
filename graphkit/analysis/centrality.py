"""Leader centrality: who sits where influence collects.

Direction: a tie ``source -> target`` carries influence from source to target. Measures that
follow direction take ``direction="influence"`` (default: a user scores for the users *they*
influence, so rank flows against the arcs) or ``direction="ties"`` (along the arcs as stored,
e.g. the attention a user receives). For undirected graphs the two agree.

Weights: where a measure is weighted, a strong tie weighs ``strong_weight`` (default 1.0) and a
weak one ``weak_weight`` (default 0.3), as in :mod:`graphkit.analysis.communities`.

Every function returns a :class:`~graphkit.analysis.scores.Scores` aligned with node index.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import pagerank_scores, coreness_scores
>>> graph = graphkit.generate_social_graph(n_users=100, rng=4)
>>> scores = pagerank_scores(graph).join(coreness_scores(graph))
>>> scores.names
('pagerank', 'coreness')
>>> round(float(scores["pagerank"].sum()), 6)
1.0
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.sparse as sp

from graphkit.analysis._csr import undirected_csr
from graphkit.analysis._igraph import check_kind_weights, directed_view, undirected_view
from graphkit.analysis.scores import Scores
from graphkit.errors import GraphkitError, InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params
from graphkit.rng import RngLike, make_rng

__all__ = [
    "DIRECTIONS",
    "betweenness_scores",
    "coreness_scores",
    "degree_scores",
    "eigenvector_scores",
    "harmonic_scores",
    "hub_authority_scores",
    "leaderrank_scores",
    "pagerank_scores",
    "personalized_pagerank_scores",
]

DIRECTIONS = ("influence", "ties")
_TOLERANCE = 1e-12
_MAX_ITERATIONS = 10_000


def _check_graph(graph) -> None:
    if not isinstance(graph, SocialGraph):
        raise InvalidInputError(f"graph must be a SocialGraph, got {type(graph).__name__}")


def _check_direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise InvalidInputError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")


def _arc_kind_weights(graph: SocialGraph, strong_weight: float, weak_weight: float) -> np.ndarray:
    check_kind_weights(strong_weight, weak_weight)
    return np.where(graph.arc_strong, float(strong_weight), float(weak_weight))


def _walk(graph: SocialGraph, direction: str, weights: np.ndarray) -> sp.csr_matrix:
    """Row-normalised transition matrix of the walk (rows with no out-weight stay zero)."""
    tails, heads = graph.arc_source.astype(np.int64), graph.indices.astype(np.int64)
    if direction == "influence":
        tails, heads = heads, tails
    n = graph.n_nodes
    matrix = sp.csr_matrix((weights, (tails, heads)), shape=(n, n))
    out_weight = np.asarray(matrix.sum(axis=1)).ravel()
    scale = np.divide(1.0, out_weight, out=np.zeros(n), where=out_weight > 0)
    return sp.diags(scale) @ matrix


def _power_iteration(transition_t: sp.spmatrix, damping: float, reset: np.ndarray, dangling: np.ndarray):
    rank = reset.copy()
    for iteration in range(1, _MAX_ITERATIONS + 1):
        lost = damping * rank[dangling].sum() + (1.0 - damping)
        new = damping * (transition_t @ rank) + lost * reset
        if np.abs(new - rank).sum() < _TOLERANCE * len(rank):
            return new, iteration
        rank = new
    raise GraphkitError(f"PageRank did not converge in {_MAX_ITERATIONS} iterations")


def _pagerank(graph, reset, *, damping, direction, strong_weight, weak_weight):
    if not (isinstance(damping, (int, float)) and 0 < damping < 1):
        raise InvalidInputError(f"damping must be in (0, 1), got {damping!r}")
    _check_direction(direction)
    weights = _arc_kind_weights(graph, strong_weight, weak_weight)
    transition = _walk(graph, direction, weights)
    dangling = np.asarray(transition.sum(axis=1)).ravel() == 0
    return _power_iteration(transition.T.tocsr(), float(damping), reset, dangling)


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
    _check_graph(graph)
    n = graph.n_nodes
    strong = graph.arc_strong
    columns = {
        "out_strong": np.bincount(graph.arc_source[strong], minlength=n),
        "out_weak": np.bincount(graph.arc_source[~strong], minlength=n),
        "in_strong": np.bincount(graph.indices[strong], minlength=n),
        "in_weak": np.bincount(graph.indices[~strong], minlength=n),
    }
    csr = undirected_csr(graph, strong_weight=1.0, weak_weight=0.3)
    columns["degree"] = csr.degree
    tails = np.repeat(np.arange(n), csr.degree)
    columns["strong_degree"] = np.bincount(tails[~csr.weak], minlength=n)
    return Scores.from_columns(columns, make_params("degree"))


def pagerank_scores(
    graph: SocialGraph,
    *,
    damping: float = 0.85,
    direction: str = "influence",
    strong_weight: float = 1.0,
    weak_weight: float = 0.3,
) -> Scores:
    """Weighted PageRank (Brin & Page 1998), column ``pagerank`` (sums to 1).

    A random walker follows ties (against their direction under ``direction="influence"``) with
    probability ``damping``, choosing a tie in proportion to its tie-kind weight, and otherwise
    jumps to a uniformly random user; users with no tie to follow always jump. Power iteration
    to an L1 change below 1e-12 per user.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"], "tie": ["strong"] * 3})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> int(pagerank_scores(graph)["pagerank"].argmax())  # the hub influences everyone
    0
    """
    _check_graph(graph)
    n = graph.n_nodes
    if n == 0:
        rank, iterations = np.zeros(0), 0
    else:
        rank, iterations = _pagerank(
            graph,
            np.full(n, 1.0 / n),
            damping=damping,
            direction=direction,
            strong_weight=strong_weight,
            weak_weight=weak_weight,
        )
    params = make_params(
        "pagerank",
        damping=float(damping),
        direction=direction,
        strong_weight=float(strong_weight),
        weak_weight=float(weak_weight),
        iterations=iterations,
    )
    return Scores.from_columns({"pagerank": rank}, params)


def personalized_pagerank_scores(
    graph: SocialGraph,
    source_nodes,
    *,
    damping: float = 0.85,
    direction: str = "influence",
    strong_weight: float = 1.0,
    weak_weight: float = 0.3,
) -> Scores:
    """PageRank whose jumps (and dead ends) land on ``source_nodes`` only; column ``personalized_pagerank``.

    Parameters
    ----------
    source_nodes : sequence of int
        Node indices the walker restarts from (uniformly), e.g. a target segment or one circle.

    Other parameters are those of :func:`pagerank_scores`.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "tie": ["strong", "weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=False)
    >>> scores = personalized_pagerank_scores(graph, [0])["personalized_pagerank"]
    >>> bool(scores[0] > scores[2])
    True
    """
    _check_graph(graph)
    n = graph.n_nodes
    sources = np.unique(np.asarray(source_nodes, dtype=np.int64).ravel())
    if len(sources) == 0:
        raise InvalidInputError("source_nodes must name at least one node index")
    if sources[0] < 0 or sources[-1] >= n:
        bad = sources[0] if sources[0] < 0 else sources[-1]
        raise InvalidInputError(f"source_nodes must be node indices in [0, {n}), got {int(bad)}")
    reset = np.zeros(n)
    reset[sources] = 1.0 / len(sources)
    rank, iterations = _pagerank(
        graph,
        reset,
        damping=damping,
        direction=direction,
        strong_weight=strong_weight,
        weak_weight=weak_weight,
    )
    params = make_params(
        "personalized_pagerank",
        source_nodes=sources.tolist(),
        damping=float(damping),
        direction=direction,
        strong_weight=float(strong_weight),
        weak_weight=float(weak_weight),
        iterations=iterations,
    )
    return Scores.from_columns({"personalized_pagerank": rank}, params)


def leaderrank_scores(graph: SocialGraph, *, direction: str = "influence") -> Scores:
    """LeaderRank (Lü, Zhang, Yeung & Zhou 2011), column ``leaderrank``.

    A ground node is tied both ways to every user; each user starts with score 1 and the ground
    node with 0; at every step each node hands its score out equally over its links (a fan's
    score goes to whom they follow: under ``direction="influence"``, from target to source of a
    tie). At the steady state the ground node's score is shared equally among the users. The
    steady state is the chain's stationary distribution, computed with a lazy walk (same
    stationary distribution, converges also when the chain is periodic) to an L1 change below
    1e-12 per node. Scores sum to the number of users.

    References
    ----------
    L. Lü, Y.-C. Zhang, C. H. Yeung, T. Zhou. Leaders in social networks, the Delicious case.
    PLoS ONE 6(6): e21202 (2011).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"], "tie": ["weak"] * 3})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> int(leaderrank_scores(graph)["leaderrank"].argmax())
    0
    """
    _check_graph(graph)
    _check_direction(direction)
    n = graph.n_nodes
    if n == 0:
        return Scores.from_columns(
            {"leaderrank": np.zeros(0)}, make_params("leaderrank", direction=direction)
        )
    tails, heads = graph.arc_source.astype(np.int64), graph.indices.astype(np.int64)
    if direction == "influence":
        tails, heads = heads, tails
    ground = n
    users = np.arange(n)
    tails = np.concatenate([tails, users, np.full(n, ground)])
    heads = np.concatenate([heads, np.full(n, ground), users])
    adjacency = sp.csr_matrix((np.ones(len(tails)), (tails, heads)), shape=(n + 1, n + 1))
    out_degree = np.asarray(adjacency.sum(axis=1)).ravel()
    transition_t = (sp.diags(1.0 / out_degree) @ adjacency).T.tocsr()
    score = np.append(np.ones(n), 0.0)
    for iteration in range(1, _MAX_ITERATIONS + 1):
        new = 0.5 * score + 0.5 * (transition_t @ score)
        if np.abs(new - score).sum() < _TOLERANCE * (n + 1):
            break
        score = new
    else:
        raise GraphkitError(f"LeaderRank did not converge in {_MAX_ITERATIONS} iterations")
    leaderrank = new[:n] + new[ground] / n
    return Scores.from_columns(
        {"leaderrank": leaderrank}, make_params("leaderrank", direction=direction, iterations=iteration)
    )


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
    _check_graph(graph)
    n = graph.n_nodes
    if n_pivots is not None and (not isinstance(n_pivots, (int, np.integer)) or n_pivots < 1):
        raise InvalidInputError(f"n_pivots must be an int >= 1 or None, got {n_pivots!r}")
    ig_graph = graph.to_igraph()
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


def eigenvector_scores(graph: SocialGraph, *, strong_weight: float = 1.0, weak_weight: float = 0.3) -> Scores:
    """Eigenvector centrality of the weighted undirected tie graph, column ``eigenvector`` (max 1).

    Zero for every user when the graph has no ties. On a disconnected graph the leading
    eigenvector lives on one component, and users elsewhere get (near) 0.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"], "tie": ["weak"] * 3})
    >>> eigenvector_scores(SocialGraph.from_tables(ties, directed=False))["eigenvector"].round(3).tolist()
    [1.0, 0.577, 0.577, 0.577]
    """
    _check_graph(graph)
    view, weights = undirected_view(graph, strong_weight=strong_weight, weak_weight=weak_weight)
    if view.ecount() == 0:
        values = np.zeros(graph.n_nodes)
    else:
        values = np.asarray(_igraph_quiet(lambda: view.eigenvector_centrality(scale=True, weights=weights)))
    params = make_params("eigenvector", strong_weight=float(strong_weight), weak_weight=float(weak_weight))
    return Scores.from_columns({"eigenvector": values}, params)


def hub_authority_scores(
    graph: SocialGraph, *, strong_weight: float = 1.0, weak_weight: float = 0.3
) -> Scores:
    """HITS hub and authority scores (Kleinberg 1999) over tie direction, columns ``hub`` and ``authority``.

    A good hub has ties to good authorities (influences the influential); both scaled to max 1,
    weighted by tie kind. For undirected graphs both equal eigenvector centrality. Zero when the
    graph has no ties.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    >>> scores = hub_authority_scores(SocialGraph.from_tables(ties, directed=True))
    >>> scores["hub"].tolist(), scores["authority"].tolist()
    ([1.0, 0.0, 0.0], [0.0, 1.0, 1.0])
    """
    _check_graph(graph)
    ig_graph, weights = directed_view(graph, strong_weight=strong_weight, weak_weight=weak_weight)
    if graph.n_ties == 0:
        hub = authority = np.zeros(graph.n_nodes)
    else:
        hub = np.asarray(_igraph_quiet(lambda: ig_graph.hub_score(weights=weights, scale=True)))
        authority = np.asarray(_igraph_quiet(lambda: ig_graph.authority_score(weights=weights, scale=True)))
    params = make_params("hits", strong_weight=float(strong_weight), weak_weight=float(weak_weight))
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
    _check_graph(graph)
    view, _ = undirected_view(graph, strong_weight=1.0, weak_weight=0.3)
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
    _check_graph(graph)
    _check_direction(direction)
    mode = "all" if not graph.directed else ("out" if direction == "influence" else "in")
    ig_graph = graph.to_igraph()
    values = (
        np.asarray(ig_graph.harmonic_centrality(mode=mode, normalized=False), dtype=np.float64)
        if graph.n_nodes
        else np.zeros(0)
    )
    return Scores.from_columns({"harmonic": values}, make_params("harmonic", direction=direction))
