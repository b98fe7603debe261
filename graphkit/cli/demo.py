"""``graphkit demo``: the main job on generated data and the embedded store, no server needed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli._options import JsonOption, Output, QuietOption, RngSeedOption
from graphkit.cli.info import print_summary
from graphkit.errors import InvalidInputError

__all__ = ["register"]

_DEMO_MARKER = ".graphkit-demo"


def demo(
    store: Annotated[Path, typer.Option("--store", help="Folder of the embedded store to create.")] = Path("graphkit-demo"),
    users: Annotated[int, typer.Option("--users", min=50, help="Number of generated users.")] = 5000,
    rng_seed: RngSeedOption = 7,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Generate an example social network, load it into an embedded store, and summarise it.

    The store folder is replaced on every run; a folder with other contents is refused.

    Example: graphkit demo --store graphkit-demo --users 5000
    """
    from graphkit.analysis.summary import summarize_graph
    from graphkit.generate import generate_social_graph
    from graphkit.store import open_store

    out = Output(json_mode=json_output, quiet=quiet)
    marker = store / _DEMO_MARKER
    if store.is_dir() and any(store.iterdir()) and not marker.is_file():
        raise InvalidInputError(
            "the folder holds files that `graphkit demo` did not write; the demo replaces its store's "
            "contents, so choose another --store",
            path=store,
        )
    graph = generate_social_graph(n_users=users, rng=rng_seed)
    opened = open_store(store)
    try:
        opened.clear()
        with out.progress("loading", total=graph.n_nodes + graph.n_ties) as advance:
            opened.write_graph(graph, progress=advance)
        marker.touch()
        summary = summarize_graph(opened.read_graph())
        summary["store"] = opened.location
    finally:
        opened.close()
    if out.json_mode:
        out.emit_json(summary)
        return
    print_summary(out, summary)
    out.note(f"Store written to {store}/ - try: graphkit info --store {store}")


def register(app: typer.Typer) -> None:
    """Add ``demo`` to ``app``."""
    app.command()(demo)
