"""Opinion leaders, bridges and a role per user, each row explaining itself.

The composite leader score
--------------------------
Each measure named in ``leader_weights`` is turned into a percentile over all users (average rank /
number of users, so 1.0 = the highest; missing values count as the lowest), and the leader score
is their weighted mean, in (0, 1]. The default, :data:`DEFAULT_LEADER_WEIGHTS`, is

* ``pagerank`` 0.4 — weighted PageRank in the direction of influence: reach through influential users;
* ``coreness`` 0.2 — k-shell: sitting in the dense core spreads further than degree alone (Kitsak 2010);
* ``strong_degree`` 0.2 — strong ties: the ties that convert (adoption needs reinforcement);
* ``degree`` 0.2 — direct audience.

Any column of the measures (or of ``extra`` scores, e.g. betweenness or LeaderRank) can be
weighted instead. Percentiles are global, so scores compare across circles; leaders are then
ranked inside their circle (``community_rank``, 1 = the circle's leader).

The bridge score
----------------
``bridge_score = participation * (1 - min(constraint, 1))``: high for users whose ties spread
over several circles (participation, Guimerà & Amaral 2005) without being locked into one dense
group (low constraint, Burt 1992). ``cross_weak_ties`` (weak ties into other circles, the
channel of novel information in Granovetter 1973) is reported next to it.

Roles
-----
With thresholds from :class:`RoleThresholds` (defaults after Guimerà & Amaral 2005):

* ``circle leader``: a hub of its circle (within-circle degree z >= ``hub_z``) whose ties mostly stay in it;
* ``connector``: a hub whose participation >= ``connector_participation``;
* ``bridge``: not a hub, participation >= ``bridge_participation`` and at least one tie into another circle;
* ``peripheral``: everyone else.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> graph = graphkit.generate_social_graph(n_users=150, rng=8)
>>> leaders = find_leaders(graph, leiden_communities(graph, rng=1))
>>> top = leaders.top(1)
>>> bool(top["leader_score"].iloc[0] == leaders.table["leader_score"].max())
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from graphkit.analysis._checks import check_graph
from graphkit.analysis.centrality import coreness_scores, degree_scores
from graphkit.analysis.communities import Partition
from graphkit.analysis.scores import Scores
from graphkit.analysis.structural import constraint_scores, participation_scores
from graphkit.analysis.walks import pagerank_scores
from graphkit.analysis.weights import DEFAULT_TIE_WEIGHTS, TieWeights, check_tie_weights
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph
from graphkit.results import make_params

__all__ = ["DEFAULT_LEADER_WEIGHTS", "ROLES", "Leaders", "RoleThresholds", "find_leaders"]

DEFAULT_LEADER_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"pagerank": 0.4, "coreness": 0.2, "strong_degree": 0.2, "degree": 0.2}
)
ROLES = ("circle leader", "connector", "bridge", "peripheral")
_MEASURE_LABELS = {"strong_degree": "strong ties", "degree": "ties"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleThresholds:
    """Thresholds that assign roles (see the module docstring).

    Parameters
    ----------
    hub_z : float, default 2.0
        Within-circle degree z-score from which a user is a hub of its circle (Guimerà & Amaral).
    connector_participation : float, default 0.3
        Participation from which a hub is a connector rather than a circle leader (Guimerà & Amaral).
    bridge_participation : float, default 0.3
        Participation from which a non-hub with ties into another circle is a bridge (e.g. one
        tie in five to another circle gives 0.32).
    """

    hub_z: float = 2.0
    connector_participation: float = 0.3
    bridge_participation: float = 0.3

    def __post_init__(self) -> None:
        if not np.isfinite(self.hub_z):
            raise InvalidInputError(f"hub_z must be a finite number, got {self.hub_z!r}")
        for name in ("connector_participation", "bridge_participation"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidInputError(f"{name} must be in [0, 1], got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Leaders:
    """Leader and bridge analysis of every user.

    Attributes
    ----------
    table : DataFrame
        One row per node index: ``community``, the measures, ``<measure>_pct`` for each weighted
        measure, ``leader_score``, ``community_rank``, ``bridge_score``, ``role`` and ``why`` (the
        measures behind the rank, in words). Treat as read-only; the accessors return copies.
    params : dict
        Weights, thresholds, the partition's params and those of every measure.
    """

    table: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    def _rows(self, index: np.ndarray) -> pd.DataFrame:
        rows = self.table.iloc[index].copy()
        rows.insert(0, "node_idx", rows.index.to_numpy())
        return rows.reset_index(drop=True)

    def per_community(self, k: int = 5) -> pd.DataFrame:
        """The top ``k`` leaders of every circle: ``community``, ``rank``, ``node_idx``, then the table's columns."""
        _check_count("k", k)
        chosen = self.table.index[self.table["community_rank"] <= k].to_numpy()
        rows = self._rows(chosen).sort_values(["community", "community_rank"], kind="stable")
        rows = rows.rename(columns={"community_rank": "rank"})
        front = ["community", "rank", "node_idx"]
        return rows[front + [c for c in rows.columns if c not in front]].reset_index(drop=True)

    def top(self, k: int = 50) -> pd.DataFrame:
        """The ``k`` users with the highest leader score overall (ties by node index)."""
        _check_count("k", k)
        order = np.lexsort((self.table.index.to_numpy(), -self.table["leader_score"].to_numpy()))[:k]
        return self._rows(order)

    def bridges(self, k: int = 20) -> pd.DataFrame:
        """The ``k`` users with the highest bridge score among those with a tie into another circle."""
        _check_count("k", k)
        score = np.where(self.table["cross_ties"].to_numpy() > 0, self.table["bridge_score"].to_numpy(), -1.0)
        order = np.lexsort((self.table.index.to_numpy(), -score))
        order = order[score[order] >= 0][:k]
        return self._rows(order)

    def to_frame(self, node_ids) -> pd.DataFrame:
        """The whole table with the users' external ``id`` first."""
        node_ids = np.asarray(node_ids, dtype=object)
        if len(node_ids) != len(self.table):
            raise InvalidInputError(f"node_ids must have {len(self.table)} entries, got {len(node_ids)}")
        frame = self.table.reset_index(drop=True).copy()
        frame.insert(0, "id", node_ids)
        return frame


