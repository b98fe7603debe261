"""Users and ties files whose columns have other names: --id-column, --source-column, --target-column (issue 16, item 4)."""

from __future__ import annotations

from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.store import open_store

runner = CliRunner()


def test_files_with_their_own_column_names_load(tmp_path):
    (tmp_path / "users.csv").write_text("user_id,age\nann,31\nbob,27\ncat,40\n")
    (tmp_path / "ties.csv").write_text("follower,followed\nann,bob\nbob,cat\n")
    store = str(tmp_path / "store")
    result = runner.invoke(app, ["load", "--users", str(tmp_path / "users.csv"), "--id-column", "user_id",
                                 "--ties", str(tmp_path / "ties.csv"), "--source-column", "follower",
                                 "--target-column", "followed", "--store", store])
    assert result.exit_code == 0, result.output
    graph = open_store(store).read_graph()
    assert graph.users["id"].tolist() == ["ann", "bob", "cat"]
    assert graph.users["age"].tolist() == [31, 27, 40]
    assert graph.ties_frame()[["source", "target"]].values.tolist() == [["ann", "bob"], ["bob", "cat"]]


def test_wrong_column_names_are_one_line_naming_the_file(tmp_path):
    (tmp_path / "users.csv").write_text("user_id,id\nann,1\n")
    (tmp_path / "ties.csv").write_text("a,b\nann,bob\n")
    store = str(tmp_path / "store")
    cases = {
        ("--users", "users.csv", "--id-column", "name"): "a users table needs a 'name' column; found columns: user_id, id",
        ("--users", "users.csv", "--id-column", "user_id"): "the file has a column 'id' besides 'user_id'",
        ("--source-column", "a", "--target-column", "a"): "'a' and 'a' must be different columns",
        ("--source-column", "from"): "a ties table needs a 'from' column",
    }
    for options, message in cases.items():
        options = [str(tmp_path / o) if o.endswith(".csv") else o for o in options]
        result = runner.invoke(app, ["load", "--ties", str(tmp_path / "ties.csv"), *options, "--store", store])
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), (options, result.output)
        assert message in lines[0], (options, lines)
        assert "csv" in lines[0]
