"""Every command that writes to the embedded store takes --no-wait: with another writer holding the
store, one `Error:` line, exit 1, and the store unchanged."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.generate import generate_social_graph
from graphkit.store import open_store
from graphkit.store._lock import FolderLock
from tests.campaign.conftest import SMALL_CAMPAIGN, toml_text

runner = CliRunner()

COMMANDS = {
    "load": lambda folder: ["load", "--ties", str(folder / "ties.csv")],
    "communities": lambda folder: ["communities"],
    "leaders": lambda folder: ["leaders"],
    "seeds": lambda folder: ["seeds", "--k", "2", "--trials", "50", "--save-campaign", "c"],
    "plan": lambda folder: ["plan", str(folder / "c.toml"), "--out", str(folder / "plan")],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_wait_refuses_a_busy_store(command, tmp_path):
    store = tmp_path / "store"
    spec = SMALL_CAMPAIGN["graph"]["generate"]
    open_store(store).write_graph(generate_social_graph(n_users=spec["users"], n_circles=spec["circles"], rng=spec["rng"]))
    (tmp_path / "ties.csv").write_text("source,target\nu0001,u0002\n")
    (tmp_path / "c.toml").write_text(toml_text({**SMALL_CAMPAIGN, "trials": 50}))
    before = sorted((path.name, path.read_bytes()) for path in store.iterdir() if path.name != "graphkit.lock")
    with FolderLock(store).hold():
        result = runner.invoke(app, [*COMMANDS[command](tmp_path), "--store", str(store), "--no-wait"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: another graphkit process (pid "), lines
    after = sorted((path.name, path.read_bytes()) for path in store.iterdir() if path.name != "graphkit.lock")
    assert after == before