def _check_count(name: str, value: int) -> None:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
        raise InvalidInputError(f"{name} must be an int >= 0, got {value!r}")


def _percentile(values: np.ndarray) -> np.ndarray:
    series = pd.Series(values, dtype=np.float64)
    return series.rank(method="average", pct=True, na_option="keep").fillna(0.0).to_numpy()


def _format(value: float) -> str:
    if not np.isfinite(value):
        return "n/a"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.3g}"


def _explain(table: pd.DataFrame, leader_weights: Mapping[str, float]) -> list[str]:
    names = sorted(leader_weights, key=lambda name: -leader_weights[name])
    values = {name: table[name].to_numpy(np.float64) for name in names}
    pcts = {name: table[f"{name}_pct"].to_numpy() for name in names}
    role = table["role"].to_numpy()
    z = table["within_z"].to_numpy()
    participation = table["participation"].to_numpy()
    constraint = table["constraint"].to_numpy()
    cross_weak = table["cross_weak_ties"].to_numpy()
    cross = table["cross_ties"].to_numpy()
    lines = []
    for row in range(len(table)):
        parts = [
            f"{_MEASURE_LABELS.get(name, name)} {_format(values[name][row])} (top {max(1, math.ceil(100 * (1 - pcts[name][row]) - 1e-9)):d}%)"
            for name in names
        ]
        position = (
            f"z {z[row]:.2f}, participation {participation[row]:.2f}, constraint {_format(constraint[row])}"
        )
        if cross[row]:
            position += f", {int(cross[row])} ties into other circles ({int(cross_weak[row])} weak)"
        lines.append(f"{role[row]}: " + ", ".join(parts) + f"; {position}")
    return lines


