"""The ``graphkit`` command: the root Typer app, its command groups, and error handling.

Exit codes: 0 ok, 1 input or analysis error, 2 usage error, 3 store unreachable or auth failed.
Errors print one ``Error: ...`` line on stderr; tracebacks never show local variables, so a
password can't leak through one.
"""

from __future__ import annotations

import logging

import typer
from typer.core import TyperGroup

from graphkit.cli import (
    analysis,
    browse,
    demo,
    diffusion_seeds,
    diffusion_simulate,
    fit,
    info,
    load,
    neo4j,
    plan,
)
from graphkit.cli._memory import keep_large_blocks_unmapped
from graphkit.cli._options import HELP_MARKUP
from graphkit.errors import ClusterUnavailableError, GraphkitError, ServerError, StoreUnavailableError

__all__ = ["app", "main", "exit_code_of"]


def exit_code_of(error: GraphkitError) -> int:
    """1 for input and analysis errors, 3 when a store, server or cluster is unreachable."""
    return 3 if isinstance(error, (StoreUnavailableError, ServerError, ClusterUnavailableError)) else 1


class _GraphkitGroup(TyperGroup):
    """Turns a GraphkitError anywhere below into one ``Error:`` line and its exit code."""

    def invoke(self, ctx):
        # The Neo4j driver logs every transaction it retries (deadlocks between concurrent writers)
        # and every connection it finds broken; the store retries them or reports them in one
        # `Error:` line, and people need only its outcome.
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)
        try:
            return super().invoke(ctx)
        except GraphkitError as error:
            message = str(error).strip().replace("\n", "\n  ")
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(exit_code_of(error)) from None


app = typer.Typer(
    name="graphkit",
    cls=_GraphkitGroup,
    help="Social-influence graph analysis: strong/weak ties, circles, opinion leaders, spread, KOL seeds.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=HELP_MARKUP,
)

for group in (plan, analysis, demo, diffusion_seeds, diffusion_simulate, fit, info, load, neo4j, browse):
    group.register(app)


def main() -> None:
    """Console-script entry point."""
    keep_large_blocks_unmapped()
    app()
