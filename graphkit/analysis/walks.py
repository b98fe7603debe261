"""Random-walk centrality: PageRank, personalized PageRank and LeaderRank.

Each measure is the stationary distribution of a walker who follows ties, computed by power
iteration over a sparse transition matrix. Under ``direction="influence"`` (default) the walker
moves against the arcs, so rank collects at the users who influence others; under
``direction="ties"`` along them (see :mod:`graphkit.analysis._checks`). PageRank chooses a tie in
proportion to its tie-kind weight (a :class:`~graphkit.analysis.weights.TieWeights`, default
strong 1.0, weak 0.3); LeaderRank counts every tie alike.

Every function returns a :class:`~graphkit.analysis.scores.Scores` aligned with node index.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import leaderrank_scores, pagerank_scores
>>> graph = graphkit.generate_social_graph(n_users=100, rng=4)
>>> scores = pagerank_scores(graph).join(leaderrank_scores(graph))
>>> scores.names
('pagerank', 'leaderrank')
>>> round(float(scores["pagerank"].sum()), 6)
1.0
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from graphkit.analysis._checks import check_direction, check_graph
from graphkit.analysis.scores import Scores
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights, check_tie_weights
from graphkit.errors import GraphkitError, InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params

__all__ = ["leaderrank_scores", "pagerank_scores", "personalized_pagerank_scores"]

_TOLERANCE = 1e-12
_MAX_ITERATIONS = 10_000


def _walk_arcs(graph: SocialGraph, direction: str) -> tuple[np.ndarray, np.ndarray]:
    """``(tails, heads)`` of the arcs the walker follows: against the ties under "influence"."""
    tails, heads = graph.arc_source.astype(np.int64), graph.indices.astype(np.int64)
    if direction == "influence":
        tails, heads = heads, tails
    return tails, heads


def _transition(graph: SocialGraph, direction: str, weights: TieWeights) -> sp.csr_matrix:
    """Row-normalised transition matrix of the walk (rows with no out-weight stay zero)."""
    tails, heads = _walk_arcs(graph, direction)
    n = graph.n_nodes
    matrix = sp.csr_matrix((weights.per_arc(graph), (tails, heads)), shape=(n, n))
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


def _pagerank(graph, reset, *, damping, direction, weights):
    if not (isinstance(damping, (int, float)) and 0 < damping < 1):
        raise InvalidInputError(f"damping must be in (0, 1), got {damping!r}")
    check_direction(direction)
    transition = _transition(graph, direction, weights)
    dangling = np.asarray(transition.sum(axis=1)).ravel() == 0
    return _power_iteration(transition.T.tocsr(), float(damping), reset, dangling)


def pagerank_scores(
    graph: SocialGraph,
    *,
    damping: float = 0.85,
    direction: str = "influence",
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
) -> Scores:
    """Weighted PageRank (Brin & Page 1998), column ``pagerank`` (sums to 1).

    A random walker follows ties (against their direction under ``direction="influence"``) with
    probability ``damping``, choosing a tie in proportion to its tie-kind weight, and otherwise
    jumps to a uniformly random user; users with no tie to follow always jump. Power iteration
    to an L1 change below 1e-12 per user.

    Parameters
    ----------
    graph : SocialGraph
    damping : float, default 0.85
        Probability of following a tie rather than jumping, in (0, 1).
    direction : {"influence", "ties"}, default "influence"
        Against the ties (rank collects at influencers) or along them.
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Weight of a strong and of a weak tie.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 3, "target": ["a", "b", "c"], "tie": ["strong"] * 3})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> int(pagerank_scores(graph)["pagerank"].argmax())  # the hub influences everyone
    0
    """
    check_graph(graph)
    check_tie_weights(weights)
    n = graph.n_nodes
    if n == 0:
        rank, iterations = np.zeros(0), 0
    else:
        rank, iterations = _pagerank(
            graph, np.full(n, 1.0 / n), damping=damping, direction=direction, weights=weights
        )
    params = make_params(
        "pagerank", damping=float(damping), direction=direction, **weights.params(), iterations=iterations
    )
    return Scores.from_columns({"pagerank": rank}, params)


def personalized_pagerank_scores(
    graph: SocialGraph,
    source_nodes,
    *,
    damping: float = 0.85,
    direction: str = "influence",
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
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
    check_graph(graph)
    check_tie_weights(weights)
    n = graph.n_nodes
    sources = np.unique(np.asarray(source_nodes, dtype=np.int64).ravel())
    if len(sources) == 0:
        raise InvalidInputError("source_nodes must name at least one node index")
    if sources[0] < 0 or sources[-1] >= n:
        bad = sources[0] if sources[0] < 0 else sources[-1]
        raise InvalidInputError(f"source_nodes must be node indices in [0, {n}), got {int(bad)}")
    reset = np.zeros(n)
    reset[sources] = 1.0 / len(sources)
    rank, iterations = _pagerank(graph, reset, damping=damping, direction=direction, weights=weights)
    params = make_params(
        "personalized_pagerank",
        source_nodes=sources.tolist(),
        damping=float(damping),
        direction=direction,
        **weights.params(),
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
    check_graph(graph)
    check_direction(direction)
    n = graph.n_nodes
    if n == 0:
        return Scores.from_columns(
            {"leaderrank": np.zeros(0)}, make_params("leaderrank", direction=direction)
        )
    tails, heads = _walk_arcs(graph, direction)
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
