"""Every command's ``--help`` reads whole in an 80-column terminal (issue 16, item 8).

Rendered with ``COLUMNS=80`` for every command and sub-command of the app: no line is wider than
80 characters, nothing is cut with an ellipsis, and every option's names appear whole.
"""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from graphkit.cli.app import app


def _commands(command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """(path, command) for ``command`` and everything below it (typer's own click: duck-typed)."""
    found = [(path, command)]
    if hasattr(command, "commands"):
        for name, sub in sorted(command.commands.items()):
            found += _commands(sub, (*path, name))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_is_checked():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"", "load", "leaders", "fit", "plan", "neo4j", "neo4j browse"} <= names
    assert len(names) >= 16


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(path) or "graphkit" for path, _ in COMMANDS])
def test_help_fits_80_columns(path, command, monkeypatch):
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if len(line) > 80] == []
    assert [line for line in lines if "…" in line] == []
    words = set(result.output.replace(",", " ").replace("/", " ").split())
    for parameter in command.params:
        if parameter.param_type_name == "option" and not parameter.hidden:
            for name in [*parameter.opts, *parameter.secondary_opts]:
                assert name in words, f"{' '.join(path)}: option {name} not shown whole"


@pytest.mark.parametrize("flag,expected", [("--no-reciprocity", False), ("--reciprocity", True), (None, True)])
def test_the_hidden_reciprocity_spelling_still_works(flag, expected, tmp_path, monkeypatch):
    """``load --reciprocity/--no-reciprocity`` left the help (its row was 84 columns) but not the CLI."""
    import graphkit.io
    from graphkit.errors import InvalidInputError

    seen = {}

    def capture(*args, labelling, **kwargs):
        seen["require_reciprocity"] = labelling.require_reciprocity
        raise InvalidInputError("stop here")

    monkeypatch.setattr(graphkit.io, "read_graph_files", capture)  # `load` imports it when it runs
    arguments = ["load", "--ties", str(tmp_path / "ties.csv"), "--store", str(tmp_path / "store")]
    result = CliRunner().invoke(app, arguments + ([flag] if flag else []))
    assert result.exit_code == 1 and "stop here" in result.stderr
    assert seen == {"require_reciprocity": expected}
