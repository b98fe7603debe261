"""``graphkit simulate``: Monte Carlo spread of a seed set under IC or LT, awareness or adoption."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    write_table,
)
from graphkit.cli._store import StoreOptions, store_options
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from graphkit.diffusion import Model
    from graphkit.diffusion.simulate import SpreadEstimate

__all__ = ["read_seed_ids", "register"]

_TOP_USERS = 10


def read_seed_ids(seeds: str | None, seeds_file: Path | None) -> list[str]:
    """Seed user ids from ``--seeds a,b,c`` or ``--seeds-file`` (one id per line, ``#`` comments)."""
    if (seeds is None) == (seeds_file is None):
        raise typer.BadParameter("give exactly one of --seeds or --seeds-file", param_hint="--seeds")
    if seeds is not None:
        ids = [part.strip() for part in seeds.split(",")]
    else:
        try:
            lines = seeds_file.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise InvalidInputError(f"cannot read seeds file: {error.strerror}", path=seeds_file) from None
        ids = [line.split("#", 1)[0].strip() for line in lines]
    ids = [node_id for node_id in ids if node_id]
    seen: set[str] = set()
    for node_id in ids:
        if node_id in seen:
            raise InvalidInputError(f"seed {node_id!r} is listed twice")
        seen.add(node_id)
    return ids


@store_options(writes=False)
@model_options
def simulate(
    context: typer.Context,
    seeds: Annotated[str | None, typer.Option("--seeds", help="Comma-separated seed user ids.")] = None,
    seeds_file: Annotated[
        Path | None,
        typer.Option("--seeds-file", readable=False, help="File with one seed user id per line ('#' starts a comment)."),
    ] = None,
    objective: ObjectiveOption = "awareness",
    trials: Annotated[int, typer.Option("--trials", min=2, help="Number of simulated cascades.")] = 1000,
    rng_seed: RngSeedOption = 0,
    target: Annotated[
        str | None,
        typer.Option("--target", help="Target segment COLUMN=VALUE: also report reach among those users."),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="User column to report reach per value of (e.g. circle).")
    ] = None,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Write per-user probabilities to this CSV, JSON or Parquet file."),
    ] = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    cluster: ClusterOption = None,
    *,
    model: Model,
    store: StoreOptions,
) -> None:
    """Estimate how far a seed set spreads: mean, 95% CI, per-step curve, reach per segment and user.

    Example: graphkit simulate --seeds u1,u2 --model ic --p-strong 0.1 --p-weak 0.01 --objective adoption --trials 10000
    """
    import pandas as pd

    from graphkit.audience import reworded, segment_mask
    from graphkit.cluster import connect
    from graphkit.diffusion.simulate import estimate_spread

    check_table_path(out_file)
    out = Output(json_mode=json_output, quiet=quiet)
    seed_ids = read_seed_ids(seeds, seeds_file)
    with store.open(out) as opened:
        graph = opened.read_graph()
    model = for_graph(model, graph, context, out.note)
    seed_nodes = graph.indices_of(seed_ids)
    mask = None
    if target is not None:
        with reworded(AUDIENCE_OPTIONS):
            mask = segment_mask(graph.users, parse_targets([target]))
    labels = groups = None
    if by is not None:
        if by not in graph.users.columns:
            raise InvalidInputError(f"--by: users have no column {by!r}")
        labels, groups = pd.factorize(graph.users[by].astype(str), sort=True)
    with connect(cluster), out.progress(f"simulating {trials:,} cascades", total=None):
        estimate = estimate_spread(
            graph,
            seed_nodes,
            model,
            objective=objective,
            n_trials=trials,
            target_weights=mask,
            communities=labels,
            rng=rng_seed,
        )
    users = estimate.to_frame(graph.node_ids)
    if out_file is not None:
        write_table(users, out_file)
    document = _document(estimate, seed_ids, target, by, groups, users)
    if out.json_mode:
        out.emit_json(document)
        return
    _print(out, estimate, document)
    if out_file is not None:
        out.note(f"per-user probabilities written to {out_file}")


def _document(
    estimate: SpreadEstimate,
    seed_ids: list[str],
    target: str | None,
    by: str | None,
    groups: pd.Index | None,
    users: pd.DataFrame,
) -> dict:
    full = estimate.to_dict()
    document = {
        "seeds": seed_ids,
        **{key: full[key] for key in ("objective", "mean", "std_error", "ci_low", "ci_high", "n_trials")},
        "awareness_mean": estimate.awareness_mean,
        "adoption_mean": estimate.adoption_mean,
        "curve": {"new": full["new_per_step"], "cumulative": full["cumulative_per_step"]},
        "top_users": users.head(_TOP_USERS).to_dict("records"),
        "params": estimate.params,
    }
    if target is not None:
        document["target"] = {
            "segment": target,
            "reach": estimate.target_reach,
            "std_error": estimate.target_std_error,
        }
    if by is not None:
        document["reach_by"] = {
            "column": by,
            "reach": dict(zip(groups.tolist(), estimate.community_reach.tolist())),
        }
    return document


def _print(out: Output, estimate: SpreadEstimate, document: dict) -> None:
    import numpy as np
    import pandas as pd

    out.stdout.print(
        f"[bold]{estimate.objective}[/bold] spread of {len(document['seeds'])} seed(s): "
        f"{estimate.mean:,.2f} users (95% CI {estimate.ci_low:,.2f} to {estimate.ci_high:,.2f}, "
        f"std error {estimate.std_error:,.3f}; {estimate.n_trials:,} trials, rng seed {estimate.params['rng_seed']})",
        highlight=False,
    )
    out.stdout.print(
        f"aware: {estimate.awareness_mean:,.2f}   adopting: {estimate.adoption_mean:,.2f}", highlight=False
    )
    if "target" in document:
        target = document["target"]
        out.stdout.print(
            f"reach in target {target['segment']}: {target['reach']:,.2f} (std error {target['std_error']:,.3f})",
            highlight=False,
        )
    curve = pd.DataFrame(
        {
            "step": np.arange(len(estimate.new_per_step)),
            "new": estimate.new_per_step,
            "cumulative": estimate.cumulative_per_step,
        }
    )
    out.table(curve, title="Mean users counted per step (step 0 = seeds)")
    if "reach_by" in document:
        reach = document["reach_by"]
        frame = pd.DataFrame({reach["column"]: list(reach["reach"]), "reach": list(reach["reach"].values())})
        out.table(
            frame.sort_values("reach", ascending=False, kind="stable"), title=f"Reach by {reach['column']}"
        )
    out.table(pd.DataFrame(document["top_users"]), title="Most likely users")


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to ``app``."""
    app.command()(simulate)
