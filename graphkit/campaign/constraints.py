"""A campaign's keys checked against the graph and turned into :class:`CampaignConstraints`.

The checks that need the data happen here, each naming the campaign key at fault: the segment
attributes of ``target.where``, ``target.value_column``, ``budget.cost_column`` (numbers > 0; a user
with no fee is simply not for sale), the ids in ``candidates.exclude`` / ``candidates.require``, and
whether the required users fit the budget and the per-circle quota.

The candidate pool is all users, or with ``candidates.pool = "leaders"`` the top
``leaders_per_circle`` leaders of every circle, in both cases only users with at least
``candidates.min_followers`` followers (out-ties); users outside it, excluded users and users
without a fee are never picked; required users are always picked, first.

Examples
--------
>>> import graphkit
>>> from graphkit.analysis import find_leaders, leiden_communities
>>> from graphkit.campaign.config import campaign_from_dict
>>> graph = graphkit.generate_social_graph(n_users=200, rng=1)
>>> partition = leiden_communities(graph, rng=1)
>>> leaders = find_leaders(graph, partition)
>>> campaign = campaign_from_dict({"name": "c", "objective": "awareness",
...     "budget": {"total": 500, "cost_column": "cost"}, "target": {"where": {"segment": "students"}},
...     "candidates": {"pool": "leaders", "leaders_per_circle": 2, "max_per_circle": 1}})
>>> plan = campaign_constraints(campaign, graph, partition, leaders)
>>> int(plan.candidates.sum()) == 2 * partition.n_communities
True
>>> campaign = campaign_from_dict({"name": "c", "objective": "awareness",
...     "budget": {"total": 500, "cost_column": "fee"}})
>>> campaign_constraints(campaign, graph, partition, leaders)
Traceback (most recent call last):
...
graphkit.errors.InvalidInputError: key 'budget.cost_column': users have no attribute 'fee'; attributes: circle, segment, region, cost
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from graphkit.analysis.communities import Partition
from graphkit.analysis.leaders import Leaders
from graphkit.audience import require_attribute, reworded, segment_mask, user_indices, user_values
from graphkit.campaign.config import Campaign
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph

__all__ = ["CampaignData", "PlanConstraints", "campaign_constraints", "check_campaign_data", "check_user_columns"]

_KEYS = {"where": "target.where", "value_column": "target.value_column", "cost_column": "budget.cost_column",
         "exclude": "candidates.exclude", "require": "candidates.require"}
"""Campaign keys of the parts :mod:`graphkit.audience` names."""


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanConstraints:
    """The constraints of a campaign on one graph, with what they were built from.

    Attributes
    ----------
    constraints : CampaignConstraints
        What every strategy (the optimiser and the baselines) must honour; ``communities`` are
        the detected circles.
    candidates : ndarray of bool
        Users that may be picked (besides the required ones).
    in_target : ndarray of bool
        Users in the target segment (all users when the campaign has no ``target.where``).
    without_cost : int
        Users with no fee in the cost column (never picked).
    """

    constraints: CampaignConstraints
    candidates: np.ndarray
    in_target: np.ndarray
    without_cost: int

    @property
    def target_weights(self) -> np.ndarray | None:
        """What reaching each user is worth (None: every user counts 1)."""
        return self.constraints.target_weights


@dataclass(frozen=True, slots=True)
class CampaignData:
    """What the campaign's data-dependent keys say about each user of a graph.

    ``cost`` is None without a cost column, else each user's fee (inf for users without one);
    ``candidates`` the users with a fee and ``candidates.min_followers`` followers, not excluded
    (before any ``candidates.pool`` restriction).
    """

    in_target: np.ndarray
    target_weights: np.ndarray | None
    cost: np.ndarray | None
    excluded: np.ndarray
    required: np.ndarray
    candidates: np.ndarray


def check_campaign_data(campaign: Campaign, graph: SocialGraph) -> CampaignData:
    """Check the keys that need the graph but not its circles: attributes, values, fees and user ids.

    Raises
    ------
    InvalidInputError
        Naming the campaign file and key.
    """

    def fail(key: str, message: str) -> InvalidInputError:
        return InvalidInputError(message, path=campaign.source, key=key)

    check_user_columns(campaign, graph.users)
    users = graph.users
    with reworded(_KEYS, path=campaign.source, as_key=True):
        in_target = segment_mask(users, campaign.target.where)
        weights = in_target.astype(np.float64) if campaign.target.where else None
        if campaign.target.value_column is not None:
            value = user_values(users, campaign.target.value_column, field="value_column")
            weights = _target_weights(value, weights, graph, fail)
        cost = None
        if campaign.budget.cost_column is not None:
            cost = _fees(user_values(users, campaign.budget.cost_column, field="cost_column"), graph, fail)
        excluded = user_indices(graph, campaign.candidates.exclude, field="exclude")
        required = user_indices(graph, campaign.candidates.require, field="require")
    if cost is not None and len(required) and np.isinf(cost[required]).any():
        bad = required[np.isinf(cost[required])][0]
        raise fail("candidates.require", f"user {graph.node_ids[bad]!r} has no fee in {campaign.budget.cost_column!r}")
    if cost is not None and campaign.budget.total is not None and cost[required].sum() > campaign.budget.total:
        raise fail("budget.total", f"is {campaign.budget.total:g}, less than the required users' fees ({cost[required].sum():g})")
    priced = np.ones(graph.n_nodes, dtype=bool) if cost is None else np.isfinite(cost)
    followed = graph.out_degree() >= campaign.candidates.min_followers
    candidates = priced & followed
    candidates[excluded] = False
    _check_choice(campaign, candidates, cost, required, f"{int(priced.sum()):,} users have a fee, "
                  f"{int(followed.sum()):,} have at least {campaign.candidates.min_followers} followers, "
                  f"{len(excluded)} are excluded")
    return CampaignData(in_target=in_target, target_weights=weights, cost=cost, excluded=excluded, required=required,
                        candidates=candidates)


def _target_weights(value: np.ndarray, weights: np.ndarray | None, graph: SocialGraph, fail) -> np.ndarray:
    """Each user's customer value (finite, >= 0), times the segment mask when there is one."""
    key = "target.value_column"
    if np.isnan(value).any() or (value < 0).any() or np.isinf(value).any():
        bad = int(np.flatnonzero(~(np.isfinite(value) & (value >= 0)))[0])
        raise fail(key, f"user {graph.node_ids[bad]!r} has value {value[bad]!r}; values must be finite numbers >= 0")
    weights = value if weights is None else weights * value
    if not (weights > 0).any():
        raise fail(key, "is 0 for every target user: nobody would count as reach")
    return weights


