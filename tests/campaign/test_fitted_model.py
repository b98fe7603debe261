"""A campaign that plans with probabilities fitted by `graphkit fit` (``[model] fitted``)."""

from __future__ import annotations

import copy

import pytest

from graphkit.campaign import campaign_from_dict, plan_campaign, plan_document
from graphkit.campaign.report import render_report
from graphkit.errors import InvalidInputError
from graphkit.fit import write_model_file
from graphkit.generate import generate_social_graph
from tests.campaign.conftest import SMALL_CAMPAIGN, merged

GRAPH = generate_social_graph(400, n_circles=8, rng=3)
INTERVALS = {"p_strong": (0.15, 0.26), "p_weak": (0.02, 0.04)}


def fitted_campaign(tmp_path, changes=None):
    write_model_file(tmp_path / "fit.json", p_strong=0.2, p_weak=0.03, intervals=INTERVALS,
                     data={"cascades_file": "past.csv", "fitted_cascades": 120})
    data = copy.deepcopy(SMALL_CAMPAIGN)
    data["model"] = {"fitted": "fit.json"}
    return campaign_from_dict(merged(data, changes or {}), source=tmp_path / "campaign.toml")


def test_a_fitted_model_plans_like_the_same_guess_and_its_intervals_drive_sensitivity(tmp_path):
    plan = plan_campaign(fitted_campaign(tmp_path), GRAPH)
    guessed = plan_campaign(campaign_from_dict(SMALL_CAMPAIGN), GRAPH)
    assert plan.shortlist["user"].tolist() == guessed.shortlist["user"].tolist()
    scenarios = plan.sensitivity
    assert scenarios["scenario"].tolist()[1:] == [
        "p_strong low (95%)", "p_strong high (95%)", "p_weak low (95%)", "p_weak high (95%)"]
    assert scenarios["value"].tolist()[1:] == [0.15, 0.26, 0.02, 0.04]
    document = plan_document(plan, store="memory", origin="test")
    assert {key: tuple(value) for key, value in document["params"]["model_intervals"].items()} == INTERVALS
    assert "120 cascades from past.csv" in document["params"]["model_source"]
    page = render_report(document)
    assert "fitted by graphkit fit on 120 cascades from past.csv" in page
    assert "95% interval 0.15–0.26" in page and "end of its 95% interval" in page


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"model": {"p_strong": 0.3}}, "model.p_strong", "cannot be given with model.fitted"),
        ({"model": {"kind": "lt"}}, "model.fitted", "use it with kind"),
        ({"model": {"fitted": "absent.json"}}, "model.fitted", "no such model file"),
    ],
)
def test_a_fitted_model_that_does_not_fit_the_campaign_is_named(tmp_path, changes, key, message):
    with pytest.raises(InvalidInputError, match=message) as caught:
        plan_campaign(fitted_campaign(tmp_path, changes), GRAPH)
    assert caught.value.key == key
