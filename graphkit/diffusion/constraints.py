"""Campaign constraints on a seed set, and the bookkeeping every selection method shares.

A :class:`CampaignConstraints` says what a brand team may buy: at most ``k`` seeds and/or a
``budget`` with a per-user ``cost`` (KOL fees); which users count as reach (``target_weights``:
0 outside the target segment, else 1 or a customer value); users never to pick (``excluded``);
users always picked (``required``: picked first, their cost and reach counted); and at most
``max_per_community`` seeds per community. Every selection method honours all of them.

``k`` counts every seed, required ones included; the budget pays for every seed, required ones
included, and is never exceeded.

Examples
--------
>>> import numpy as np
>>> constraints = CampaignConstraints(budget=10.0, cost=np.array([4.0, 5.0, 7.0]), excluded=[2])
>>> bound = constraints.bind(3)
>>> bound.eligible.tolist(), bound.max_seeds
([True, True, False], 2)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graphkit.errors import InvalidInputError

__all__ = ["BoundConstraints", "CampaignConstraints", "Picks"]


def _readonly(values: Any, dtype) -> np.ndarray:
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


def _node_list(name: str, values: Iterable[int]) -> np.ndarray:
    array = np.asarray(list(values) if not isinstance(values, np.ndarray) else values)
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise InvalidInputError(f"{name} must hold node indices (integers), got dtype {array.dtype}")
    array = array.astype(np.int64).ravel()
    if len(np.unique(array)) != len(array):
        raise InvalidInputError(f"{name} must not repeat a node, got {array.tolist()}")
    return _readonly(array, np.int64)


@dataclass(frozen=True, slots=True, kw_only=True)
class CampaignConstraints:
    """What a campaign may pick: seed count and/or budget, target, exclusions, requirements, quotas.

    Arrays are aligned with node index; node lists hold node indices (:mod:`graphkit.audience`
    builds them from external ids and user-table columns).

    Parameters
    ----------
    k : int, optional
        Maximum number of seeds, required ones included (>= 1). At least one of ``k`` and
        ``budget`` must be given.
    budget : float, optional
        Maximum total cost of the seeds (> 0, finite); needs ``cost``.
    cost : array of float, optional
        Cost of picking each user (> 0, finite); default 1 per user.
    target_weights : array of float, optional
        How much reaching each user is worth (>= 0, finite, not all 0): 0 outside the target
        segment, 1 or a customer value inside. Default: every user counts 1.
    excluded : sequence of int, default ()
        Users never picked.
    required : sequence of int, default ()
        Users always picked, first, in this order.
    communities : array of int, optional
        Community label (>= 0) of each user; needed by ``max_per_community``.
    max_per_community : int or array of int, optional
        Maximum seeds per community (>= 1): one number for all, or one per community label.

    Raises
    ------
    InvalidInputError
        If a value is out of range or the constraints contradict each other.

    Examples
    --------
    >>> CampaignConstraints(k=0)
    Traceback (most recent call last):
    ...
    graphkit.errors.InvalidInputError: k must be an integer >= 1, got 0
    """

    k: int | None = None
    budget: float | None = None
    cost: np.ndarray | None = None
    target_weights: np.ndarray | None = None
    excluded: Sequence[int] = ()
    required: Sequence[int] = ()
    communities: np.ndarray | None = None
    max_per_community: int | np.ndarray | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.k is None and self.budget is None:
            raise InvalidInputError("give k (a seed count) or budget (with cost), got neither")
        if self.k is not None:
            if isinstance(self.k, bool) or not isinstance(self.k, (int, np.integer)) or self.k < 1:
                raise InvalidInputError(f"k must be an integer >= 1, got {self.k!r}")
            set_(self, "k", int(self.k))
        if self.budget is not None:
            if isinstance(self.budget, bool) or not isinstance(self.budget, (int, float, np.integer, np.floating)):
                raise InvalidInputError(f"budget must be a number > 0, got {self.budget!r}")
            if not math.isfinite(self.budget) or self.budget <= 0:
                raise InvalidInputError(f"budget must be a finite number > 0, got {self.budget!r}")
            if self.cost is None:
                raise InvalidInputError("budget needs cost (the cost of each user), got cost=None")
            set_(self, "budget", float(self.budget))
        if self.cost is not None:
            cost = np.asarray(self.cost, dtype=np.float64).ravel()
            bad = ~np.isfinite(cost) | (cost <= 0)
            if bad.any():
                raise InvalidInputError(
                    f"cost must be finite and > 0 for every user, got {float(cost[bad][0])!r} at node {int(np.argmax(bad))}"
                )
            set_(self, "cost", _readonly(cost, np.float64))
        if self.target_weights is not None:
            weights = np.asarray(self.target_weights, dtype=np.float64).ravel()
            bad = ~np.isfinite(weights) | (weights < 0)
            if bad.any():
                raise InvalidInputError(
                    f"target_weights must be finite and >= 0, got {float(weights[bad][0])!r} at node {int(np.argmax(bad))}"
                )
            if weights.size and not (weights > 0).any():
                raise InvalidInputError("target_weights must not all be 0 (the target segment is empty)")
            set_(self, "target_weights", _readonly(weights, np.float64))
        excluded = _node_list("excluded", self.excluded)
        required = _node_list("required", self.required)
        set_(self, "excluded", excluded)
        set_(self, "required", required)
        both = np.intersect1d(excluded, required)
        if len(both):
            raise InvalidInputError(f"node {int(both[0])} is both required and excluded")
        if self.k is not None and len(required) > self.k:
            raise InvalidInputError(f"required names {len(required)} users but k is {self.k}")
        if self.communities is not None:
            labels = np.asarray(self.communities)
            if labels.size and (not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0):
                raise InvalidInputError("communities must hold integer labels >= 0")
            set_(self, "communities", _readonly(labels.ravel(), np.int64))
        if self.max_per_community is not None:
            if self.communities is None:
                raise InvalidInputError("max_per_community needs communities (a label per user)")
            quota = np.asarray(self.max_per_community)
            if not np.issubdtype(quota.dtype, np.integer) or (quota < 1).any():
                raise InvalidInputError(f"max_per_community must be integer(s) >= 1, got {self.max_per_community!r}")
            set_(self, "max_per_community", int(quota) if quota.ndim == 0 else _readonly(quota.ravel(), np.int64))

    # ------------------------------------------------------------------ binding to a graph
    def bind(self, n_nodes: int) -> BoundConstraints:
        """Check the constraints against a graph of ``n_nodes`` users and return dense arrays."""
        for name in ("cost", "target_weights", "communities"):
            values = getattr(self, name)
            if values is not None and len(values) != n_nodes:
                raise InvalidInputError(f"{name} must have one entry per user ({n_nodes}), got {len(values)}")
        for name in ("excluded", "required"):
            values = getattr(self, name)
            bad = (values < 0) | (values >= n_nodes)
            if bad.any():
                raise InvalidInputError(f"{name} must hold node indices in [0, {n_nodes}), got {int(values[bad][0])}")
        cost = np.ones(n_nodes) if self.cost is None else np.asarray(self.cost)
        budget = math.inf if self.budget is None else self.budget
        required = np.asarray(self.required)
        if cost[required].sum() > budget:
            raise InvalidInputError(
                f"the required users cost {cost[required].sum():g}, more than the budget {budget:g}"
            )
        if self.communities is None:
            community = np.zeros(n_nodes, dtype=np.int64)
            quota = np.array([n_nodes + 1], dtype=np.int64)
        else:
            community = np.asarray(self.communities)
            n_communities = int(community.max()) + 1 if n_nodes else 0
            if self.max_per_community is None:
                quota = np.full(n_communities, n_nodes + 1, dtype=np.int64)
            elif isinstance(self.max_per_community, int):
                quota = np.full(n_communities, self.max_per_community, dtype=np.int64)
            else:
                quota = np.asarray(self.max_per_community)
                if len(quota) < n_communities:
                    raise InvalidInputError(
                        f"max_per_community must give a quota for each of the {n_communities} communities, "
                        f"got {len(quota)}"
                    )
            over = np.bincount(community[required], minlength=len(quota)) > quota
            if over.any():
                raise InvalidInputError(
                    f"the required users exceed the quota of community {int(np.argmax(over))} "
                    f"({int(quota[np.argmax(over)])})"
                )
        eligible = np.ones(n_nodes, dtype=bool)
        eligible[np.asarray(self.excluded)] = False
        eligible[required] = False
        weights = None if self.target_weights is None else np.asarray(self.target_weights)
        max_seeds = _max_affordable(cost, eligible, budget - cost[required].sum()) + len(required)
        if self.k is not None:
            max_seeds = min(max_seeds, self.k)
        return BoundConstraints(
            n_nodes=n_nodes,
            max_seeds=max_seeds,
            budget=budget,
            cost=cost,
            target_weights=weights,
            eligible=eligible,
            required=required,
            community=community,
            quota=quota,
            has_budget=self.budget is not None,
            has_k=self.k is not None,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary for result ``params`` (sizes of the arrays, not their contents)."""
        return {
            "k": self.k,
            "budget": self.budget,
            "cost": None if self.cost is None else "per-user",
            "target_users": None if self.target_weights is None else int((self.target_weights > 0).sum()),
            "excluded": len(self.excluded),
            "required": [int(v) for v in self.required],
            "max_per_community": (
                self.max_per_community
                if self.max_per_community is None or isinstance(self.max_per_community, int)
                else "per-community"
            ),
        }


