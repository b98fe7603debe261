"""The local Neo4j server: configuration, failure reports, and a real start/stop cycle."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli.app import app
from graphkit.errors import InvalidInputError, ServerError
from graphkit.server import Neo4jServer, ServerConfig, is_installed
from graphkit.server.launcher import throwaway_password
from tests.conftest import REPO, free_port

NEO4J_HOME = Path(os.environ.get("GRAPHKIT_NEO4J_HOME", REPO / ".neo4j"))
runner = CliRunner()


def _home_with_jars(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "lib").symlink_to(NEO4J_HOME / "lib")
    (home / "plugins").symlink_to(NEO4J_HOME / "plugins")
    return home


def test_conf_is_loopback_only_with_auth_and_no_password():
    config = ServerConfig(home="/tmp/x", bolt_port=7999, http_port=7998, password="do-not-print-me")
    text = config.neo4j_conf()
    assert "server.default_listen_address=127.0.0.1" in text
    assert "server.bolt.listen_address=127.0.0.1:7999" in text
    assert "dbms.security.auth_enabled=true" in text
    assert "do-not-print-me" not in text + repr(config) + repr(Neo4jServer(config))


def test_bad_port_is_rejected():
    with pytest.raises(InvalidInputError, match=r"bolt_port must be in \[1, 65535\], got 0"):
        ServerConfig(home="/tmp/x", bolt_port=0)


def test_start_without_jars_says_how_to_install(tmp_path):
    with pytest.raises(ServerError, match="graphkit neo4j install"):
        Neo4jServer(ServerConfig(home=tmp_path, password="long-enough-pw")).start()


def test_conf_loads_apoc_and_gds_from_home_and_lets_them_run():
    text = ServerConfig(home="/tmp/x", data_dir="/tmp/y", password="do-not-print-me").neo4j_conf()
    assert "server.directories.plugins=/tmp/x/plugins" in text
    assert "dbms.security.procedures.unrestricted=apoc.*,gds.*" in text


def test_a_first_start_password_never_reads_as_an_option():
    """The admin tool takes the throwaway as an argument: a leading ``-`` made it stop at usage (exit 64)."""
    drawn = {throwaway_password() for _ in range(2_000)}
    assert len(drawn) == 2_000
    assert all(len(word) == 48 and word.isalnum() for word in drawn)


def test_start_needs_a_long_password(tmp_path):
    server = Neo4jServer(ServerConfig(home=_home_with_jars(tmp_path), password="short"))
    with pytest.raises(InvalidInputError, match="at least 8 characters"):
        server.start()


def test_start_refuses_a_port_in_use(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = ServerConfig(home=_home_with_jars(tmp_path), bolt_port=port, password="long-enough-pw")
        with pytest.raises(ServerError, match=f"port {port} on 127.0.0.1 is already in use"):
            Neo4jServer(config).start()


@pytest.mark.neo4j
def test_a_server_that_dies_reports_exit_code_and_log(tmp_path):
    config = ServerConfig(
        home=_home_with_jars(tmp_path),
        bolt_port=free_port(),
        http_port=free_port(),
        password="long-enough-pw",
        pagecache="lots",  # Neo4j rejects the setting at start
    )
    (config.data_dir / "data" / "dbms").mkdir(parents=True)  # as after a first start: no password step
    with pytest.raises(ServerError, match=r"(?s)exited with code 1 during start.*console.log.*'lots' is not a valid size"):
        Neo4jServer(config).start(timeout=60)


@pytest.mark.neo4j
def test_session_server_is_up_and_its_logs_hold_no_password(neo4j_server):
    status = neo4j_server.status()
    assert status.running and status.version.startswith("5.26")
    logs = neo4j_server.config.data_dir / "logs"
    for path in logs.iterdir():
        assert neo4j_server.password not in path.read_text(errors="replace"), path


def test_cli_status_of_a_stopped_server_exits_3(tmp_path):
    result = runner.invoke(app, ["neo4j", "status", "--home", str(tmp_path), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["running"] is False


def test_cli_start_without_password_is_one_error_line_exit_1(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHKIT_NEO4J_PASSWORD", raising=False)
    result = runner.invoke(app, ["neo4j", "start", "--home", str(_home_with_jars(tmp_path))])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: a Neo4j password of at least 8 characters is required "
        "(--neo4j-password or GRAPHKIT_NEO4J_PASSWORD)"
    ]


def test_cli_start_with_a_bad_size_is_one_error_line_exit_1(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", "long-enough-pw")
    home = str(_home_with_jars(tmp_path))
    result = runner.invoke(app, ["neo4j", "start", "--home", home, "--heap", "lots"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: heap must be a size such as 512m or 4g (or auto), got 'lots'"
    ]


def memory_settings(uri: str, password: str) -> dict[str, str]:
    """The heap and page cache a running server reports (SHOW SETTINGS), as it prints them."""
    from neo4j import GraphDatabase

    names = ["server.memory.heap.initial_size", "server.memory.heap.max_size", "server.memory.pagecache.size"]
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN *",
                                             names=names)
    return {r["name"].removeprefix("server.memory."): r["value"] for r in records}


@pytest.mark.neo4j
@pytest.mark.slow
def test_cli_start_status_stop_cycle(tmp_path, monkeypatch):
    assert is_installed(NEO4J_HOME), "run `graphkit neo4j install` first"
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", "cycle-test-password")
    monkeypatch.setenv("GRAPHKIT_NEO4J_PAGECACHE", "640m")
    home = _home_with_jars(tmp_path)
    bolt_port = free_port()
    ports = ["--home", str(home), "--bolt-port", str(bolt_port), "--http-port", str(free_port())]
    try:
        started = runner.invoke(app, ["neo4j", "start", *ports, "--json"])
        assert started.exit_code == 0, started.output
        document = json.loads(started.stdout)
        assert document["running"] is True
        # an empty database: the heap's minimum; the page cache as the environment asks
        assert (document["memory"]["heap"], document["memory"]["pagecache"]) == ("1g", "640m")
        assert memory_settings(f"bolt://127.0.0.1:{bolt_port}", "cycle-test-password") == {
            "heap.initial_size": "1.00GiB", "heap.max_size": "1.00GiB", "pagecache.size": "640.00MiB"}
        status = runner.invoke(app, ["neo4j", "status", *ports])
        assert status.exit_code == 0 and "running" in status.stdout
        assert "cycle-test-password" not in started.output + status.output
    finally:
        stopped = runner.invoke(app, ["neo4j", "stop", *ports])
    assert stopped.exit_code == 0
    assert runner.invoke(app, ["neo4j", "status", *ports]).exit_code == 3
