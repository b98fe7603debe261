"""Social circles, opinion leaders and bridges.

* :mod:`~graphkit.analysis.weights`: :class:`TieWeights`, how much a strong and a weak tie count
  in every weighted measure (default :data:`DEFAULT_TIE_WEIGHTS`: strong 1.0, weak 0.3).
* :mod:`~graphkit.analysis.communities`: Leiden, Louvain, Infomap, label propagation -> :class:`Partition`.
* :mod:`~graphkit.analysis.walks`: PageRank, personalized PageRank, LeaderRank -> :class:`Scores`.
* :mod:`~graphkit.analysis.centrality`: degree by tie kind, betweenness, harmonic, eigenvector,
  HITS, coreness -> :class:`Scores`.
* :mod:`~graphkit.analysis.spreaders`: VoteRank, Collective Influence.
* :mod:`~graphkit.analysis.structural`: Burt's constraint, participation coefficient, within-circle z.
* :mod:`~graphkit.analysis.leaders`: composite leader score, per-circle leaders, bridges, roles
  -> :class:`Leaders` (:mod:`graphkit.writeback` turns them into store rows).
* :func:`to_igraph`: the graph as an igraph Graph, the copy the igraph-backed measures read.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> graph = graphkit.generate_social_graph(n_users=150, rng=8)
>>> leaders = find_leaders(graph, leiden_communities(graph, rng=1))
>>> list(leaders.per_community(1).columns[:3])
['community', 'rank', 'node_idx']
"""

from graphkit.analysis._checks import DIRECTIONS
from graphkit.analysis._igraph import to_igraph
from graphkit.analysis.centrality import (
    betweenness_scores,
    coreness_scores,
    degree_scores,
    eigenvector_scores,
    harmonic_scores,
    hub_authority_scores,
)
from graphkit.analysis.communities import (
    COMMUNITY_METHODS,
    Partition,
    detect_communities,
    infomap_communities,
    label_propagation_communities,
    leiden_communities,
    louvain_communities,
)
from graphkit.analysis.leaders import DEFAULT_LEADER_WEIGHTS, ROLES, Leaders, RoleThresholds, find_leaders
from graphkit.analysis.scores import Scores
from graphkit.analysis.spreaders import collective_influence_scores, voterank_scores
from graphkit.analysis.structural import constraint_scores, participation_scores
from graphkit.analysis.walks import leaderrank_scores, pagerank_scores, personalized_pagerank_scores
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights

__all__ = [
    "COMMUNITY_METHODS",
    "DEFAULT_LEADER_WEIGHTS",
    "DEFAULT_TIE_WEIGHTS",
    "DIRECTIONS",
    "ROLES",
    "Leaders",
    "Partition",
    "RoleThresholds",
    "Scores",
    "TieWeights",
    "betweenness_scores",
    "collective_influence_scores",
    "constraint_scores",
    "coreness_scores",
    "degree_scores",
    "detect_communities",
    "eigenvector_scores",
    "find_leaders",
    "harmonic_scores",
    "hub_authority_scores",
    "infomap_communities",
    "label_propagation_communities",
    "leaderrank_scores",
    "leiden_communities",
    "louvain_communities",
    "pagerank_scores",
    "participation_scores",
    "personalized_pagerank_scores",
    "to_igraph",
    "voterank_scores",
]
