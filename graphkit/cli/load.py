"""``graphkit load``: read users and ties from files, label ties, and write them to a store."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import Annotated, Literal

import typer

from graphkit.cli._options import (
    JsonOption,
    Output,
    QuietOption,
)
from graphkit.cli._store import StoreOptions, store_options
from graphkit.cli.info import print_summary
from graphkit.errors import InvalidInputError

__all__ = ["register"]


@store_options(writes=True)
def load(
    # readable=False: an unreadable file is an input error the reader names (exit 1), not a usage error
    ties: Annotated[Path, typer.Option("--ties", readable=False,
                                       help="Ties, edge list or interaction log (CSV, Parquet, text, .gz).")],
    users: Annotated[Path | None, typer.Option("--users", readable=False,
                                               help="Users table (CSV or Parquet) with an id column (--id-column).")] = None,
    id_column: Annotated[str, typer.Option("--id-column", help="The users table's id column.")] = "id",
    source_column: Annotated[str, typer.Option("--source-column", help="Ties tables: the first end's column.")] = "source",
    target_column: Annotated[str, typer.Option("--target-column", help="Ties tables: the second end's column.")] = "target",
    fmt: Annotated[
        Literal["auto", "table", "edgelist", "interactions"],
        typer.Option("--format", help="How to read --ties; auto: by suffix (.csv/.parquet table, else edge list)."),
    ] = "auto",
    directed: Annotated[bool, typer.Option("--directed/--undirected", help="One-way ties (follows) or mutual ties (friendships).")] = True,
    flow: Annotated[
        Literal["source-to-target", "target-to-source"],
        typer.Option("--flow", help="What a tie 'a b' means for influence: a's posts reach b (source-to-target), "
                     "or a follows b, so influence flows b -> a (target-to-source). `graphkit fit` prints which one "
                     "the cascades support."),
    ] = "source-to-target",
    third_column: Annotated[
        Literal["weight", "count"],
        typer.Option("--third-column", help="Edge lists: the third column is the tie's weight, or its interaction "
                     "count (read by tie labelling)."),
    ] = "weight",
    self_loops: Annotated[
        Literal["drop", "keep", "error"], typer.Option("--self-loops", help="What to do with a tie from a user to itself.")
    ] = "drop",
    duplicates: Annotated[
        Literal["merge", "first", "error"],
        typer.Option("--duplicates", help="merge: sum weights, keep the first label; first: keep the first row; error."),
    ] = "merge",
    unknown_users: Annotated[
        Literal["create", "reject"],
        typer.Option("--unknown-users", help="A tie to a user in neither --users nor the store: create the user, or reject the load."),
    ] = "create",
    min_interactions: Annotated[
        int, typer.Option("--min-interactions", min=1, help="Labelling: interactions a strong tie needs.")
    ] = 3,
    require_reciprocity: Annotated[
        bool,
        typer.Option("--require-reciprocity/--no-require-reciprocity", help="Labelling: strong ties must be two-way."),
    ] = True,
    reciprocity: Annotated[  # the short spelling, hidden so the help's option column fits 80 columns
        bool | None, typer.Option("--reciprocity/--no-reciprocity", hidden=True, show_default=False)
    ] = None,
    max_silence_days: Annotated[
        float | None, typer.Option("--max-silence-days", min=0, help="Labelling: ties silent longer than this are weak.")
    ] = None,
    min_overlap: Annotated[
        float,
        typer.Option("--min-overlap", min=0, max=1, help="Labelling without interaction data: neighbourhood overlap a strong tie needs."),
    ] = 0.1,
    bulk: Annotated[
        bool | None,
        typer.Option("--bulk/--no-bulk", show_default=False,
                     help="Load an empty database of the local server graphkit manages with neo4j-admin import "
                     "(it restarts the server); default: when possible, else over Bolt. --bulk insists."),
    ] = None,
    neo4j_home: Annotated[
        Path, typer.Option("--neo4j-home", envvar="GRAPHKIT_NEO4J_HOME",
                           help="Where `graphkit neo4j start` keeps the local server (for --bulk).")
    ] = Path(".neo4j"),
    neo4j_heap: Annotated[
        str, typer.Option("--neo4j-heap", envvar="GRAPHKIT_NEO4J_HEAP",
                          help="The local server's heap for this load, e.g. 4g; auto: sized from the graph.")
    ] = "auto",
    neo4j_pagecache: Annotated[
        str, typer.Option("--neo4j-pagecache", envvar="GRAPHKIT_NEO4J_PAGECACHE",
                          help="The local server's page cache for this load, e.g. 8g; auto: sized from the "
                          "graph.")
    ] = "auto",
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    *,
    store: StoreOptions,
) -> None:
    """Load users and ties into a store; unlabelled ties are labelled strong or weak.

    Ties without a `tie` column are labelled from interaction counts, reciprocity and recency
    when the input has them (interaction logs), else from neighbourhood overlap.

    The whole input is validated before anything is written: a bad row stops the load with one
    `Error:` line naming file, line and field, and the store is left as it was. Loading the same
    files again changes nothing.

    A first load into the empty database of the local Neo4j server graphkit manages goes by
    `neo4j-admin database import full` (the server stops and restarts around it). The local
    server's heap and page cache are sized from the graph (restarting it when it needs more).

    Example: graphkit load --users users.csv --ties ties.csv --store my-store
    """
    from graphkit.analysis.summary import summarize_graph
    from graphkit.cli._bulk import bulk_importer, size_for_load
    from graphkit.io import read_graph_files
    from graphkit.io.labelling import TieRule
    from graphkit.store._tables import ColumnKindError

    out = Output(json_mode=json_output, quiet=quiet)
    with store.open(out) as opened:
        importer = bulk_importer(opened, bulk, neo4j_home, user=store.user, password=store.password)
        started = time.perf_counter()
        graph, report = read_graph_files(
            ties,
            users,
            fmt=fmt,
            directed=directed,
            self_loops=self_loops,
            duplicates=duplicates,
            unknown_users=unknown_users,
            labelling=TieRule(
                min_interactions=min_interactions,
                require_reciprocity=require_reciprocity if reciprocity is None else reciprocity,
                max_silence_days=max_silence_days,
                min_overlap=min_overlap,
            ),
            known_ids=opened.existing_user_ids,
            flow=flow,
            third_column=third_column,
            id_column=id_column,
            source_column=source_column,
            target_column=target_column,
        )
        read_seconds = time.perf_counter() - started
        memory = size_for_load(opened, graph, neo4j_home, importer=importer, bulk=bulk, user=store.user,
                               password=store.password, heap=neo4j_heap, pagecache=neo4j_pagecache)
        if memory is not None:
            out.note(memory["note"])
        with out.progress(f"writing to {opened.location}", total=graph.n_nodes + graph.n_ties) as advance:
            try:
                if bulk:
                    written = opened.import_graph(graph, importer=importer, progress=advance)
                else:
                    if importer is not None:
                        opened.importer = importer
                    written = opened.write_graph(graph, progress=advance)
            except ColumnKindError as error:  # name the file the column came from
                source = users if error.table == "users" and users is not None else ties
                raise InvalidInputError(error.reason, path=source, field=error.column) from None
        summary = summarize_graph(graph)
        summary["store"] = opened.location
        imported = getattr(opened, "last_import", None)
    document = {
        "store": summary["store"],
        "read": dataclasses.asdict(report),
        "read_seconds": round(read_seconds, 3),
        "written": {
            "users": written.users_written,
            "ties": written.ties_written,
            "seconds": round(written.seconds, 3),
            "ties_per_second": round(written.ties_written / written.seconds) if written.seconds else None,
            "bulk_import": None if imported is None else {step: round(s, 3) for step, s in imported.items()},
        },
        "store_counts": dataclasses.asdict(written.counts),
        "neo4j_memory": memory,
        "loaded_graph": summary,
    }
    if out.json_mode:
        out.emit_json(document)
        return
    print_summary(out, summary)
    out.note(str(report))
    how = "" if imported is None else " by neo4j-admin import (server restarted)"
    out.note(
        f"Wrote {written.users_written:,} users and {written.ties_written:,} ties{how} in {written.seconds:.1f} s; "
        f"the store now holds {written.counts.users:,} users and {written.counts.ties:,} ties."
    )


def register(app: typer.Typer) -> None:
    """Add ``load`` to ``app``."""
    app.command()(load)
