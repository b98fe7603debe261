"""``graphkit seeds``: pick campaign seed users (KOLs) under a seed count or budget, and save the campaign."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from graphkit.cli._model_options import ObjectiveOption, for_graph, model_options
from graphkit.cli._options import (
    AUDIENCE_OPTIONS,
    ClusterOption,
    JsonOption,
    Output,
    QuietOption,
    RngSeedOption,
    check_table_path,
    parse_targets,
    split_ids,
    write_table,
)
from graphkit.cli._store import StoreOptions, store_options
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    from graphkit.diffusion import Model

__all__ = ["register"]

Method = Literal["imm", "celf", "degree", "pagerank", "degree-discount", "community-leaders"]
Sampler = Literal["standard", "subsim"]
Stopping = Literal["imm", "opim-c", "hist"]


@store_options(writes=True)
@model_options
def seeds(
    context: typer.Context,
    k: Annotated[
        int | None, typer.Option("--k", min=1, help="Number of seeds (required ones included).")
    ] = None,
    budget: Annotated[
        float | None,
        typer.Option("--budget", min=0.0, help="Total cost the seeds may have (needs --cost-column)."),
    ] = None,
    cost_column: Annotated[
        str | None, typer.Option("--cost-column", help="User column with each user's cost.")
    ] = None,
    method: Annotated[Method, typer.Option("--method", help="Selection method; imm is the default.")] = "imm",
    objective: ObjectiveOption = "awareness",
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target", help="Target segment COLUMN=VALUE (repeat: values of one column OR, columns AND)."
        ),
    ] = None,
    value_column: Annotated[
        str | None,
        typer.Option("--value-column", help="User column with the customer value of reaching each user."),
    ] = None,
    exclude: Annotated[
        str | None, typer.Option("--exclude", help="Comma-separated user ids never to pick.")
    ] = None,
    require: Annotated[
        str | None, typer.Option("--require", help="Comma-separated user ids always picked.")
    ] = None,
    community_column: Annotated[
        str | None, typer.Option("--community-column", help="User column with a community label per user.")
    ] = None,
    max_per_community: Annotated[
        int | None, typer.Option("--max-per-community", min=1, help="At most this many seeds per community.")
    ] = None,
    eps: Annotated[
        float, typer.Option("--eps", help="IMM approximation slack in (0, 1); smaller is slower.")
    ] = 0.1,
    sampler: Annotated[
        Sampler,
        typer.Option(
            "--sampler",
            help="IMM: how RR sets are drawn. subsim (IC only): subset sampling with geometric skips, same "
            "distribution and guarantee, faster, other seeds than standard for one --rng-seed.",
        ),
    ] = "standard",
    stopping: Annotated[
        Stopping,
        typer.Option(
            "--stopping",
            help="IMM: how many RR sets. opim-c: stop once online bounds prove the (1-1/e-eps) guarantee "
            "(plain --k only), usually far fewer sets than imm's schedule. hist: the same bounds in two "
            "phases, the second on RR sets cut short at a few sentinel seeds (faster on high-influence graphs).",
        ),
    ] = "imm",
    trials: Annotated[
        int,
        typer.Option("--trials", min=2, help="CELF (and IMM adoption): Monte Carlo cascades per evaluation."),
    ] = 1000,
    eval_trials: Annotated[
        int,
        typer.Option(
            "--eval-trials", min=2, help="Cascades of the independent spread estimate of the seeds."
        ),
    ] = 10_000,
    rng_seed: RngSeedOption = 0,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the seeds table to this CSV, JSON or Parquet file.")
    ] = None,
    save_campaign: Annotated[
        str | None,
        typer.Option("--save-campaign", help="Save the result in the store as a campaign of this name."),
    ] = None,
    reach_threshold: Annotated[
        float,
        typer.Option(
            "--reach-threshold",
            min=0.0,
            max=1.0,
            help="Saved REACHES: users reached with at least this probability.",
        ),
    ] = 0.05,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    cluster: ClusterOption = None,
    *,
    model: Model,
    store: StoreOptions,
) -> None:
    """Pick seed users for a campaign (IMM, CELF or a heuristic) under a seed count or budget.

    The reach reported is an independent Monte Carlo estimate of the chosen seeds (only target
    users count when --target is given), with its 95% CI.

    Example: graphkit seeds --budget 5000 --cost-column cost --target segment=students --exclude u17 --save-campaign spring
    """
    from graphkit.audience import campaign_constraints_from_users, reworded
    from graphkit.cluster import connect
    from graphkit.diffusion.seeds import method_options, select_seed_nodes
    from graphkit.writeback import seed_set_rows

    check_table_path(out_file)
    out = Output(json_mode=json_output, quiet=quiet)
    if k is None and budget is None:
        raise typer.BadParameter("give --k or --budget (with --cost-column)", param_hint="--k")
    if budget is not None and cost_column is None:
        raise typer.BadParameter("--budget needs --cost-column", param_hint="--cost-column")
    targets = parse_targets(target)
    options = method_options(
        method, objective=objective, eval_trials=eval_trials, rng=rng_seed, eps=eps, n_trials=trials,
        sampler=sampler, stopping=stopping,
    )
    with store.open(out) as opened:
        graph = opened.read_graph()
        model = for_graph(model, graph, context, out.note)
        with reworded(AUDIENCE_OPTIONS):
            constraints = campaign_constraints_from_users(
                graph,
                k=k,
                budget=budget,
                cost_column=cost_column,
                where=targets,
                value_column=value_column,
                exclude=split_ids(exclude),
                require=split_ids(require),
                community_column=community_column,
                max_per_community=max_per_community,
            )
        if method == "community-leaders" and constraints.communities is None:
            raise InvalidInputError("--method community-leaders needs --community-column")
        with connect(cluster), out.progress(f"picking seeds ({method})", total=None):
            result = select_seed_nodes(graph, model, constraints, method=method, **options)
        if save_campaign is not None:
            opened.write_campaign(*seed_set_rows(graph, save_campaign, result, threshold=reach_threshold))
    if out_file is not None or not out.json_mode:
        table = result.to_frame(graph)
    if out_file is not None:
        write_table(table, out_file)
    document = {
        **result.to_dict(graph),
        "seeds": result.to_records(graph),
        "target": targets or None,
        "campaign": save_campaign,
        "store": opened.location,
    }
    if out.json_mode:
        out.emit_json(document)
        return
    out.table(table.rename(columns={"node_id": "user"}), title=f"Seeds ({method}, {objective})")
    reach_kind = "target-weighted reach" if targets or value_column else f"expected {objective}"
    out.stdout.print(
        f"{reach_kind}: {document['reach']:,.1f} (95% CI {document['ci_low']:,.1f}-{document['ci_high']:,.1f}); "
        f"{len(table)} seeds costing {result.total_cost:,.2f}",
        highlight=False,
    )
    if save_campaign is not None:
        out.note(f"Saved campaign {save_campaign!r} to {opened.location}.")


def register(app: typer.Typer) -> None:
    """Add ``seeds`` to ``app``."""
    app.command()(seeds)