def _max_affordable(cost: np.ndarray, eligible: np.ndarray, money: float) -> int:
    if not math.isfinite(money):
        return int(eligible.sum())
    cheapest = np.sort(cost[eligible])
    return int(np.searchsorted(np.cumsum(cheapest), money, side="right"))


@dataclass(frozen=True, slots=True, kw_only=True)
class BoundConstraints:
    """Constraints checked against one graph, as dense arrays (what the algorithms read).

    ``max_seeds`` is the most seeds the campaign can hold (``k``, or the most the budget buys,
    whichever is smaller); ``eligible`` is False for excluded and required users; ``community``
    is all 0 and ``quota`` unlimited when no quotas apply.
    """

    n_nodes: int
    max_seeds: int
    budget: float
    cost: np.ndarray
    target_weights: np.ndarray | None
    eligible: np.ndarray
    required: np.ndarray
    community: np.ndarray
    quota: np.ndarray
    has_budget: bool
    has_k: bool

    @property
    def total_weight(self) -> float:
        """Sum of the target weights (the number of users without a target)."""
        return float(self.n_nodes if self.target_weights is None else self.target_weights.sum())

    @property
    def stop_at_zero_gain(self) -> bool:
        """Budget-only campaigns stop buying seeds once the best one adds nothing."""
        return not self.has_k

    def tracker(self) -> FeasibilityTracker:
        """A fresh tracker with the required users already picked."""
        tracker = FeasibilityTracker(self)
        for node in self.required:
            tracker.take(int(node))
        return tracker


