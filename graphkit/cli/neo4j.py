"""``graphkit neo4j install|start|stop|status``: a local Neo4j server for graphkit."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli._options import HELP_MARKUP, JsonOption, Neo4jPasswordOption, Output, QuietOption

if TYPE_CHECKING:
    from graphkit.server import Neo4jServer

__all__ = ["register"]

HomeOption = Annotated[
    Path,
    typer.Option("--home", envvar="GRAPHKIT_NEO4J_HOME", help="Folder for the server's jars, data and logs."),
]
BoltPortOption = Annotated[int, typer.Option("--bolt-port", envvar="GRAPHKIT_NEO4J_BOLT_PORT", min=1, max=65535)]
HttpPortOption = Annotated[int, typer.Option("--http-port", envvar="GRAPHKIT_NEO4J_HTTP_PORT", min=1, max=65535)]

HeapOption = Annotated[
    str,
    typer.Option("--heap", envvar="GRAPHKIT_NEO4J_HEAP",
                 help="JVM heap, e.g. 4g; auto: 1g + 32 bytes a tie, within 75% of the memory available. "
                 "A write-back is one transaction: 1g holds about 100,000 users' results."),
]
PagecacheOption = Annotated[
    str,
    typer.Option("--pagecache", envvar="GRAPHKIT_NEO4J_PAGECACHE",
                 help="Neo4j page cache, e.g. 2g; auto: 1.25 x the store files (at least 512m), within 75% "
                 "of the memory available."),
]

DEFAULT_BASE_URL = "http://localhost:8765"

neo4j_app = typer.Typer(
    help="Install, start, stop and check a local Neo4j Community server.",
    no_args_is_help=True,
    rich_markup_mode=HELP_MARKUP,
)


def _server(home: Path, bolt_port: int, http_port: int, password: str | None = None, **settings) -> Neo4jServer:
    from graphkit.server import Neo4jServer, ServerConfig

    config = ServerConfig(home=home, bolt_port=bolt_port, http_port=http_port, password=password, **settings)
    return Neo4jServer(config)


@neo4j_app.command()
def install(home: HomeOption = Path(".neo4j"), quiet: QuietOption = False) -> None:
    """Assemble Neo4j Community 5.26 and Neo4j Browser from Maven Central into HOME/lib, APOC
    core and Graph Data Science into HOME/plugins.

    Example: graphkit neo4j install --home .neo4j
    """
    from graphkit.server import APOC_VERSION, GDS_VERSION, NEO4J_VERSION, install_server

    out = Output(quiet=quiet)
    out.note(f"Assembling Neo4j {NEO4J_VERSION}, APOC {APOC_VERSION} and GDS {GDS_VERSION} with Maven "
             "(cached in ~/.m2) ...")
    lib = install_server(home)
    out.note(f"Installed into {lib} and {lib.parent / 'plugins'}")


@neo4j_app.command()
def start(
    home: HomeOption = Path(".neo4j"),
    password: Neo4jPasswordOption = None,
    bolt_port: BoltPortOption = 7687,
    http_port: HttpPortOption = 7474,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a Bolt query to answer.")] = 120.0,
    heap: HeapOption = "auto",
    pagecache: PagecacheOption = "auto",
    browser_kit: Annotated[
        bool,
        typer.Option(
            "--browser-kit",
            help="Make Neo4j Browser load graphkit's style and guide after each sign-in "
            "(served by `graphkit neo4j browse` on http://localhost:8765).",
        ),
    ] = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Start the server (installing it first if needed) and wait until Bolt answers.

    Example: GRAPHKIT_NEO4J_PASSWORD=change-me-please graphkit neo4j start
    """
    from graphkit.browser.kit import post_connect_command
    from graphkit.server import install_server
    from graphkit.server.memory import store_on_disk

    out = Output(json_mode=json_output, quiet=quiet)
    install_server(home)
    post_connect_cmd = post_connect_command(DEFAULT_BASE_URL) if browser_kit else None
    server = _server(home, bolt_port, http_port, password, post_connect_cmd=post_connect_cmd)
    plan = None
    if not server.status().running:  # sized from the database already in HOME, if any
        store_bytes, ties = store_on_disk(home)
        plan = server.size_for(users=0, ties=ties, store_bytes=store_bytes, heap=heap, pagecache=pagecache)
    status = server.start(timeout=timeout)
    if plan is not None:
        out.note(plan.describe())
    _report(out, status, plan)


@neo4j_app.command()
def stop(
    home: HomeOption = Path(".neo4j"),
    bolt_port: BoltPortOption = 7687,
    http_port: HttpPortOption = 7474,
    quiet: QuietOption = False,
) -> None:
    """Stop the server started from HOME.

    Example: graphkit neo4j stop
    """
    stopped = _server(home, bolt_port, http_port).stop()
    Output(quiet=quiet).note("Neo4j stopped." if stopped else "Neo4j was not running.")


@neo4j_app.command()
def status(
    home: HomeOption = Path(".neo4j"),
    bolt_port: BoltPortOption = 7687,
    http_port: HttpPortOption = 7474,
    json_output: JsonOption = False,
) -> None:
    """Say whether the server from HOME runs; exit 3 when it does not.

    Example: graphkit neo4j status --json
    """
    server_status = _server(home, bolt_port, http_port).status()
    _report(Output(json_mode=json_output), server_status)
    if not server_status.running:
        raise typer.Exit(3)


def _report(out: Output, server_status, plan=None) -> None:
    document = {
        "running": server_status.running,
        "pid": server_status.pid,
        "version": server_status.version,
        "bolt": server_status.bolt_uri,
        "browser": f"{server_status.http_url}/browser/",
    }
    if plan is not None:
        document["memory"] = dataclasses.asdict(plan)
    if out.json_mode:
        out.emit_json(document)
        return
    if server_status.running:
        out.stdout.print(
            f"Neo4j {server_status.version or ''} running (pid {server_status.pid}): "
            f"Bolt {server_status.bolt_uri}, Browser {server_status.http_url}/browser/",
            highlight=False,
        )
    else:
        out.stdout.print("Neo4j is not running.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``neo4j`` command group to ``app``."""
    app.add_typer(neo4j_app, name="neo4j")
