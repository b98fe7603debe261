"""Which score picks out the users seen to influence most in later cascades: rankings side by side.

Every score is known before the held-out cascades (:func:`influence_scores`):

* ``model``: :func:`~graphkit.fit.influence.predicted_influence` under the fitted per-arc ``p``;
* ``uniform p``: the same under one ``p`` on every arc, i.e. ``p`` times the follower count, so it
  ranks exactly as ``follower count`` does;
* ``weighted cascade``: the same with ``p = 1 / in-degree`` of the target (Kempe et al. 2003),
  capped at ``wc_cap`` below 1;
* ``follower count``: out-degree (arcs point the way influence flows);
* ``PageRank``: :func:`~graphkit.analysis.walks.pagerank_scores` (the walk goes against the arcs,
  so rank collects at influencers; ties weighted by kind);
* ``history``: the user's observed influence in the training cascades, shrunk towards the
  population mean (:meth:`~graphkit.fit.influence.ObservedInfluence.shrunk`);
* ``combined``: the same history shrunk towards the model's prediction instead.

:func:`ranking_table` compares each with the held-out observed influence, shrunk towards the
held-out mean, over the users who joined at least one held-out cascade: Spearman's rank
correlation (average ranks for ties) and precision@k, the share of the ``k`` top users by score
that are among the ``k`` top by observed influence (ties at the cut go to the lower node index).
Held-out influence is noisy and mostly 0 (few users join more than one cascade), so even an
oracle's Spearman stays far below 1: compare scores with each other, not with 1.

Examples
--------
>>> import numpy as np
>>> users = np.arange(5)
>>> ranking_metrics(np.array([5.0, 4, 3, 2, 1]), np.array([9.0, 7, 8, 1, 0]), users, k=2)
(0.9, 0.5)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from graphkit.analysis.walks import pagerank_scores
from graphkit.cascades import Cascades
from graphkit.diffusion.models import ICModel
from graphkit.errors import InvalidInputError
from graphkit.fit.influence import ObservedInfluence, observed_influence, predicted_influence
from graphkit.graph import SocialGraph

__all__ = ["compare_rankings", "influence_scores", "ranking_metrics", "ranking_table", "weighted_cascade_p"]


def weighted_cascade_p(graph: SocialGraph, cap: float = 0.99) -> np.ndarray:
    """``min(1 / in-degree of the target, cap)`` per arc: weighted cascade kept below certainty.

    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["c", "c"], "tie": ["weak", "weak"]})
    >>> weighted_cascade_p(SocialGraph.from_tables(ties, directed=True)).tolist()
    [0.5, 0.5]
    """
    if isinstance(cap, bool) or not isinstance(cap, (int, float)) or not 0 < cap <= 1:
        raise InvalidInputError(f"cap must be in (0, 1], got {cap!r}")
    return np.minimum(ICModel(probability="weighted_cascade").arc_probabilities(graph), cap)


def influence_scores(
    graph: SocialGraph, train: Cascades, *, p_model, p_uniform: float, count_root: bool = True,
    wc_cap: float = 0.99,
) -> dict[str, np.ndarray]:
    """The seven scores of the module docstring, by name, each one value per node.

    ``p_model`` is the fitted per-arc ``p`` (aligned with ``graph.indices``), ``p_uniform`` the
    fitted single ``p``; ``train`` the cascades the history is read from.
    """
    history = observed_influence(graph, train, count_root=count_root)
    model = predicted_influence(graph, p_model)
    return {
        "model": model,
        "uniform p": predicted_influence(graph, np.full(graph.n_arcs, p_uniform, dtype=np.float64)),
        "weighted cascade": predicted_influence(graph, weighted_cascade_p(graph, wc_cap)),
        "follower count": graph.out_degree().astype(np.float64),
        "PageRank": np.asarray(pagerank_scores(graph)["pagerank"], dtype=np.float64),
        "history": history.shrunk().estimate,
        "combined": history.shrunk(model).estimate,
    }


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho with average ranks for ties; NaN if either side is constant or empty."""
    if len(x) < 2:
        return float("nan")
    rx, ry = rankdata(x) - (len(x) + 1) / 2, rankdata(y) - (len(y) + 1) / 2
    norm = np.sqrt((rx @ rx) * (ry @ ry))
    return float(rx @ ry / norm) if norm > 0 else float("nan")


def ranking_metrics(
    score: np.ndarray, target: np.ndarray, users: np.ndarray, *, k: int = 20
) -> tuple[float, float]:
    """``(Spearman, precision@k)`` of ``score`` against ``target`` over the node indices ``users``.

    Precision is over ``min(k, len(users))`` (the top of each ranking, ties at the cut to the lower
    index); Spearman is NaN when either side is constant over ``users``.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidInputError(f"k must be an int >= 1, got {k!r}")
    users = np.asarray(users, dtype=np.int64)
    by_score, by_target = score[users], target[users]
    top_score = users[np.lexsort((users, -by_score))[:k]]
    top_target = users[np.lexsort((users, -by_target))[:k]]
    precision = len(np.intersect1d(top_score, top_target)) / min(k, len(users) or 1)
    return _spearman(by_score, by_target), precision


def ranking_table(
    scores: Mapping[str, np.ndarray], held_out: ObservedInfluence, *, k: int = 20,
    strength: float | None = None,
) -> pd.DataFrame:
    """One row per score: ``score``, ``spearman``, ``precision_at_k``, ``k``, ``n_users``, ``n_influential``.

    The target is ``held_out.shrunk(strength=strength).estimate`` (towards the held-out mean) over
    the ``n_users`` who joined a held-out cascade, ``n_influential`` of whom had influence > 0.
    """
    target = held_out.shrunk(strength=strength).estimate
    users = np.flatnonzero(held_out.joined > 0)
    n_influential = int((held_out.total[users] > 0).sum())
    rows = []
    for name, score in scores.items():
        score = np.asarray(score, dtype=np.float64)
        if score.shape != target.shape:
            raise InvalidInputError(f"score {name!r} has shape {score.shape}, expected {target.shape}")
        rows.append((name, *ranking_metrics(score, target, users, k=k), k, len(users), n_influential))
    columns = ["score", "spearman", "precision_at_k", "k", "n_users", "n_influential"]
    return pd.DataFrame(rows, columns=columns)


def compare_rankings(
    graph: SocialGraph, train: Cascades, held_out: Cascades, *, p_model, p_uniform: float, k: int = 20,
    count_root: bool = True, wc_cap: float = 0.99,
) -> pd.DataFrame:
    """:func:`ranking_table` of :func:`influence_scores` (from ``train``) against ``held_out``.

    Parameters
    ----------
    graph : SocialGraph
        The ties, arcs in the direction influence flows.
    train, held_out : Cascades
        The earlier cascades (history, and what the probabilities were fitted on) and the later ones.
    p_model : array-like of float, shape (graph.n_arcs,)
        The fitted per-arc probabilities, e.g. ``fit.to_model().arc_probabilities(graph)``.
    p_uniform : float
        The fitted single probability (``fit_uniform(...).p``).
    k : int, default 20
        The top of precision@k.
    count_root : bool, default True
        Whether each cascade's first adopter counts, in history and target alike.
    wc_cap : float, default 0.99
        The cap of weighted-cascade probabilities.
    """
    scores = influence_scores(graph, train, p_model=p_model, p_uniform=p_uniform, count_root=count_root,
                              wc_cap=wc_cap)
    return ranking_table(scores, observed_influence(graph, held_out, count_root=count_root), k=k)
