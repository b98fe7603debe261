"""The campaign file: every key validated, errors naming the file and the dotted key."""

from __future__ import annotations

import pytest

from graphkit.campaign.config import campaign_from_dict, load_campaign
from graphkit.errors import InvalidInputError
from tests.campaign.conftest import SMALL_CAMPAIGN, merged
from tests.conftest import REPO

EXAMPLE = REPO / "graphkit" / "campaign" / "examples" / "spring-launch.toml"


def test_the_example_campaign_is_valid():
    campaign = load_campaign(EXAMPLE)
    assert campaign.name == "spring-launch"
    assert campaign.budget.cost_column == "cost"
    assert campaign.graph.generate is not None
    assert campaign.source == EXAMPLE


def test_defaults_are_filled_in():
    campaign = campaign_from_dict({"name": "c", "objective": "adoption", "budget": {"max_kols": 5}})
    settings = campaign.to_dict()
    assert settings["model"] == {"kind": "ic", "p_strong": 0.1, "p_weak": 0.01, "probability": "tie",
                                 "w_strong": 1.0, "w_weak": 0.2, "fitted": None}
    assert settings["trials"] == 10_000 and settings["rng"] == 0
    assert settings["selection"]["method"] == "imm"
    assert "source" not in settings


@pytest.mark.parametrize(
    ("changes", "key", "message"),
    [
        ({"name": None}, "name", "is required"),
        ({"objective": None}, "objective", "is required"),
        ({"budget": None}, "budget", "is required"),
        ({"budget": {"cost_column": None}}, "budget.cost_column", "is required with budget.total"),
        ({"budget": {"total": None}}, "budget.total", "is required (a total with budget.cost_column)"),
        ({"model": {"kind": "sir"}}, "model.kind", "must be 'ic' or 'lt', got 'sir'"),
        ({"budget": {"total": -5}}, "budget.total", "must be greater than 0, got -5"),
        ({"budget": {"total": "500"}}, "budget.total", "must be a valid number, got '500'"),
        ({"model": {"p_weak": 1.5}}, "model.p_weak", "must be less than or equal to 1, got 1.5"),
        ({"objective": "sales"}, "objective", "must be 'awareness' or 'adoption', got 'sales'"),
        ({"trials": 1}, "trials", "must be greater than or equal to 2, got 1"),
        ({"modle": {}}, "modle", "unknown key; the top level takes name, title, objective"),
        ({"model": {"p_stron": 0.2}}, "model.p_stron", "unknown key; model takes kind, p_strong, p_weak"),
        ({"target": {"where": {"segment": []}}}, "target.where.segment", "must be a value or a non-empty list"),
        ({"candidates": {"exclude": ["u1", 2]}}, "candidates.exclude[1]", "must be a valid string, got 2"),
        ({"candidates": {"exclude": ["u1"], "require": ["u1"]}}, "candidates.require", "names 'u1', which candidates.exclude also names"),
        ({"graph": {"ties": "ties.csv", "generate": None}}, "graph.directed", "is required with graph.ties"),
        ({"graph": {"users": "users.csv", "generate": None}}, "graph.ties", "is required with graph.users"),
        ({"graph": {"ties": "t.csv", "directed": False}}, "graph.generate", "cannot be combined with graph.ties"),
        ({"graph": {"generate": {"users": 10}}}, "graph.generate.users", "must be greater than or equal to 50"),
        ({"sensitivity": {"change": 1.0}}, "sensitivity.change", "must be less than 1, got 1.0"),
        ({"graph": 5}, "graph", "must be a table, got 5"),
        ({"sensitivity": {"budget_factors": [1.5, 1]}}, "sensitivity.budget_factors[1]", "must be greater than 1, got 1"),
    ],
)
def test_a_bad_key_is_named(changes, key, message):
    with pytest.raises(InvalidInputError) as raised:
        campaign_from_dict(merged(SMALL_CAMPAIGN, changes))
    assert raised.value.key == key
    assert str(raised.value).startswith(f"key {key!r}: {message}"), str(raised.value)


def test_file_errors_name_the_file(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(InvalidInputError, match="nope.toml: no such campaign file"):
        load_campaign(missing)
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\nobjective = \n', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"broken.toml: not valid TOML: .*line 2"):
        load_campaign(broken)
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nobjective = "awareness"\n[budget]\ntotal = 0\ncost_column = "cost"\n', encoding="utf-8")
    with pytest.raises(InvalidInputError) as raised:
        load_campaign(bad)
    assert str(raised.value) == f"{bad}, key 'budget.total': must be greater than 0, got 0"


def test_input_paths_are_read_from_the_campaign_folder(tmp_path):
    path = tmp_path / "campaigns" / "c.toml"
    path.parent.mkdir()
    path.write_text('name = "c"\nobjective = "awareness"\n[budget]\nmax_kols = 3\n'
                    '[graph]\nties = "data/ties.csv"\ndirected = false\n', encoding="utf-8")
    campaign = load_campaign(path)
    assert campaign.input_path(campaign.graph.ties) == tmp_path / "campaigns" / "data" / "ties.csv"


def test_the_compute_section_names_a_cluster():
    base = {"name": "c", "objective": "awareness", "budget": {"max_kols": 3}}
    assert campaign_from_dict({**base, "compute": {"cluster": "local:2"}}).compute.cluster == "local:2"
    assert campaign_from_dict({**base, "compute": {"cluster": "tcp://10.0.0.5:8786"}}).compute.cluster
    assert campaign_from_dict(base).compute.cluster is None
    with pytest.raises(InvalidInputError, match="compute.cluster"):
        campaign_from_dict({**base, "compute": {"cluster": "my-laptop"}})
