"""Users table + column names + ids -> the index arrays the engines read (graphkit.audience)."""

from __future__ import annotations

import pandas as pd
import pytest

from graphkit.audience import campaign_constraints_from_users, reworded, segment_mask
from graphkit.errors import InvalidInputError
from graphkit.graph import SocialGraph


def test_campaign_constraints_from_users_maps_ids_and_columns():
    users = pd.DataFrame(
        {
            "id": ["ann", "bob", "cat", "dan"],
            "segment": ["students", "parents", "students", "seniors"],
            "fee": [10.0, 20.0, 30.0, 40.0],
            "value": [2.0, 1.0, 3.0, 1.0],
            "circle": ["x", "y", "x", None],
        }
    )
    ties = pd.DataFrame({"source": ["ann", "bob"], "target": ["bob", "cat"], "tie": ["strong", "weak"]})
    graph = SocialGraph.from_tables(ties, users, directed=True)
    constraints = campaign_constraints_from_users(
        graph, budget=50.0, cost_column="fee", where={"segment": ["students", "parents"]}, value_column="value",
        exclude=["dan"], require=["cat"], community_column="circle", max_per_community=1,
    )
    assert constraints.cost.tolist() == [10.0, 20.0, 30.0, 40.0]
    assert constraints.target_weights.tolist() == [2.0, 1.0, 3.0, 0.0]
    assert constraints.excluded.tolist() == [3]
    assert constraints.required.tolist() == [2]
    assert constraints.communities.tolist() == [0, 1, 0, 2]
    with pytest.raises(InvalidInputError, match="unknown user id 'zed'"):
        campaign_constraints_from_users(graph, k=1, exclude=["zed"])
    with pytest.raises(InvalidInputError, match="users have no attribute 'tier'"):
        campaign_constraints_from_users(graph, k=1, where={"tier": "gold"})
    with pytest.raises(InvalidInputError, match="no user has segment = 'pilots'"):
        campaign_constraints_from_users(graph, k=1, where={"segment": "pilots"})
    with pytest.raises(InvalidInputError, match="user 'ann' has 'students', not a number"):
        campaign_constraints_from_users(graph, budget=5.0, cost_column="segment")


def test_errors_are_reworded_as_a_campaign_key_or_an_option():
    users = pd.DataFrame({"id": ["a", "b"], "segment": ["x", "y"]})
    with pytest.raises(InvalidInputError) as caught, reworded({"where": "target.where"}, path="c.toml", as_key=True):
        segment_mask(users, {"segment": "z"})
    assert str(caught.value) == "c.toml, key 'target.where.segment': no user has segment = 'z'"
    with pytest.raises(InvalidInputError) as caught, reworded({"where": "--target"}):
        segment_mask(users, {"tier": "gold"})
    assert str(caught.value) == "--target: users have no attribute 'tier'; attributes: segment"
