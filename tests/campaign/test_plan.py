"""plan_campaign: the shortlist honours every constraint, and all of a plan's figures agree."""

from __future__ import annotations

import numpy as np
import pytest

from graphkit.campaign import campaign_from_dict, plan_campaign, plan_document
from graphkit.campaign.evaluation import Evaluator
from graphkit.campaign.plan import campaign_model, rng_streams
from graphkit.errors import InvalidInputError
from graphkit.generate import generate_social_graph
from tests.campaign.conftest import SMALL_CAMPAIGN, merged

GRAPH = generate_social_graph(400, n_circles=8, rng=3)


def make_plan(changes: dict | None = None):
    return plan_campaign(campaign_from_dict(merged(SMALL_CAMPAIGN, changes or {})), GRAPH)


@pytest.fixture(scope="module")
def base_plan():
    return make_plan()


def _indices(plan, column="user"):
    return GRAPH.indices_of(plan.shortlist[column].tolist())


def test_budget_and_quota_hold(base_plan):
    shortlist = base_plan.shortlist
    assert len(shortlist) >= 3
    cost = GRAPH.users["cost"].to_numpy()
    assert cost[_indices(base_plan)].sum() == pytest.approx(shortlist["spend"].iloc[-1])
    assert shortlist["spend"].iloc[-1] <= 600.0
    assert shortlist.groupby("community").size().max() <= 2
    membership = base_plan.partition.membership
    assert (shortlist["community"].to_numpy() == membership[_indices(base_plan)]).all()


def test_excluded_users_are_never_picked_by_any_strategy(base_plan):
    banned = base_plan.shortlist["user"].iloc[:2].tolist()
    plan = make_plan({"candidates": {"exclude": banned}})
    assert not set(banned) & set(plan.shortlist["user"])
    for users in plan.strategies["users"]:
        assert not set(banned) & set(users.split(", "))


def test_required_users_come_first_and_count_against_the_budget(base_plan):
    cheap = GRAPH.users.sort_values(["cost", "id"])["id"].iloc[:2].tolist()
    plan = make_plan({"candidates": {"require": cheap}})
    assert plan.shortlist["user"].iloc[:2].tolist() == cheap
    assert plan.shortlist["required"].iloc[:2].all() and not plan.shortlist["required"].iloc[2:].any()
    assert plan.shortlist["reason"].iloc[0].startswith("required by the campaign; ")
    assert plan.shortlist["spend"].iloc[-1] <= 600.0


def test_leader_pool_and_min_followers():
    plan = make_plan({"candidates": {"pool": "leaders", "leaders_per_circle": 2, "min_followers": 8}})
    picked = _indices(plan)
    assert (plan.leaders.table["community_rank"].to_numpy()[picked] <= 2).all()
    assert (GRAPH.out_degree()[picked] >= 8).all()
    assert plan.summary["candidates"] == int(plan.constraints.candidates.sum())


def test_max_kols_without_a_cost_column():
    plan = make_plan({"budget": {"total": None, "cost_column": None, "max_kols": 4}})
    assert len(plan.shortlist) == 4
    assert (plan.shortlist["cost"] == 1.0).all()
    assert plan.summary["budget"] is None


def test_all_figures_of_a_plan_agree(base_plan):
    plan = base_plan
    shortlist, curve, strategies = plan.shortlist, plan.budget_curve, plan.strategies
    assert shortlist["cumulative_reach"].tolist() == curve["reach"].tolist()
    assert np.allclose(shortlist["marginal_reach"].cumsum(), shortlist["cumulative_reach"])
    final = shortlist["cumulative_reach"].iloc[-1]
    assert plan.summary["reach"] == final == strategies["reach"].iloc[0]
    assert plan.sensitivity["shortlist_reach"].iloc[0] == final
    assert strategies["strategy"].tolist() == ["optimiser", "top-followers", "top-pagerank", "leader-per-circle"]
    assert plan.circles["target_reach"].sum() == pytest.approx(final, rel=1e-9)
    assert ((shortlist["overlap"] >= 0) & (shortlist["overlap"] <= 1)).all()
    assert (shortlist["target_share"].between(0, 1)).all()
    # the reach of a prefix, re-estimated on its own, is the figure of its row (one shared evaluation)
    streams = rng_streams(5)
    evaluator = Evaluator(GRAPH, campaign_model(plan.campaign), objective="awareness", n_trials=400,
                          target_weights=plan.constraints.target_weights, communities=None, rng=streams["evaluation"])
    assert evaluator.reach(plan.seed_nodes[:2]).value == shortlist["cumulative_reach"].iloc[1]


