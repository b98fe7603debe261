"""Baseline seed heuristics under campaign constraints: degree, PageRank, degree-discount, leaders.

Each heuristic ranks users by a score and walks down the ranking, taking every user that fits
the constraints (eligible, affordable with the budget left, community under quota) until the
campaign is full; required users come first. None of them estimates spread, so their picks carry
no marginal gains (NaN) — :mod:`graphkit.diffusion.heuristic_seeds` estimates the chosen set's spread by
Monte Carlo like for every method.

* **degree**: out-degree (the number of users one can influence directly; the degree for
  undirected graphs).
* **PageRank**: PageRank of the *reversed* graph (damping 0.85), so a user scores high when they
  point at users who point at many others — influence flows along arcs, votes against them
  (Chen, Wang & Yang 2009 use it the same way as a baseline).
* **degree-discount** (Chen, Wang & Yang 2009, DegreeDiscountIC): after each pick ``u``, every
  user ``v`` that ``u`` can activate has its score discounted to ``d_v - 2 t_v - (d_v - t_v) t_v p``
  (``d_v`` its out-degree, ``t_v`` the picked users that can activate it, ``p`` the mean arc
  probability of the model).
* **community leaders**: the highest-scoring user (default score: degree) of each community,
  communities in order of size (largest first); then the runner-up of each, and so on.

Examples
--------
>>> import numpy as np
>>> from graphkit.diffusion.constraints import CampaignConstraints
>>> picks = ranked_picks(np.array([1.0, 5.0, 3.0]), CampaignConstraints(k=2).bind(3))
>>> picks.seed_nodes.tolist()
[1, 2]

References
----------
Chen, Wang, Yang (2009). Efficient influence maximization in social networks. KDD.
Page, Brin, Motwani, Winograd (1999). The PageRank citation ranking. Stanford InfoLab.
"""

from __future__ import annotations

import numpy as np

from graphkit.diffusion.constraints import BoundConstraints, Picks
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = [
    "community_leader_picks",
    "degree_discount_picks",
    "degree_scores",
    "ranked_picks",
    "reverse_pagerank_scores",
]


def _picks(seeds: list[int], **details) -> Picks:
    nan = np.full(len(seeds), np.nan)
    return Picks(np.asarray(seeds, dtype=np.int64), nan, nan.copy(), details)


def ranked_picks(scores: np.ndarray, bound: BoundConstraints) -> Picks:
    """Required users, then the best-scoring users that fit, in score order (ties: lower index)."""
    tracker = bound.tracker()
    order = np.lexsort((np.arange(len(scores)), -np.asarray(scores, dtype=np.float64)))
    for node in order:
        if tracker.full:
            break
        if tracker.fits(int(node)):
            tracker.take(int(node))
    return _picks(tracker.taken)


def degree_scores(graph: SocialGraph) -> np.ndarray:
    """Out-degree of every user (the degree when undirected), float64."""
    return graph.out_degree().astype(np.float64)


def reverse_pagerank_scores(graph: SocialGraph, *, damping: float = 0.85, tol: float = 1e-10,
                            max_iter: int = 200) -> np.ndarray:
    """PageRank of the reversed graph by power iteration; sums to 1.

    For each arc ``u -> v``, ``v`` passes its score to ``u`` (split evenly over ``v``'s in-arcs);
    users without in-arcs spread theirs uniformly.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub", "hub"], "target": ["a", "b"], "tie": ["weak", "weak"]})
    >>> graph = SocialGraph.from_tables(ties, directed=True)
    >>> scores = reverse_pagerank_scores(graph)
    >>> int(scores.argmax()) == graph.index_of("hub")
    True
    """
    import scipy.sparse as sp  # here, not at the top: seeds by any other method start without scipy

    if not 0.0 < damping < 1.0:
        raise InvalidInputError(f"damping must be in (0, 1), got {damping!r}")
    n = graph.n_nodes
    if n == 0:
        return np.zeros(0)
    in_degree = graph.in_degree().astype(np.float64)
    heads = graph.indices.astype(np.int64)
    share = np.divide(1.0, in_degree, out=np.zeros(n), where=in_degree > 0)
    # moves[u, v] = share of v's score that goes to u, for every arc u -> v
    moves = sp.csr_matrix((share[heads], (graph.arc_source.astype(np.int64), heads)), shape=(n, n))
    dangling = in_degree == 0
    scores = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        updated = damping * (moves @ scores + scores[dangling].sum() / n) + (1.0 - damping) / n
        if np.abs(updated - scores).sum() < tol:
            scores = updated
            break
        scores = updated
    return scores / scores.sum()


def degree_discount_picks(graph: SocialGraph, bound: BoundConstraints, *, p: float) -> Picks:
    """DegreeDiscountIC (Chen, Wang & Yang 2009) under the constraints; see the module docstring.

    ``p`` is the (uniform) activation probability the discount assumes, in [0, 1].
    """
    if not 0.0 <= p <= 1.0:
        raise InvalidInputError(f"p must be in [0, 1], got {p!r}")
    degree = degree_scores(graph)
    picked_in = np.zeros(graph.n_nodes)  # t_v: picked users that can activate v
    score = degree.copy()
    tracker = bound.tracker()
    for node in tracker.taken:
        _discount(graph, node, degree, picked_in, score, p)
    available = bound.eligible.copy()
    used = np.zeros(len(bound.quota), dtype=np.int64)
    np.add.at(used, bound.community[tracker.taken], 1)
    while not tracker.full:
        available[tracker.taken] = False
        available &= tracker.spent + bound.cost <= bound.budget
        available &= used[bound.community] < bound.quota[bound.community]
        if not available.any():
            break
        chosen = int(np.argmax(np.where(available, score, -np.inf)))  # ties: lower index
        tracker.take(chosen)
        used[bound.community[chosen]] += 1
        _discount(graph, chosen, degree, picked_in, score, p)
    return _picks(tracker.taken, p=p)


def _discount(graph: SocialGraph, node: int, degree, picked_in, score, p: float) -> None:
    targets = graph.out_neighbors(node)
    picked_in[targets] += 1
    t = picked_in[targets]
    d = degree[targets]
    score[targets] = d - 2.0 * t - (d - t) * t * p


def community_leader_picks(scores: np.ndarray, communities: np.ndarray, bound: BoundConstraints) -> Picks:
    """Best-scoring user of each community, largest community first; then runners-up, and so on."""
    communities = np.asarray(communities, dtype=np.int64)
    if communities.shape != scores.shape:
        raise InvalidInputError(
            f"communities must have one label per user ({len(scores)}), got shape {communities.shape}"
        )
    if len(communities) and communities.min() < 0:
        raise InvalidInputError("communities must hold labels >= 0")
    size = np.bincount(communities)
    # rank of each user within its community (0 = leader)
    order = np.lexsort((np.arange(len(scores)), -scores, communities))
    start = np.searchsorted(communities[order], communities[order], side="left")
    rank = np.empty(len(scores), dtype=np.int64)
    rank[order] = np.arange(len(scores)) - start
    # visiting order: rank, then larger community first, then lower community label
    visit = np.lexsort((communities, -size[communities], rank))
    tracker = bound.tracker()
    for node in visit:
        if tracker.full:
            break
        if tracker.fits(int(node)):
            tracker.take(int(node))
    return _picks(tracker.taken)
