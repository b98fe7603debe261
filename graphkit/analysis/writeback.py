"""Write circles and leaders back to a store, through the GraphStore protocol only.

What is written
---------------
* user properties (``store.write_user_properties``): ``community`` and the leader columns
  :data:`USER_COLUMNS`. Without a leader analysis those columns are written empty (None), so a
  re-run of community detection leaves no leader result that described the previous circles;
* ``store.write_communities``: one row per circle (``id``, ``size``, ``internal_ties``,
  ``algorithm``, ``modularity``, ``leader`` = id of its top leader or None), the memberships, and
  the top ``per_community`` leaders of each circle (``rank``, ``score``). In Neo4j these become
  ``(:Community)``, ``MEMBER_OF`` and ``LEADS {rank, score}``. Stores replace the previous result.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import leiden_communities
>>> from graphkit.analysis.writeback import analysis_tables
>>> graph = graphkit.generate_social_graph(n_users=60, rng=3)
>>> tables = analysis_tables(graph, leiden_communities(graph, rng=1))
>>> sorted(tables)
['communities', 'leaders', 'members', 'users']
>>> tables["leaders"].empty  # no leader analysis given
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from graphkit.analysis.communities import Partition
from graphkit.analysis.leaders import Leaders
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = ["USER_COLUMNS", "analysis_tables", "write_analysis"]

USER_COLUMNS = (
    "leader_score",
    "community_rank",
    "role",
    "bridge_score",
    "pagerank",
    "coreness",
    "degree",
    "strong_degree",
    "constraint",
    "participation",
    "within_z",
)


def analysis_tables(
    graph: SocialGraph, partition: Partition, leaders: Leaders | None = None, *, per_community: int = 5
) -> dict[str, pd.DataFrame]:
    """The four tables :func:`write_analysis` writes: ``users``, ``communities``, ``members``, ``leaders``."""
    if not isinstance(partition, Partition) or len(partition.membership) != graph.n_nodes:
        raise InvalidInputError(f"partition must be a Partition of the graph's {graph.n_nodes} users")
    if not isinstance(per_community, (int, np.integer)) or per_community < 0:
        raise InvalidInputError(f"per_community must be an int >= 0, got {per_community!r}")
    ids = graph.node_ids
    membership = partition.membership
    users = partition.to_frame(ids)
    if leaders is not None:
        if len(leaders.table) != graph.n_nodes or not np.array_equal(
            leaders.table["community"].to_numpy(), membership
        ):
            raise InvalidInputError("leaders must come from the same graph and partition")
        for column in USER_COLUMNS:
            users[column] = leaders.table[column].to_numpy()
    else:
        for column in USER_COLUMNS:
            users[column] = None
    communities = partition.communities_frame()
    source = graph.ties["source"].to_numpy()
    target = graph.ties["target"].to_numpy()
    inside = (
        (membership[source] == membership[target]) & (source != target) if graph.n_ties else np.zeros(0, bool)
    )
    communities["internal_ties"] = np.bincount(membership[source[inside]], minlength=partition.n_communities)
    communities["algorithm"] = partition.params.get("algorithm")
    communities["modularity"] = partition.modularity
    members = pd.DataFrame({"user": ids, "community": membership})
    if leaders is not None and per_community > 0:
        top = leaders.per_community(per_community)
        leader_rows = pd.DataFrame(
            {
                "user": ids[top["node_idx"].to_numpy()],
                "community": top["community"].to_numpy(np.int64),
                "rank": top["rank"].to_numpy(np.int64),
                "score": top["leader_score"].to_numpy(np.float64),
            }
        )
        first = leader_rows[leader_rows["rank"] == 1].set_index("community")["user"]
        communities["leader"] = communities["id"].map(first).astype(object)
        communities["leader"] = communities["leader"].where(communities["leader"].notna(), None)
    else:
        leader_rows = pd.DataFrame(
            {
                "user": pd.Series([], dtype=object),
                "community": pd.Series([], dtype=np.int64),
                "rank": pd.Series([], dtype=np.int64),
                "score": pd.Series([], dtype=np.float64),
            }
        )
        communities["leader"] = None
    return {"users": users, "communities": communities, "members": members, "leaders": leader_rows}


def write_analysis(
    store, graph: SocialGraph, partition: Partition, leaders: Leaders | None = None, *, per_community: int = 5
) -> dict[str, int]:
    """Write the circles (and leaders, if given) to ``store``, replacing the previous result.

    Parameters
    ----------
    store : GraphStore
        Any store following :class:`graphkit.store.base.GraphStore`.
    graph, partition, leaders
        The analysed graph, its circles and (optionally) its leader analysis.
    per_community : int, default 5
        Leaders written per circle (``LEADS`` relationships).

    Returns
    -------
    dict
        Rows written: ``users``, ``communities``, ``members``, ``leaders``.
    """
    tables = analysis_tables(graph, partition, leaders, per_community=per_community)
    store.write_user_properties(tables["users"])
    store.write_communities(tables["communities"], tables["members"], tables["leaders"])
    return {name: len(table) for name, table in tables.items()}
