"""Structural position: Burt's constraint, and a user's place in the circles (Guimerà & Amaral roles).

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import constraint_scores, leiden_communities, participation_scores
>>> graph = graphkit.generate_social_graph(n_users=120, rng=6)
>>> scores = constraint_scores(graph).join(participation_scores(graph, leiden_communities(graph, rng=1)))
>>> scores.names
('constraint', 'participation', 'within_z', 'cross_ties', 'cross_weak_ties')
"""

from __future__ import annotations

import numpy as np

from graphkit.analysis._checks import check_graph
from graphkit.analysis._csr import undirected_arc_weights, undirected_csr
from graphkit.analysis._kernels import burt_constraint
from graphkit.analysis.communities import Partition
from graphkit.analysis.scores import Scores
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights, check_tie_weights
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params

__all__ = ["constraint_scores", "participation_scores"]


def constraint_scores(graph: SocialGraph, *, weights: TieWeights = DEFAULT_TIE_WEIGHTS) -> Scores:
    """Burt's network constraint (Burt 1992), column ``constraint``: low = a broker across structural holes.

    c_i = sum over neighbours j of (p_ij + sum over other neighbours q of p_iq p_qj)^2, where
    p_ij is the share of i's tie weight that goes to j, on the undirected tie graph (a
    reciprocated pair's two tie-kind weights summed). It is 1 for a user with one tie and NaN for
    a user with none. This is the definition networkx implements with ``weight``.

    Parameters
    ----------
    graph : SocialGraph
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Weight of a strong and of a weak tie.

    References
    ----------
    R. S. Burt. Structural Holes: The Social Structure of Competition. Harvard University Press (1992).

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "a"], "target": ["b", "c"], "tie": ["weak", "weak"]})
    >>> constraint_scores(SocialGraph.from_tables(ties, directed=False))["constraint"].tolist()
    [0.5, 1.0, 1.0]
    """
    check_graph(graph)
    check_tie_weights(weights)
    csr = undirected_csr(graph)
    values = burt_constraint(csr.indptr, csr.indices, undirected_arc_weights(graph, weights))
    params = make_params("constraint", **weights.params())
    return Scores.from_columns({"constraint": values}, params)


def participation_scores(graph: SocialGraph, partition: Partition) -> Scores:
    """Participation coefficient and within-circle degree z-score (Guimerà & Amaral 2005).

    On the undirected tie graph (k_i = distinct neighbours, k_is = those in circle s):

    * ``participation`` P_i = 1 - sum_s (k_is / k_i)^2: 0 when all ties stay in the user's own
      circle, towards 1 when they spread evenly over many circles (0 for users with no ties);
    * ``within_z`` = (k_i,own - mean) / std of the within-circle degrees of the user's circle
      (0 where that std is 0): high = a hub of its circle;
    * ``cross_ties`` / ``cross_weak_ties``: ties (any kind / weak) to users in other circles.

    References
    ----------
    R. Guimerà, L. A. N. Amaral. Functional cartography of complex metabolic networks.
    Nature 433: 895-900 (2005).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from graphkit.analysis.communities import Partition
    >>> ties = pd.DataFrame({"source": ["a", "b", "b"], "target": ["b", "c", "d"], "tie": ["weak"] * 3})
    >>> graph = SocialGraph.from_tables(ties, directed=False)
    >>> partition = Partition(membership=np.array([0, 0, 1, 1]), modularity=0.0, params={})
    >>> participation_scores(graph, partition)["participation"].tolist()
    [0.0, 0.4444444444444444, 0.0, 0.0]
    """
    check_graph(graph)
    if not isinstance(partition, Partition) or len(partition.membership) != graph.n_nodes:
        raise InvalidInputError(
            f"partition must be a Partition of the graph's {graph.n_nodes} users, got "
            f"{len(partition.membership) if isinstance(partition, Partition) else type(partition).__name__}"
        )
    n = graph.n_nodes
    membership = partition.membership
    csr = undirected_csr(graph)
    degree = csr.degree.astype(np.float64)
    tails = np.repeat(np.arange(n, dtype=np.int64), csr.degree)
    head_community = membership[csr.indices]
    own = head_community == membership[tails]
    k_communities = max(partition.n_communities, 1)
    pair, counts = np.unique(tails * k_communities + head_community, return_counts=True)
    pair_node = pair // k_communities
    share_sq = np.bincount(pair_node, weights=counts.astype(np.float64) ** 2, minlength=n)
    participation = np.where(degree > 0, 1.0 - share_sq / np.maximum(degree, 1.0) ** 2, 0.0)
    within = np.bincount(tails[own], minlength=n).astype(np.float64)
    sizes = np.bincount(membership, minlength=k_communities).astype(np.float64)
    mean = np.bincount(membership, weights=within, minlength=k_communities) / np.maximum(sizes, 1)
    deviation = within - mean[membership]
    std = np.sqrt(
        np.bincount(membership, weights=deviation**2, minlength=k_communities) / np.maximum(sizes, 1)
    )
    spread = std[membership]
    within_z = np.divide(deviation, spread, out=np.zeros(n), where=spread > 1e-12)
    columns = {
        "participation": participation,
        "within_z": within_z,
        "cross_ties": np.bincount(tails[~own], minlength=n),
        "cross_weak_ties": np.bincount(tails[~own & csr.weak], minlength=n),
    }
    return Scores.from_columns(
        columns, make_params("participation", partition=partition.params.get("algorithm"))
    )
