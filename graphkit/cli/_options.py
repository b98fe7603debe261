"""Options and output helpers shared by every command.

Commands only parse, call the library and format. Output rules: ``--json`` prints one JSON
document on stdout; tables go to stdout; progress bars and notes go to stderr and are off under
``--quiet``, ``--json`` or when stderr is not a terminal.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AUDIENCE_OPTIONS",
    "HELP_MARKUP",
    "StoreOption",
    "JsonOption",
    "QuietOption",
    "RngSeedOption",
    "Neo4jUserOption",
    "Neo4jPasswordOption",
    "Neo4jDatabaseOption",
    "NoWaitOption",
    "Output",
    "DEFAULT_STORE",
    "TABLE_SUFFIXES",
    "check_table_path",
    "parse_targets",
    "split_ids",
    "write_table",
]

TABLE_SUFFIXES = (".csv", ".json", ".parquet")

AUDIENCE_OPTIONS = {
    "where": "--target",
    "value_column": "--value-column",
    "cost_column": "--cost-column",
    "exclude": "--exclude",
    "require": "--require",
    "community_column": "--community-column",
}
"""The option of each part :mod:`graphkit.audience` names in its errors."""

DEFAULT_STORE = "graphkit-store"

HELP_MARKUP = None
"""Every Typer app's ``rich_markup_mode``. None: help is rendered by click's plain formatter, which
puts each option's full name first and wraps its help beside or under it within 80 columns; rich's
boxed help tables cut long option names and environment variables with '…' at 80 columns."""

StoreOption = Annotated[
    str,
    typer.Option(
        "--store",
        envvar="GRAPHKIT_STORE",
        help="A folder (the embedded Parquet store) or a neo4j:// / bolt:// URI.",
        show_default=True,
    ),
]
Neo4jUserOption = Annotated[
    str, typer.Option("--neo4j-user", envvar="GRAPHKIT_NEO4J_USER", help="Neo4j user name.")
]
Neo4jPasswordOption = Annotated[
    str | None,
    typer.Option(
        "--neo4j-password",
        envvar="GRAPHKIT_NEO4J_PASSWORD",
        help="Neo4j password (prefer the environment variable).",
        show_default=False,
    ),
]
Neo4jDatabaseOption = Annotated[
    str, typer.Option("--neo4j-database", envvar="GRAPHKIT_NEO4J_DATABASE", help="Neo4j database name.")
]
NoWaitOption = Annotated[
    bool,
    typer.Option(
        "--no-wait",
        help="If another graphkit process is writing to the (embedded) store, stop with an error instead of waiting.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")]
ClusterOption = Annotated[
    str | None,
    typer.Option(
        "--cluster",
        envvar="GRAPHKIT_CLUSTER",
        help="Run the simulations on a Dask cluster: tcp://HOST:PORT (a running scheduler) or local:N (N worker "
        "processes started for this command). Same results as in process.",
        show_default=False,
    ),
]
RngSeedOption = Annotated[
    int,
    typer.Option("--rng-seed", min=0, help="Seed of all randomness; the same seed gives the same result."),
]


class Output:
    """Where a command's results and progress go, according to ``--json`` and ``--quiet``."""

    def __init__(self, *, json_mode: bool = False, quiet: bool = False) -> None:
        from rich.console import Console

        self.json_mode = json_mode
        self.quiet = quiet
        self.stdout = Console(soft_wrap=True)
        self.stderr = Console(stderr=True)

    @property
    def show_progress(self) -> bool:
        forced = os.environ.get("GRAPHKIT_PROGRESS") == "1"
        return not (self.json_mode or self.quiet) and (forced or sys.stderr.isatty())

    def note(self, message: str) -> None:
        """A line for people on stderr (not under --json or --quiet)."""
        if not (self.json_mode or self.quiet):
            self.stderr.print(message, highlight=False)

    def emit_json(self, document: dict) -> None:
        """The one JSON document of a --json run."""
        from graphkit.results import to_jsonable

        sys.stdout.write(json.dumps(to_jsonable(document), indent=2, ensure_ascii=False) + "\n")

    def table(self, frame: pd.DataFrame, *, title: str | None = None) -> None:
        """Print a table on stdout."""
        import pandas as pd
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in frame.columns:
            table.add_column(
                str(column), justify="right" if pd.api.types.is_numeric_dtype(frame[column]) else "left"
            )
        for row in frame.itertuples(index=False):
            table.add_row(*[_format_cell(value) for value in row])
        self.stdout.print(table)

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[callable]:
        """A rich progress bar on stderr; yields ``advance(n)``."""
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        if not self.show_progress:
            yield lambda _count=1: None
            return
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.stderr,
            transient=True,
        )
        with bar:
            task = bar.add_task(description, total=total)
            yield lambda count=1: bar.advance(task, count)


def parse_targets(targets: list[str] | None) -> dict[str, list[str]]:
    """``--target`` values as a segment for :func:`graphkit.audience.segment_mask`.

    ``["segment=students", "segment=parents", "region=north"]`` -> ``{"segment": [...], "region": [...]}``.
    """
    parsed: dict[str, list[str]] = {}
    for target in targets or []:
        column, sep, value = target.partition("=")
        if not sep or not column:
            raise typer.BadParameter(f"expected COLUMN=VALUE, got {target!r}", param_hint="--target")
        parsed.setdefault(column, []).append(value)
    return parsed


def split_ids(text: str | None) -> list[str]:
    """User ids from a comma-separated option value (empty parts dropped)."""
    return [] if text is None else [part.strip() for part in text.split(",") if part.strip()]


def check_table_path(path: Path | None, option: str = "--out") -> None:
    """Refuse an output path whose suffix is not .csv, .json or .parquet (call before any work)."""
    if path is not None and path.suffix.lower() not in TABLE_SUFFIXES:
        raise InvalidInputError(f"{option} must end in .csv, .json or .parquet, got {str(path)!r}")


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV, JSON (a list of records) or Parquet, chosen by ``path``'s suffix."""
    check_table_path(path)
    suffix = path.suffix.lower()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".csv":
            frame.to_csv(path, index=False)
        elif suffix == ".json":
            frame.to_json(path, orient="records", indent=2, force_ascii=False)
        else:
            frame.to_parquet(path, index=False)
    except OSError as error:
        raise InvalidInputError(f"cannot write: {error.strerror}", path=path) from None


def _format_cell(value: Any) -> str:
    import numpy as np

    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            return ""
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)
