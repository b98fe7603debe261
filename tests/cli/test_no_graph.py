"""Every command that reads a graph, pointed at a store that holds none (issue 16, item 1).

A typo in ``--store`` (a missing folder), an empty folder, a folder of other files and a Neo4j
database without a graphkit graph each end in exit 1 and one ``Error:`` line, no traceback; a
missing folder is not created and the other folders are left exactly as they were.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.store import open_store

WRITERS = {"load", "demo", "neo4j"}  # write a new graph (load, demo) or manage the server (neo4j)


def _readers(tmp_path: Path) -> dict[str, list[str]]:
    """Each command that reads a graph, with the arguments it needs besides ``--store``."""
    cascades = tmp_path / "cascades.csv"
    cascades.write_text("cascade,user,time\nc1,u1,0\nc1,u2,1\n")
    campaign = tmp_path / "campaign.toml"
    campaign.write_text('name = "typo"\nobjective = "awareness"\n[budget]\nmax_kols = 2\n')
    return {
        "info": ["info"],
        "communities": ["communities"],
        "leaders": ["leaders"],
        "simulate": ["simulate", "--seeds", "u1"],
        "seeds": ["seeds", "--k", "5"],
        "fit": ["fit", "--cascades", str(cascades), "--out", str(tmp_path / "fit.json")],
        "plan": ["plan", str(campaign), "--out", str(tmp_path / "typo-plan")],
    }


def test_the_list_names_every_command_but_the_writers(tmp_path):
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    commands |= {group.name for group in app.registered_groups}
    assert commands - WRITERS == set(_readers(tmp_path))


def _contents(folder: Path) -> dict[str, bytes] | None:
    if not folder.exists():
        return None
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _folder(kind: str, tmp_path: Path) -> Path:
    folder = tmp_path / "stores" / kind
    if kind == "empty":
        folder.mkdir(parents=True)
    elif kind == "foreign":
        folder.mkdir(parents=True)
        (folder / "notes.txt").write_text("not a graph\n")
        (folder / "users.csv").write_text("id\nu1\n")
    return folder


def _assert_one_error_line(result, expected: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.stderr
    assert expected in errors[0], errors[0]


@pytest.mark.parametrize("kind", ["missing", "empty", "foreign"])
@pytest.mark.parametrize("command", ["info", "communities", "leaders", "simulate", "seeds", "fit", "plan"])
def test_a_folder_without_a_store(command, kind, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = _folder(kind, tmp_path)
    before = _contents(folder)
    result = CliRunner().invoke(app, [*_readers(tmp_path)[command], "--store", str(folder)])
    _assert_one_error_line(result, f"no graphkit store at {folder}")
    assert _contents(folder) == before  # the missing folder is not created, the others are untouched
    assert not (tmp_path / "typo-plan").exists()


@pytest.mark.neo4j
def test_a_neo4j_database_without_a_graph(tmp_path, monkeypatch, neo4j_server):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    store.clear()
    try:
        for command, args in _readers(tmp_path).items():
            result = CliRunner().invoke(app, [*args, "--store", neo4j_server.uri])
            _assert_one_error_line(result, f"Neo4j at {store.location}")
            assert "holds no graphkit graph" in result.stderr, command
            assert store.counts().users == 0, command
    finally:
        store.close()
