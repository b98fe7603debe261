"""`graphkit demo`: the README's first command, on the embedded store."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from graphkit.cli.app import app

runner = CliRunner()


def test_demo_loads_a_generated_network_that_info_reads_back(tmp_path):
    store = str(tmp_path / "demo")
    result = runner.invoke(app, ["demo", "--store", store, "--users", "600", "--rng-seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["users"] == 600 and summary["ties"] > 1000
    assert 0.2 < summary["strong_share"] < 0.8
    info = json.loads(runner.invoke(app, ["info", "--store", store, "--json"]).stdout)
    assert {key: info[key] for key in ("users", "ties", "strong_ties")} == {
        key: summary[key] for key in ("users", "ties", "strong_ties")
    }
    again = json.loads(runner.invoke(app, ["demo", "--store", store, "--users", "600", "--rng-seed", "3", "--json"]).stdout)
    assert again == summary


def test_demo_refuses_to_replace_a_folder_it_did_not_write(tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = runner.invoke(app, ["demo", "--store", str(precious), "--users", "100"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {precious}: the folder holds files that `graphkit demo` did not write")
    assert (precious / "notes.txt").read_text() == "keep me"
