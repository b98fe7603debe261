"""``graphkit info``: what a store holds."""

from __future__ import annotations

import typer

from graphkit.cli._options import (
    JsonOption,
    Output,
)
from graphkit.cli._store import StoreOptions, store_options

__all__ = ["register", "print_summary"]


@store_options(writes=False)
def info(
    json_output: JsonOption = False,
    *,
    store: StoreOptions,
) -> None:
    """Counts, strong/weak split, tie labelling and degree summary of the stored graph.

    Example: graphkit info --store graphkit-store --json
    """
    from graphkit.analysis.summary import summarize_graph

    out = Output(json_mode=json_output)
    with store.open(out) as opened:
        summary = summarize_graph(opened.read_graph())
        summary["store"] = opened.location
    if out.json_mode:
        out.emit_json(summary)
    else:
        print_summary(out, summary)


def print_summary(out: Output, summary: dict) -> None:
    """Print ``summarize_graph`` output as two small tables."""
    import pandas as pd

    kind = "directed" if summary["directed"] else "undirected"
    out.stdout.print(
        f"[bold]{summary.get('store', 'graph')}[/bold]: {summary['users']:,} users, {summary['ties']:,} {kind} ties "
        f"({summary['strong_ties']:,} strong = {summary['strong_share']:.1%}, {summary['weak_ties']:,} weak)",
        highlight=False,
    )
    labelled = ", ".join(f"{rule}: {count:,}" for rule, count in summary["labelled_by"].items())
    out.stdout.print(f"ties labelled by {labelled or '-'}", highlight=False)
    degree_keys = [key for key in ("degree", "out_degree", "in_degree") if key in summary]
    frame = pd.DataFrame([{"": key.replace("_", " "), **summary[key]} for key in degree_keys])
    out.table(frame, title="Degrees")


def register(app: typer.Typer) -> None:
    """Add ``info`` to ``app``."""
    app.command()(info)
