"""``graphkit seeds`` through typer's CliRunner, on a store stand-in holding a generated graph."""

from __future__ import annotations

import json
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from graphkit.cli import diffusion_seeds
from graphkit.cli._store import StoreOptions
from graphkit.cli.app import _GraphkitGroup
from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.models import ICModel
from graphkit.diffusion.seeds import select_seed_nodes
from graphkit.generate import generate_social_graph

GRAPH = generate_social_graph(n_users=300, mean_degree=6, rng=3)


class _Store:
    location = "test-store"

    def __init__(self):
        self.campaigns = []

    def read_graph(self):
        return GRAPH

    def write_campaign(self, campaign, seeds, reaches):
        self.campaigns.append((campaign, seeds, reaches))


@pytest.fixture
def app(monkeypatch):
    store = _Store()

    @contextmanager
    def fake_open(options, _out, location=None):
        yield store

    monkeypatch.setattr(StoreOptions, "open", fake_open)
    application = typer.Typer(cls=_GraphkitGroup, pretty_exceptions_show_locals=False)

    @application.callback()
    def root() -> None:
        """graphkit (test)."""

    diffusion_seeds.register(application)
    application.store = store
    return application


def run(app, *args):
    return CliRunner().invoke(app, ["seeds", *args])


def test_json_matches_the_library(app):
    result = run(app, "--k", "4", "--eps", "0.3", "--p-strong", "0.2", "--p-weak", "0.05", "--eval-trials", "500",
                 "--rng-seed", "9", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    expected = select_seed_nodes(GRAPH, ICModel(p_strong=0.2, p_weak=0.05), CampaignConstraints(k=4), eps=0.3,
                                 n_trials=1000, eval_trials=500, rng=9)
    assert document["seed_ids"] == GRAPH.node_ids[expected.seed_nodes].tolist()
    assert document["reach"] == pytest.approx(expected.reach)
    assert document["params"]["rng_seed"] == 9 and document["method"] == "imm"
    assert [row["rank"] for row in document["seeds"]] == [1, 2, 3, 4]


def test_campaign_constraints_from_options(app):
    ids = GRAPH.node_ids
    cost = GRAPH.users["cost"].to_numpy()
    result = run(app, "--budget", "300", "--cost-column", "cost", "--target", "segment=students",
                 "--exclude", f"{ids[0]},{ids[1]}", "--require", ids[2], "--method", "degree", "--eval-trials", "200",
                 "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    chosen = GRAPH.indices_of(document["seed_ids"])
    assert document["seed_ids"][0] == ids[2]
    assert not {ids[0], ids[1]} & set(document["seed_ids"])
    assert cost[chosen].sum() <= 300 and document["total_cost"] == pytest.approx(cost[chosen].sum())
    students = (GRAPH.users["segment"] == "students").sum()
    assert 0 < document["reach"] <= students
    assert document["target"] == {"segment": ["students"]}


def test_save_campaign_writes_seeds_and_reaches(app, tmp_path):
    out_file = tmp_path / "seeds.csv"
    result = run(app, "--k", "3", "--method", "pagerank", "--p-strong", "0.3", "--eval-trials", "300",
                 "--save-campaign", "spring", "--reach-threshold", "0.2", "--out", str(out_file), "--quiet")
    assert result.exit_code == 0, result.output
    [(campaign, seeds, reaches)] = app.store.campaigns
    assert campaign["name"] == "spring" and campaign["model"] == "ic"
    assert json.loads(campaign["params"])["algorithm"] == "pagerank"
    assert campaign["ci_low"] <= campaign["expected_reach"] <= campaign["ci_high"]
    assert list(seeds.columns) == ["user", "rank", "marginal_gain", "cost"] and seeds["rank"].tolist() == [1, 2, 3]
    assert list(reaches.columns) == ["user", "probability"]
    assert (reaches["probability"] >= 0.2).all() and set(seeds["user"]) <= set(reaches["user"])
    written = pd.read_csv(out_file)
    assert written["node_id"].tolist() == seeds["user"].tolist()
    assert "Seeds (pagerank, awareness)" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 2, "give --k or --budget"),
        (("--budget", "10"), 2, "--budget needs --cost-column"),
        (("--k", "2", "--exclude", "nobody"), 1, "Error: --exclude: unknown user id 'nobody'"),
        (("--k", "2", "--target", "segment"), 2, "expected COLUMN=VALUE"),
        (("--k", "2", "--method", "community-leaders"), 1,
         "Error: --method community-leaders needs --community-column"),
        (("--k", "2", "--eps", "2"), 1, "Error: eps must be in (0, 1), got 2.0"),
    ],
)
def test_errors(app, args, code, message):
    result = run(app, *args)
    assert result.exit_code == code
    assert message in result.output


def test_community_leaders_with_quota(app):
    result = run(app, "--k", "4", "--method", "community-leaders", "--community-column", "circle",
                 "--max-per-community", "1", "--eval-trials", "100", "--json")
    assert result.exit_code == 0, result.output
    chosen = GRAPH.indices_of(json.loads(result.stdout)["seed_ids"])
    circles = GRAPH.users["circle"].to_numpy()[chosen]
    assert len(chosen) == 4 and len(set(circles.tolist())) == 4
    sizes = GRAPH.users["circle"].value_counts()
    assert circles[0] == sizes.index[np.argmax(sizes.to_numpy())]