def find_leaders(
    graph: SocialGraph,
    partition: Partition,
    *,
    leader_weights: Mapping[str, float] = DEFAULT_LEADER_WEIGHTS,
    thresholds: RoleThresholds = RoleThresholds(),
    extra: Scores | None = None,
    damping: float = 0.85,
    weights: TieWeights = DEFAULT_TIE_WEIGHTS,
    progress: Callable[[str], None] | None = None,
) -> Leaders:
    """Rank opinion leaders inside each circle, score bridges and give every user a role.

    Parameters
    ----------
    graph : SocialGraph
    partition : Partition
        The circles (from :mod:`graphkit.analysis.communities`).
    leader_weights : mapping of str to float, default :data:`DEFAULT_LEADER_WEIGHTS`
        Measure -> weight (>= 0, at least one > 0) of the composite leader score.
    thresholds : RoleThresholds, default RoleThresholds()
        Role thresholds.
    extra : Scores, optional
        Further measures to show (and to weight), e.g. ``betweenness_scores(graph, n_pivots=256)``.
    damping : float, default 0.85
        PageRank damping.
    weights : TieWeights, default DEFAULT_TIE_WEIGHTS
        Tie-kind weights of PageRank and constraint.
    progress : callable, optional
        Called with the name of each step as it starts (for progress bars).

    Returns
    -------
    Leaders

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["hub"] * 8, "target": list("abcdefgh"), "tie": ["strong"] * 8})
    >>> graph = SocialGraph.from_tables(ties, directed=False)
    >>> from graphkit.analysis.communities import leiden_communities
    >>> leaders = find_leaders(graph, leiden_communities(graph, rng=0))
    >>> leaders.top(1)[["node_idx", "role"]].values.tolist()
    [[0, 'circle leader']]
    """
    check_graph(graph)
    check_tie_weights(weights)
    if not isinstance(thresholds, RoleThresholds):
        raise InvalidInputError(f"thresholds must be a RoleThresholds, got {type(thresholds).__name__}")
    leader_weights = dict(leader_weights)
    if (
        not leader_weights
        or any(not (np.isfinite(w) and w >= 0) for w in leader_weights.values())
        or sum(leader_weights.values()) <= 0
    ):
        raise InvalidInputError(f"leader_weights must be >= 0 with a positive sum, got {leader_weights!r}")
    steps = [
        ("degrees", lambda: degree_scores(graph)),
        ("pagerank", lambda: pagerank_scores(graph, damping=damping, weights=weights)),
        ("coreness", lambda: coreness_scores(graph)),
        ("constraint", lambda: constraint_scores(graph, weights=weights)),
        ("participation", lambda: participation_scores(graph, partition)),
    ]
    scores = None
    for name, compute in steps:
        if progress is not None:
            progress(name)
        part = compute()
        scores = part if scores is None else scores.join(part)
    if extra is not None:
        scores = scores.join(extra)
    unknown = [name for name in leader_weights if name not in scores]
    if unknown:
        raise InvalidInputError(
            f"leader_weights name unknown measure(s) {', '.join(unknown)}; available: {', '.join(scores.names)}"
        )
    if progress is not None:
        progress("leader table")
    table = scores.to_frame()
    table.insert(0, "community", partition.membership)
    total = sum(leader_weights.values())
    leader_score = np.zeros(graph.n_nodes)
    for name, weight in leader_weights.items():
        pct = _percentile(table[name].to_numpy())
        table[f"{name}_pct"] = pct
        leader_score += weight * pct / total
    table["leader_score"] = leader_score
    order = np.lexsort((np.arange(graph.n_nodes), -leader_score, partition.membership))
    community_rank = np.empty(graph.n_nodes, dtype=np.int64)
    if graph.n_nodes:
        sorted_community = partition.membership[order]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_community)) + 1]
        first_of_group = np.repeat(starts, np.diff(np.r_[starts, graph.n_nodes]))
        community_rank[order] = np.arange(graph.n_nodes) - first_of_group + 1
    table["community_rank"] = community_rank
    constraint = np.nan_to_num(table["constraint"].to_numpy(), nan=1.0)
    table["bridge_score"] = table["participation"].to_numpy() * (1.0 - np.minimum(constraint, 1.0))
    hub = table["within_z"].to_numpy() >= thresholds.hub_z
    participation = table["participation"].to_numpy()
    role = np.full(graph.n_nodes, "peripheral", dtype=object)
    role[hub & (participation < thresholds.connector_participation)] = "circle leader"
    role[hub & (participation >= thresholds.connector_participation)] = "connector"
    role[~hub & (participation >= thresholds.bridge_participation) & (table["cross_ties"].to_numpy() > 0)] = (
        "bridge"
    )
    table["role"] = role
    table["why"] = _explain(table, leader_weights)
    params = make_params(
        "leaders",
        weights=leader_weights,
        thresholds={name: getattr(thresholds, name) for name in RoleThresholds.__dataclass_fields__},
        partition=partition.params,
        measures=scores.params["measures"],
    )
    return Leaders(table=table, params=params)
