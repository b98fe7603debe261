"""``graphkit simulate`` through typer's CliRunner, on a store stand-in holding a generated graph."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from graphkit.cli import diffusion_simulate
from graphkit.cli._store import StoreOptions
from graphkit.cli.app import _GraphkitGroup
from graphkit.diffusion.models import ICModel
from graphkit.diffusion.simulate import estimate_spread
from graphkit.generate import generate_social_graph

GRAPH = generate_social_graph(n_users=300, mean_degree=6, rng=3)


class _Store:
    location = "test-store"

    def read_graph(self):
        return GRAPH


@pytest.fixture
def app(monkeypatch):
    opened = []

    @contextmanager
    def fake_open(options, _out, location=None):
        opened.append(options.location)
        yield _Store()

    monkeypatch.setattr(StoreOptions, "open", fake_open)
    application = typer.Typer(cls=_GraphkitGroup, pretty_exceptions_show_locals=False)

    @application.callback()
    def root() -> None:
        """graphkit (test)."""

    diffusion_simulate.register(application)
    application.opened = opened
    return application


def run(app, *args):
    return CliRunner().invoke(app, ["simulate", *args])


def test_json_matches_the_library(app):
    ids = GRAPH.node_ids[[0, 5]].tolist()
    result = run(
        app,
        "--seeds",
        ",".join(ids),
        "--p-strong",
        "0.2",
        "--p-weak",
        "0.05",
        "--trials",
        "300",
        "--rng-seed",
        "9",
        "--objective",
        "adoption",
        "--json",
        "--store",
        "somewhere",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    expected = estimate_spread(
        GRAPH, [0, 5], ICModel(p_strong=0.2, p_weak=0.05), objective="adoption", n_trials=300, rng=9
    )
    assert document["mean"] == expected.mean
    assert document["seeds"] == ids
    assert document["params"]["rng_seed"] == 9
    assert document["params"]["model"]["p_strong"] == 0.2
    assert document["curve"]["cumulative"][-1] == pytest.approx(expected.mean)
    assert len(document["top_users"]) == 10
    assert app.opened == ["somewhere"]


def test_lt_target_by_and_out_file(app, tmp_path):
    student = GRAPH.users.loc[GRAPH.users["segment"] == "students", "id"].iloc[0]
    seeds_file = tmp_path / "seeds.txt"
    seeds_file.write_text(f"# campaign seeds\n{student}\n\n{GRAPH.node_ids[1]}  # second\n")
    out_file = tmp_path / "reach.csv"
    result = run(
        app,
        "--seeds-file",
        str(seeds_file),
        "--model",
        "lt",
        "--trials",
        "200",
        "--target",
        "segment=students",
        "--by",
        "circle",
        "--out",
        str(out_file),
        "--json",
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["seeds"] == [student, GRAPH.node_ids[1]]
    assert document["params"]["model"] == {"model": "lt", "w_strong": 1.0, "w_weak": 0.2}
    assert 1 <= document["target"]["reach"] < document["mean"]
    assert sum(document["reach_by"]["reach"].values()) == pytest.approx(document["mean"])
    table = pd.read_csv(out_file)
    assert list(table.columns) == ["node_id", "probability"] and len(table) == GRAPH.n_nodes
    assert table["probability"].sum() == pytest.approx(document["mean"])


def test_human_output(app):
    result = run(app, "--seeds", GRAPH.node_ids[0], "--trials", "50", "--target", "segment=parents")
    assert result.exit_code == 0, result.output
    assert "awareness spread of 1 seed(s)" in result.stdout
    assert "rng seed 0" in result.stdout
    assert "reach in target segment=parents" in result.stdout
    assert "Most likely users" in result.stdout


@pytest.mark.parametrize(
    "args, line",
    [
        (["--seeds", "nobody"], "Error: unknown user id 'nobody'"),
        (["--seeds", "u000,u000"], "Error: seed 'u000' is listed twice"),
        (["--seeds", "u000", "--p-weak", "1.3"], "Error: p_weak must be in [0, 1], got 1.3"),
        (
            ["--seeds", "u000", "--target", "tier=gold"],
            "Error: --target: users have no attribute 'tier'; attributes: ",
        ),
        (
            ["--seeds", "u000", "--target", "segment=astronauts"],
            "Error: --target: no user has segment = 'astronauts'",
        ),
        (
            ["--seeds", "u000", "--probability", "explicit"],
            "Error: field 'p': probability='explicit' needs a p for every tie",
        ),
    ],
)
def test_errors_are_one_line_exit_1(app, args, line):
    result = run(app, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(line)
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--seeds", "u000", "--seeds-file", "x.txt"],
        ["--seeds", "u000", "--target", "segment"],
        ["--seeds", "u000", "--trials", "1"],
        ["--seeds", "u000", "--model", "sir"],
    ],
)
def test_usage_errors_exit_2(app, args):
    assert run(app, *args).exit_code == 2


def test_missing_seeds_file_is_an_input_error(app, tmp_path):
    result = run(app, "--seeds-file", str(tmp_path / "none.txt"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'none.txt'}: cannot read seeds file")


def test_model_file_replaces_the_guessed_probabilities(app, tmp_path):
    from graphkit.fit import write_model_file

    fitted = tmp_path / "fit.json"
    write_model_file(fitted, p_strong=0.2, p_weak=0.05, intervals={"p_strong": (0.1, 0.3), "p_weak": (0.04, 0.06)})
    seeds = ",".join(GRAPH.node_ids[[0, 5]].tolist())
    common = ["--seeds", seeds, "--trials", "300", "--rng-seed", "9", "--json"]
    from_file = run(app, *common, "--model-file", str(fitted))
    guessed = run(app, *common, "--p-strong", "0.2", "--p-weak", "0.05")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout)["mean"] == json.loads(guessed.stdout)["mean"]
    refused = run(app, *common, "--model-file", str(fitted), "--model", "lt")
    assert refused.exit_code == 1 and "Error:" in refused.output and "--model ic" in refused.output
    missing = run(app, *common, "--model-file", str(tmp_path / "nope.json"))
    assert missing.exit_code == 1 and "nope.json" in missing.output and "no such model file" in missing.output
