"""Results as the rows a store writes: circles and leaders, and campaigns.

Every write-back goes through here: :func:`analysis_rows` (circles, leaders, per-user scores) for
``graphkit communities`` / ``leaders`` and the campaign planner, :func:`campaign_rows` (a
campaign, its seeds and the users it reaches) for the planner and, through :func:`seed_set_rows`
(a :class:`~graphkit.diffusion.seed_set.SeedSet` saved as a campaign), ``graphkit seeds
--save-campaign``. The stores only write rows (:class:`~graphkit.store.base.GraphStore`).

Circles and leaders
-------------------
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
>>> from graphkit.writeback import analysis_rows
>>> graph = graphkit.generate_social_graph(n_users=60, rng=3)
>>> tables = analysis_rows(graph, leiden_communities(graph, rng=1))
>>> sorted(tables)
['communities', 'leaders', 'members', 'users']
>>> tables["leaders"].empty  # no leader analysis given
True
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from graphkit.diffusion.seed_set import SeedSet
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import to_jsonable

if TYPE_CHECKING:  # graphkit.analysis imports scipy.stats: not for `graphkit seeds`, which writes no analysis
    import pandas as pd

    from graphkit.analysis.communities import Partition
    from graphkit.analysis.leaders import Leaders

__all__ = ["USER_COLUMNS", "analysis_rows", "campaign_rows", "seed_set_rows", "write_analysis"]

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


def analysis_rows(
    graph: SocialGraph, partition: Partition, leaders: Leaders | None = None, *, per_community: int = 5
) -> dict[str, pd.DataFrame]:
    """The four tables :func:`write_analysis` writes: ``users``, ``communities``, ``members``, ``leaders``."""
    import pandas as pd

    from graphkit.analysis.communities import Partition

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
    tables = analysis_rows(graph, partition, leaders, per_community=per_community)
    store.write_user_properties(tables["users"])
    store.write_communities(tables["communities"], tables["members"], tables["leaders"])
    return {name: len(table) for name, table in tables.items()}


def campaign_rows(
    graph: SocialGraph,
    record: dict[str, Any],
    seeds: pd.DataFrame,
    probability: np.ndarray,
    *,
    threshold: float,
    in_target: np.ndarray | None = None,
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """The ``(campaign, seeds, reaches)`` arguments of ``GraphStore.write_campaign``.

    Parameters
    ----------
    graph : SocialGraph
    record : dict
        The campaign's properties: ``name``, ``model``, ``params`` (JSON text), ``budget``,
        ``expected_reach``, ``ci_low``, ``ci_high``, any others; ``created_at`` (now, UTC) is
        added when missing.
    seeds : DataFrame
        ``user``, ``rank``, ``marginal_gain``, ``cost`` and any further columns, one row per seed.
    probability : array of float
        Each user's probability of counting for the campaign's objective (node index order).
    threshold : float
        ``reaches`` lists the users with at least this probability.
    in_target : array of bool, optional
        Whether each user is in the target segment (a ``reaches`` column when given).

    Examples
    --------
    >>> import graphkit, pandas as pd
    >>> graph = graphkit.generate_social_graph(n_users=20, rng=1)
    >>> seeds = pd.DataFrame({"user": ["u03"], "rank": [1], "marginal_gain": [4.2], "cost": [10.0]})
    >>> probability = np.where(np.arange(20) < 5, 0.5, 0.01)
    >>> campaign, seed_rows, reaches = campaign_rows(graph, {"name": "c"}, seeds, probability, threshold=0.05)
    >>> sorted(campaign), len(reaches)
    (['created_at', 'name'], 5)
    """
    import pandas as pd
    record = {**record}
    record.setdefault("created_at", datetime.now(UTC).isoformat(timespec="seconds"))
    kinds = {"user": str, "rank": np.int64, "marginal_gain": np.float64, "cost": np.float64}
    seed_rows = seeds.astype({column: kind for column, kind in kinds.items() if column in seeds.columns})
    reached = np.flatnonzero(probability >= threshold)
    reaches = pd.DataFrame(
        {"user": graph.node_ids[reached].astype(str), "probability": probability[reached].astype(np.float64)}
    )
    if in_target is not None:
        reaches["in_target"] = in_target[reached]
    return record, seed_rows.reset_index(drop=True), reaches


def seed_set_rows(
    graph: SocialGraph, name: str, seeds: SeedSet, *, threshold: float
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """The ``(campaign, seeds, reaches)`` of ``GraphStore.write_campaign`` for ``seeds`` saved as ``name``.

    The campaign's properties are ``name``, ``model``, ``params`` (JSON text), ``budget`` (None
    for a seed count) and the independent reach estimate with its 95% CI (``expected_reach``,
    ``ci_low``, ``ci_high``); one row per seed (``user``, ``rank``, ``marginal_gain``, ``cost``);
    ``reaches`` as in :func:`campaign_rows`, from the estimate's activation probabilities.

    Examples
    --------
    >>> import graphkit
    >>> from graphkit.diffusion import CampaignConstraints, ICModel, degree_seed_nodes
    >>> graph = graphkit.generate_social_graph(n_users=50, rng=1)
    >>> chosen = degree_seed_nodes(graph, ICModel(), CampaignConstraints(k=2), eval_trials=100, rng=0)
    >>> campaign, seed_rows, reaches = seed_set_rows(graph, "spring", chosen, threshold=0.5)
    >>> campaign["name"], campaign["model"], campaign["budget"], seed_rows.columns.tolist()
    ('spring', 'ic', None, ['user', 'rank', 'marginal_gain', 'cost'])
    >>> set(seed_rows["user"]) <= set(reaches["user"])
    True
    """
    summary = seeds.to_dict()
    record = {
        "name": name,
        "model": seeds.params["model"]["model"],
        "params": json.dumps(to_jsonable(seeds.params), sort_keys=True),
        "budget": seeds.params["constraints"]["budget"],
        "expected_reach": summary["reach"],
        "ci_low": summary["ci_low"],
        "ci_high": summary["ci_high"],
    }
    seed_rows = seeds.to_frame(graph).rename(columns={"node_id": "user"})
    columns = ["user", "rank", "marginal_gain", "cost"]
    probability = seeds.spread.activation_probability
    return campaign_rows(graph, record, seed_rows[columns], probability, threshold=threshold)