@dataclass(slots=True)
class FeasibilityTracker:
    """Budget spent, quotas used and seeds taken so far, for Python-level greedy loops."""

    bound: BoundConstraints
    spent: float = 0.0
    taken: list[int] = field(default_factory=list)
    used: dict[int, int] = field(default_factory=dict)

    @property
    def full(self) -> bool:
        return len(self.taken) >= self.bound.max_seeds

    def fits(self, node: int) -> bool:
        """Whether ``node`` is eligible, affordable and under its community quota now."""
        bound = self.bound
        community = int(bound.community[node])
        return bool(
            bound.eligible[node]
            and node not in self.taken
            and self.spent + bound.cost[node] <= bound.budget
            and self.used.get(community, 0) < bound.quota[community]
        )

    def take(self, node: int) -> None:
        self.taken.append(node)
        self.spent += float(self.bound.cost[node])
        community = int(self.bound.community[node])
        self.used[community] = self.used.get(community, 0) + 1


@dataclass(frozen=True, slots=True)
class Picks:
    """What a selection algorithm returns: seeds in pick order and its own estimates.

    ``marginal_gains[i]`` is the algorithm's estimate of what seed ``i`` adds to the objective
    given the seeds before it, ``cumulative`` their running sum; both are NaN for heuristics,
    which estimate nothing. ``details`` go into the result's ``params``.
    """

    seed_nodes: np.ndarray
    marginal_gains: np.ndarray
    cumulative: np.ndarray
    details: dict[str, Any]
