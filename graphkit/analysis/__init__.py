"""Social circles, opinion leaders and bridges.

* :mod:`~graphkit.analysis.communities`: Leiden, Louvain, Infomap, label propagation -> :class:`Partition`.
* :mod:`~graphkit.analysis.centrality`: degree by tie kind, PageRank, LeaderRank, betweenness,
  eigenvector, HITS, coreness, harmonic -> :class:`Scores`.
* :mod:`~graphkit.analysis.spreaders`: VoteRank, Collective Influence.
* :mod:`~graphkit.analysis.structural`: Burt's constraint, participation coefficient, within-circle z.
* :mod:`~graphkit.analysis.leaders`: composite leader score, per-circle leaders, bridges, roles
  -> :class:`Leaders`; :mod:`~graphkit.analysis.writeback` stores them.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> graph = graphkit.generate_social_graph(n_users=150, rng=8)
>>> leaders = find_leaders(graph, leiden_communities(graph, rng=1))
>>> list(leaders.per_community(1).columns[:3])
['community', 'rank', 'node_idx']
"""

from graphkit.analysis.centrality import (
    DIRECTIONS,
    betweenness_scores,
    coreness_scores,
    degree_scores,
    eigenvector_scores,
    harmonic_scores,
    hub_authority_scores,
    leaderrank_scores,
    pagerank_scores,
    personalized_pagerank_scores,
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
from graphkit.analysis.writeback import write_analysis

__all__ = [
    "COMMUNITY_METHODS",
    "DEFAULT_LEADER_WEIGHTS",
    "DIRECTIONS",
    "ROLES",
    "Leaders",
    "Partition",
    "RoleThresholds",
    "Scores",
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
    "voterank_scores",
    "write_analysis",
]
