"""``leaders --out`` and ``--out-top``: what each file holds (issue 16, item 5).

``--out`` is the export of every user's scores, circle and role (what an analyst joins to other
data), whatever ``--top`` says, and the help says so; ``--out-top`` writes the Top table the
command shows, row for row.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.generate import generate_social_graph
from graphkit.store import open_store


def _store(tmp_path):
    location = tmp_path / "store"
    open_store(location).write_graph(generate_social_graph(n_users=120, rng=5))
    return str(location)


def test_out_writes_every_user_and_out_top_the_top_table(tmp_path):
    location = _store(tmp_path)
    everyone, top = tmp_path / "leaders.csv", tmp_path / "top.csv"
    result = CliRunner().invoke(
        app,
        ["leaders", "--store", location, "--top", "7", "--out", str(everyone), "--out-top", str(top),
         "--no-write", "--json"],
    )
    assert result.exit_code == 0, result.output
    shown = pd.DataFrame(json.loads(result.stdout)["top"])
    assert len(pd.read_csv(everyone)) == 120
    assert {"id", "community", "leader_score", "role"} <= set(pd.read_csv(everyone).columns)
    written = pd.read_csv(top)
    assert len(written) == 7
    assert list(written.columns) == list(shown.columns)
    assert written["id"].tolist() == shown["id"].tolist()
    assert written["leader_score"].to_numpy() == pytest.approx(shown["leader_score"].to_numpy(), rel=1e-12)


def test_out_top_needs_a_table_suffix(tmp_path):
    result = CliRunner().invoke(app, ["leaders", "--store", _store(tmp_path), "--out-top", str(tmp_path / "top.txt")])
    assert result.exit_code == 1
    assert "--out-top must end in .csv, .json or .parquet" in result.stderr


def test_the_help_says_out_writes_every_user():
    result = CliRunner().invoke(app, ["leaders", "--help"], env={"COLUMNS": "200"}, terminal_width=200)
    text = " ".join(result.output.split())
    assert "every user" in text
    assert "--out-top" in text
