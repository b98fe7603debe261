"""CampaignConstraints: validation, building from a user table, binding to a graph."""

from __future__ import annotations

import numpy as np
import pytest

from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.errors import InvalidInputError


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "give k (a seed count) or budget (with cost), got neither"),
        ({"k": 0}, "k must be an integer >= 1, got 0"),
        ({"k": 2.5}, "k must be an integer >= 1, got 2.5"),
        ({"budget": 10.0}, "budget needs cost (the cost of each user), got cost=None"),
        ({"budget": -1.0, "cost": [1.0]}, "budget must be a finite number > 0, got -1.0"),
        ({"k": 1, "cost": [1.0, 0.0]}, "cost must be finite and > 0 for every user, got 0.0 at node 1"),
        ({"k": 1, "target_weights": [0.0, 0.0]}, "target_weights must not all be 0 (the target segment is empty)"),
        ({"k": 1, "target_weights": [1.0, -2.0]}, "target_weights must be finite and >= 0, got -2.0 at node 1"),
        ({"k": 3, "excluded": [1], "required": [1]}, "node 1 is both required and excluded"),
        ({"k": 1, "required": [0, 1]}, "required names 2 users but k is 1"),
        ({"k": 2, "required": [1, 1]}, "required must not repeat a node, got [1, 1]"),
        ({"k": 2, "max_per_community": 1}, "max_per_community needs communities (a label per user)"),
        ({"k": 2, "communities": [0, 1], "max_per_community": 0}, "max_per_community must be integer(s) >= 1, got 0"),
    ],
)
def test_invalid_constraints_name_the_argument(kwargs, message):
    with pytest.raises(InvalidInputError) as error:
        CampaignConstraints(**kwargs)
    assert str(error.value) == message


def test_constraints_are_frozen_and_arrays_read_only():
    constraints = CampaignConstraints(k=2, cost=[1.0, 2.0])
    with pytest.raises(AttributeError):
        constraints.k = 3
    with pytest.raises(ValueError):
        constraints.cost[0] = 5.0


def test_bind_checks_against_the_graph():
    with pytest.raises(InvalidInputError, match=r"cost must have one entry per user \(3\), got 2"):
        CampaignConstraints(k=1, cost=[1.0, 2.0]).bind(3)
    with pytest.raises(InvalidInputError, match=r"excluded must hold node indices in \[0, 3\), got 5"):
        CampaignConstraints(k=1, excluded=[5]).bind(3)
    with pytest.raises(InvalidInputError, match="the required users cost 7, more than the budget 5"):
        CampaignConstraints(budget=5.0, cost=[3.0, 4.0, 1.0], required=[0, 1]).bind(3)
    with pytest.raises(InvalidInputError, match=r"exceed the quota of community 0 \(1\)"):
        CampaignConstraints(k=3, communities=[0, 0, 1], max_per_community=1, required=[0, 1]).bind(3)
    with pytest.raises(InvalidInputError, match="a quota for each of the 2 communities, got 1"):
        CampaignConstraints(k=3, communities=[0, 0, 1], max_per_community=np.array([1])).bind(3)


def test_bind_gives_dense_arrays():
    bound = CampaignConstraints(
        budget=10.0, cost=[4.0, 5.0, 7.0, 1.0], excluded=[2], required=[3], communities=[0, 1, 1, 0],
        max_per_community=np.array([2, 1]),
    ).bind(4)
    assert bound.eligible.tolist() == [True, True, False, False]
    assert bound.required.tolist() == [3]
    # required costs 1; 9 left buys the two cheapest eligible (4 + 5)
    assert bound.max_seeds == 3
    assert bound.quota.tolist() == [2, 1]
    assert bound.total_weight == 4.0
    assert bound.stop_at_zero_gain
    assert not CampaignConstraints(k=2).bind(4).stop_at_zero_gain


def test_k_and_budget_together_take_the_tighter():
    assert CampaignConstraints(k=1, budget=100.0, cost=[1.0, 1.0, 1.0]).bind(3).max_seeds == 1
    assert CampaignConstraints(k=3, budget=2.0, cost=[1.0, 1.0, 1.0]).bind(3).max_seeds == 2
