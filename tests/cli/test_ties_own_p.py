"""Ties that carry their own p: used when the user chose no probabilities, and said so (issue 16, item 2)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graphkit.cli.app import app

runner = CliRunner()
TIES = "source,target,tie,p\n" + "".join(f"u{i},u{i + 1},{'strong' if i % 2 else 'weak'},0.9\n" for i in range(30))


def load(tmp_path, text: str) -> str:
    (tmp_path / "ties.csv").write_text(text)
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["load", "--ties", str(tmp_path / "ties.csv"), "--store", store])
    assert result.exit_code == 0, result.output
    return store


def simulate(store: str, *options: str):
    return runner.invoke(app, ["simulate", "--seeds", "u0", "--trials", "2000", "--rng-seed", "1", "--store", store,
                               "--json", *options])


def test_ties_own_p_are_used_when_no_probabilities_were_chosen(tmp_path):
    store = load(tmp_path, TIES)
    implicit, explicit = simulate(store), simulate(store, "--probability", "explicit")
    assert implicit.exit_code == 0, implicit.output
    assert json.loads(implicit.stdout)["params"]["model"]["probability"] == "explicit"  # --json says it in params
    assert json.loads(implicit.stdout)["mean"] == json.loads(explicit.stdout)["mean"]
    told = runner.invoke(app, ["simulate", "--seeds", "u0", "--trials", "200", "--store", store])
    assert "Every tie carries its own p: using them (--probability explicit)" in told.stderr
    assert json.loads(implicit.stdout)["mean"] > 5  # p = 0.9 along a chain, not 0.1 / 0.01
    by_kind = simulate(store, "--p-strong", "0.1")  # probabilities chosen: by tie kind, as asked
    assert "own p" not in by_kind.stderr
    assert json.loads(by_kind.stdout)["mean"] < 3
    seeds = runner.invoke(app, ["seeds", "--k", "1", "--store", store])
    assert seeds.exit_code == 0, seeds.output
    assert "Every tie carries its own p" in seeds.stderr


def test_some_ties_with_p_ask_the_user_to_choose(tmp_path):
    store = load(tmp_path, TIES.replace("u5,u6,strong,0.9", "u5,u6,strong,"))
    result = simulate(store)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: field '--probability': 29 of 30 ties carry their own p: choose --probability explicit (after giving every "
        "tie a p) or --probability tie (p by tie kind, --p-strong/--p-weak)"]
    assert simulate(store, "--probability", "tie").exit_code == 0