def _fees(cost: np.ndarray, graph: SocialGraph, fail) -> np.ndarray:
    """Each user's fee (finite, > 0); inf for a user without one, who is not for sale."""
    priced = ~np.isnan(cost)
    if (cost[priced] <= 0).any() or not np.isfinite(cost[priced]).all():
        bad = int(np.flatnonzero(priced & ~(np.isfinite(cost) & (cost > 0)))[0])
        raise fail("budget.cost_column", f"user {graph.node_ids[bad]!r} costs {cost[bad]!r}; fees must be finite numbers > 0")
    return np.where(priced, cost, np.inf)


def _check_choice(campaign: Campaign, candidates: np.ndarray, cost: np.ndarray | None, required: np.ndarray,
                  counts: str) -> None:
    """Raise when the campaign leaves nobody to pick, or cannot afford any candidate."""
    if len(required):
        return
    if not candidates.any():
        raise InvalidInputError(f"leave no user to pick: {counts}", path=campaign.source, key="candidates")
    if cost is not None and campaign.budget.total is not None:
        cheapest = float(cost[candidates].min())
        if cheapest > campaign.budget.total:
            raise InvalidInputError(f"is {campaign.budget.total:g}; the cheapest candidate costs {cheapest:g}",
                                    path=campaign.source, key="budget.total")


def campaign_constraints(
    campaign: Campaign, graph: SocialGraph, partition: Partition, leaders: Leaders
) -> PlanConstraints:
    """Check the campaign's data-dependent keys and build its constraints (see the module docstring).

    Raises
    ------
    InvalidInputError
        Naming the campaign file and key, also when no user can be picked or afforded.
    """

    def fail(key: str, message: str) -> InvalidInputError:
        return InvalidInputError(message, path=campaign.source, key=key)

    data = check_campaign_data(campaign, graph)
    cost, required = data.cost, data.required
    spec = campaign.candidates
    candidates = data.candidates.copy()
    if spec.pool == "leaders":
        leading = leaders.table["community_rank"].to_numpy() <= spec.leaders_per_circle
        candidates &= leading
        _check_choice(campaign, candidates, cost, required,
                      f"{int(data.candidates.sum()):,} users have a fee and enough followers and are not excluded, "
                      f"none of them among the top {spec.leaders_per_circle} leaders of a circle")
    quota = spec.max_per_circle
    if quota is not None and len(required):
        counts = np.bincount(partition.membership[required], minlength=partition.n_communities)
        if (counts > quota).any():
            raise fail(
                "candidates.max_per_circle",
                f"is {quota}, but candidates.require puts {int(counts.max())} users in circle {int(counts.argmax())}",
            )
    never = ~candidates
    never[required] = False
    constraints = CampaignConstraints(
        k=campaign.budget.max_kols,
        budget=campaign.budget.total,
        cost=None if cost is None else np.where(np.isinf(cost), 1.0, cost),
        target_weights=data.target_weights,
        excluded=np.flatnonzero(never),
        required=required,
        communities=partition.membership,
        max_per_community=quota,
    )
    return PlanConstraints(
        constraints=constraints,
        candidates=candidates,
        in_target=data.in_target,
        without_cost=0 if cost is None else int(np.isinf(cost).sum()),
    )


def check_user_columns(campaign: Campaign, users: pd.DataFrame) -> None:
    """Raise InvalidInputError naming the key when a column the campaign names is not a user attribute.

    Checks ``target.where``'s columns, ``target.value_column`` and ``budget.cost_column``.
    """
    named = [(f"where.{name}", name) for name in campaign.target.where]
    named += [("value_column", campaign.target.value_column), ("cost_column", campaign.budget.cost_column)]
    with reworded(_KEYS, path=campaign.source, as_key=True):
        for field, name in named:
            if name is not None:
                require_attribute(users, name, field=field)
