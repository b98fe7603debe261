"""``graphkit plan``: run a campaign file end to end and write the shortlist, the report and the store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli._options import (
    DEFAULT_STORE,
    ClusterOption,
    JsonOption,
    Output,
    QuietOption,
)
from graphkit.cli._store import StoreOptions, store_options

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = ["register"]

_SHOWN = ["rank", "user", "community", "role", "cost", "marginal_reach", "cumulative_reach", "overlap"]


@store_options(
    writes=True,
    location_default=None,
    location_help="A folder or a neo4j:// / bolt:// URI; overrides the campaign's graph.store "
    f"(default: graph.store, else $GRAPHKIT_STORE, else {DEFAULT_STORE}).",
)
def plan(
    campaign_file: Annotated[Path, typer.Argument(readable=False, help="The campaign file (TOML).", show_default=False)],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder; overrides output.folder (default: <name>-plan).", show_default=False),
    ] = None,
    no_write: Annotated[
        bool, typer.Option("--no-write", help="Do not write circles, leaders and the campaign to the store.")
    ] = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    cluster: ClusterOption = None,
    *,
    store: StoreOptions,
) -> None:
    """Plan a campaign: circles, leaders, a KOL shortlist under the budget, a report and the store write-back.

    Writes plan.json, shortlist.csv/.json, budget_curve.csv, budgets.csv, strategies.csv,
    sensitivity.csv, circles.csv and report.html into the output folder, and (unless --no-write or
    output.write_to_store = false) the circles, leaders and the campaign into the store.

    Example: graphkit plan graphkit/campaign/examples/spring-launch.toml
    """
    from graphkit.campaign import (
        PLAN_STEPS,
        campaign_graph,
        load_campaign,
        plan_campaign,
        plan_document,
        write_plan_folder,
        write_plan_to_store,
    )
    from graphkit.campaign.output import check_plan_folder
    from graphkit.campaign.report import format_value
    from graphkit.cluster import connect

    output = Output(json_mode=json_output, quiet=quiet)
    campaign = load_campaign(campaign_file)
    location = store.location or campaign.graph.store or os.environ.get("GRAPHKIT_STORE") or DEFAULT_STORE
    folder = out or Path(campaign.output.folder or f"{campaign.name}-plan")
    check_plan_folder(folder)
    with store.open(output, location) as opened, _steps(output, ("graph", *PLAN_STEPS, "writing")) as step:
        step("graph", "")
        graph, origin = campaign_graph(campaign, opened)
        with connect(cluster or campaign.compute.cluster):
            plan_result = plan_campaign(campaign, graph, progress=step)
        step("writing", "")
        document = plan_document(plan_result, store=opened.location, origin=origin)
        write_plan_folder(document, folder)
        written = None
        if campaign.output.write_to_store and not no_write:
            written = write_plan_to_store(opened, plan_result, document)
    summary = document["summary"]
    report = folder / "report.html"
    if output.json_mode:
        output.emit_json(
            {"folder": str(folder), "report": str(report), "store": document["graph"]["store"],
             "written_to_store": written, "summary": summary, "shortlist": document["shortlist"]}
        )
        return
    shown = [column for column in _SHOWN if column != "cost" or campaign.budget.cost_column is not None]
    shortlist = plan_result.shortlist[shown].rename(
        columns={"community": "circle", "cost": "fee", "marginal_reach": "adds", "cumulative_reach": "total"}
    )
    output.table(shortlist, title=f"KOL shortlist: {campaign.title or campaign.name}")
    cost = ""
    if campaign.budget.cost_column is not None:
        cost = f" for {format_value(summary['spend'], 'money')}"
        cost += "" if summary["budget"] is None else f" of {format_value(summary['budget'], 'money')}"
    output.stdout.print(
        f"{summary['kols']} KOLs{cost}: expected {format_value(summary['reach'], 'whole')} "
        f"{summary['reach_unit']} (95% CI {format_value(summary['ci_low'], 'whole')}-"
        f"{format_value(summary['ci_high'], 'whole')})"
        + ("" if summary["lift"] is None else
           f", {format_value(summary['lift'], 'times')} the best rule of thumb ({summary['best_baseline'].lower()})"),
        highlight=False,
    )
    if written is not None:
        output.note(f"Wrote circles, leaders and campaign {campaign.name!r} to {document['graph']['store']}.")
    output.stdout.print(f"Report: {report}", highlight=False)


class _steps:
    """A progress bar over the plan's ``steps`` on stderr (off under --json, --quiet or no terminal)."""

    def __init__(self, output: Output, steps: tuple[str, ...]) -> None:
        self.output = output
        self.steps = steps
        self.bar: Progress | None = None
        self.task = None
        self.current: str | None = None

    def __enter__(self):
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        if self.output.show_progress:
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                                console=self.output.stderr, transient=True)
            self.bar.__enter__()
            self.task = self.bar.add_task("planning", total=len(self.steps))
        return self.step

    def step(self, name: str, detail: str) -> None:
        if self.bar is None:
            return
        if name != self.current:
            self.current = name
            self.bar.update(self.task, completed=self.steps.index(name))
        self.bar.update(self.task, description=f"{name} {detail}".strip())

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def register(app: typer.Typer) -> None:
    """Add ``plan`` to ``app``."""
    app.command()(plan)
