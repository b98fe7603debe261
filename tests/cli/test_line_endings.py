"""Files with bare CR line endings (old Mac) or CRLF load as their LF twins do, on both stores (issue 17)."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.store import open_store
from tests.cli.test_bad_input import GOOD_TIES, GOOD_USERS

runner = CliRunner()


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_cr_files_load_like_lf_files(ending, tmp_path, store_args):
    paths = {}
    for name, text in (("users", GOOD_USERS), ("ties", GOOD_TIES)):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_bytes(text.replace("\n", ending).encode())
    result = runner.invoke(app, ["load", "--users", str(paths["users"]), "--ties", str(paths["ties"]), *store_args])
    assert result.exit_code == 0, result.output
    store = open_store(store_args[1], password=os.environ.get("GRAPHKIT_NEO4J_PASSWORD"))
    try:
        graph = store.read_graph()
    finally:
        store.close()
    users = graph.users.sort_values("id")
    assert users[["id", "segment"]].values.tolist() == [["a", "students"], ["b", "parents"], ["c", "students"]]
    assert users["cost"].tolist() == [10, 25, 40]
    ties = graph.ties_frame().sort_values("source")
    assert ties[["source", "target", "tie", "weight"]].values.tolist() == [["a", "b", "strong", 4], ["b", "c", "weak", 1]]