def test_only_target_users_count(base_plan):
    in_target = GRAPH.users["segment"].isin(["students", "parents"]).to_numpy()
    probability = base_plan.final.activation_probability
    assert base_plan.summary["reach"] == pytest.approx(probability[in_target].sum(), rel=1e-9)
    assert base_plan.summary["target_users"] == int(in_target.sum())


def test_same_campaign_same_plan(base_plan):
    again = make_plan()
    assert again.shortlist.equals(base_plan.shortlist)
    assert again.strategies.equals(base_plan.strategies)
    assert again.sensitivity.equals(base_plan.sensitivity)
    other = make_plan({"rng": 6})
    assert not other.shortlist["cumulative_reach"].equals(base_plan.shortlist["cumulative_reach"])


def test_sensitivity_moves_each_tie_parameter(base_plan):
    rows = base_plan.sensitivity
    assert rows["scenario"].tolist() == ["as planned", "p_strong -50%", "p_strong +50%", "p_weak -50%", "p_weak +50%"]
    assert rows["value"].iloc[1:].tolist() == pytest.approx([0.1, 0.3, 0.015, 0.045])
    low, high = rows.set_index("scenario").loc[["p_strong -50%", "p_strong +50%"], "shortlist_reach"]
    assert low < rows["shortlist_reach"].iloc[0] < high
    assert (rows["kept"] <= rows["kols"]).all()


def test_larger_budgets_are_replanned(base_plan):
    budgets = base_plan.budgets
    assert budgets["scenario"].tolist() == ["budget ×1.5", "budget ×2"]
    assert budgets["budget"].tolist() == [900.0, 1200.0]
    assert (budgets["spend"] <= budgets["budget"]).all()
    assert budgets["reach"].iloc[-1] > base_plan.summary["reach"]
    assert (budgets["kols"] >= len(base_plan.shortlist)).all()
    counted = make_plan({"budget": {"total": None, "cost_column": None, "max_kols": 3},
                         "sensitivity": {"change": 0, "budget_factors": [1.5, 2.0]}})
    assert counted.budgets["scenario"].tolist() == ["KOLs ×1.5", "KOLs ×2"]
    assert counted.budgets["max_kols"].tolist() == [5, 6] and counted.budgets["kols"].tolist() == [5, 6]
    assert make_plan({"sensitivity": {"change": 0, "budget_factors": []}}).budgets.empty


def test_sensitivity_with_lt_and_weighted_cascade():
    lt = make_plan({"model": {"kind": "lt", "w_strong": 1.0, "w_weak": 0.3}, "sensitivity": {"change": 0.2}})
    assert lt.sensitivity["parameter"].iloc[1:].tolist() == ["w_strong", "w_strong", "w_weak", "w_weak"]
    cascade = make_plan({"model": {"probability": "weighted_cascade"}})
    assert cascade.sensitivity.empty and "weighted_cascade" in cascade.sensitivity_note


def test_adoption_objective_with_celf():
    plan = make_plan({"objective": "adoption", "selection": {"method": "celf", "trials": 100},
                      "candidates": {"pool": "leaders", "leaders_per_circle": 2}, "sensitivity": {"change": 0}})
    assert plan.selection.method == "celf" and plan.final.objective == "adoption"
    assert plan.summary["reach_unit"] == "target customers who adopt"
    assert plan.shortlist["spend"].iloc[-1] <= 600.0


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"target": {"where": {"segmnt": "students"}}}, "target.where.segmnt", "users have no attribute 'segmnt'"),
        ({"target": {"where": {"segment": "astronauts"}}}, "target.where.segment", "no user has segment = 'astronauts'"),
        ({"budget": {"cost_column": "fee"}}, "budget.cost_column", "users have no attribute 'fee'"),
        ({"budget": {"cost_column": "segment"}}, "budget.cost_column", "user 'u000' has 'seniors', not a number"),
        ({"candidates": {"exclude": ["u999"]}}, "candidates.exclude", "unknown user id 'u999': no such user"),
        ({"budget": {"total": 10.0}, "candidates": {"require": ["u000"]}}, "budget.total", "is 10, less than the required"),
    ],
)
def test_keys_that_do_not_fit_the_data_are_named(changes, key, message):
    with pytest.raises(InvalidInputError) as raised:
        make_plan(changes)
    assert raised.value.key == key
    assert message in str(raised.value), str(raised.value)


def test_document_is_plain_json(base_plan):
    import json

    document = plan_document(base_plan, store="memory", origin="generated")
    again = json.loads(json.dumps(document, allow_nan=False))
    assert again["summary"]["reach"] == base_plan.summary["reach"]
    assert len(again["communities"]) == base_plan.partition.n_communities
    assert {link["source"] < link["target"] for link in again["circle_links"]} == {True}
