"""`graphkit load` and `graphkit info` on both stores (the `store_args` fixture is in conftest.py; bad input is in test_bad_input.py)."""

from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.store import open_store

runner = CliRunner()

GOOD_USERS = "id,segment,cost\na,students,10\nb,parents,25\nc,students,40\n"
GOOD_TIES = "source,target,tie,weight\na,b,strong,4\nb,c,weak,1\n"


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def _snapshot(location: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    import os

    store = open_store(location, password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    try:
        graph = store.read_graph()
    finally:
        store.close()
    users = graph.users.sort_values("id").reset_index(drop=True)
    ties = graph.ties_frame().sort_values(["source", "target"]).reset_index(drop=True)
    return users, ties


def test_load_then_info_then_reload_is_idempotent(tmp_path, store_args):
    users = _write(tmp_path / "users.csv", GOOD_USERS)
    ties = _write(tmp_path / "ties.csv", GOOD_TIES)
    arguments = ["load", "--users", str(users), "--ties", str(ties), *store_args, "--json"]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    document = json.loads(first.stdout)
    assert document["store_counts"] == {"users": 3, "strong_ties": 1, "weak_ties": 1, "directed": True}
    assert document["read"]["labelled_by"] == {"input": 2}
    again = runner.invoke(app, arguments)
    assert json.loads(again.stdout)["store_counts"] == document["store_counts"]
    info = runner.invoke(app, ["info", *store_args, "--json"])
    assert info.exit_code == 0, info.output
    summary = json.loads(info.stdout)
    assert (summary["users"], summary["strong_ties"], summary["weak_ties"]) == (3, 1, 1)
    assert summary["out_degree"]["max"] == 1
    users_back, _ = _snapshot(store_args[1])
    assert users_back["cost"].tolist() == [10, 25, 40]


def test_unlabelled_ties_are_labelled_and_say_how(tmp_path, store_args):
    ties = _write(tmp_path / "ties.txt", "a b\nb a\nb c\n")
    result = runner.invoke(app, ["load", "--ties", str(ties), "--format", "edgelist", *store_args, "--json"])
    assert result.exit_code == 0, result.output
    assert sum(json.loads(result.stdout)["read"]["labelled_by"].values()) == 3


def test_unreachable_neo4j_exits_3_without_the_password(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", "secret-never-printed")
    ties = _write(tmp_path / "ties.csv", GOOD_TIES)
    result = runner.invoke(app, ["load", "--ties", str(ties), "--store", "bolt://127.0.0.1:1"])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: ")
    assert "secret-never-printed" not in result.output


def test_bulk_on_a_folder_store_is_one_error_line(tmp_path):
    ties = _write(tmp_path / "ties.csv", GOOD_TIES)
    home = tmp_path / "neo4j"
    arguments = ["load", "--ties", str(ties), "--store", str(tmp_path / "store"), "--neo4j-home", str(home), "--bulk"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: --bulk needs the local Neo4j server graphkit manages (graphkit neo4j start --home {home}), "
        f"and the store {tmp_path / 'store'} is not it; leave out --bulk to load over Bolt"
    ]
    assert open_store(tmp_path / "store").counts().users == 0
