"""``graphkit neo4j browse``: serve the Neo4j Browser guide and style, print the Browser URL.

Writes the guide, the GraSS style and the favourites zip into a folder, serves that folder on
``localhost`` with CORS (Browser fetches guides and styles cross-origin), and prints the Browser
address that signs in to the local server and opens the guide, plus the ``post_connect_cmd``
value that makes the server open them after every connect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli._options import JsonOption, Neo4jDatabaseOption, Neo4jUserOption, Output, QuietOption
from graphkit.cli.neo4j import BoltPortOption, HttpPortOption, neo4j_app

__all__ = ["browse", "register"]


def browse(
    folder: Annotated[
        Path, typer.Option("--out", help="Folder for guide.html, graphkit.grass and the favourites zip.")
    ] = Path("graphkit-browser"),
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port of the guide server on localhost.")
    ] = 8765,
    http_port: HttpPortOption = 7474,
    bolt_port: BoltPortOption = 7687,
    neo4j_user: Neo4jUserOption = "neo4j",
    neo4j_database: Neo4jDatabaseOption = "neo4j",
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve until Ctrl-C, or only write the files.")
    ] = True,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Serve the exploration guide and style for Neo4j Browser and print the Browser URL.

    Example: graphkit neo4j browse --port 8765   (then open the printed URL and sign in)
    """
    from graphkit.browser import GuideServer, browser_url, build_browser_kit, post_connect_command
    from graphkit.browser.kit import GUIDE_FILE, STYLE_FILE

    out = Output(json_mode=json_output, quiet=quiet)
    server = None
    if serve:
        folder.mkdir(parents=True, exist_ok=True)
        server = GuideServer(folder, port=port).start()
    base_url = server.url if server is not None else f"http://localhost:{port}"
    try:
        kit = build_browser_kit(folder, base_url=base_url)
        document = {
            "browser_url": browser_url(
                f"http://127.0.0.1:{http_port}",
                f"bolt://127.0.0.1:{bolt_port}",
                guide_url=f"{base_url}/{GUIDE_FILE}",
                user=neo4j_user,
                database=neo4j_database,
            ),
            "guide_url": f"{base_url}/{GUIDE_FILE}",
            "style_url": f"{base_url}/{STYLE_FILE}",
            "favourites": str(kit.favourites),
            "post_connect_cmd": post_connect_command(base_url),
            "serving": serve,
        }
        if out.json_mode:
            out.emit_json(document)
        else:
            out.stdout.print(
                f"Open Neo4j Browser: {document['browser_url']}", highlight=False, soft_wrap=True
            )
            out.note(f"Guide {document['guide_url']}  style {document['style_url']}")
            out.note(f"Favourites: drop {kit.favourites} onto the Browser window.")
            out.note(
                f"To open them on every connect: browser.post_connect_cmd={document['post_connect_cmd']}"
            )
        if server is not None:
            out.note("Serving the guide; press Ctrl-C to stop.")
            server.serve_forever()
    finally:
        if server is not None:
            server.stop()


def register(app: typer.Typer) -> None:
    """Add ``browse`` to the ``neo4j`` command group (register the group on ``app`` first)."""
    if not any(command.name == "browse" for command in neo4j_app.registered_commands):
        neo4j_app.command("browse")(browse)
