"""``graphkit communities`` and ``graphkit leaders``: circles, opinion leaders and bridges.

Both read the graph from the store, analyse it, write the result back (unless ``--no-write``)
and print tables, or one JSON document under ``--json``; ``--out`` exports the per-user table as
CSV, JSON or Parquet (by suffix): every user, whatever ``--top`` says (``leaders --out-top``
writes the Top table as shown). When a cascade fit stored each user's influence
(``graphkit fit --write``), ``leaders`` adds it to every table (predicted, observed, combined, and the
cascades the figures rest on) and can rank by it (``--sort-by combined``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit.cli._options import (
    JsonOption,
    Output,
    QuietOption,
    RngSeedOption,
    check_table_path,
    write_table,
)
from graphkit.cli._store import StoreOptions, store_options
from graphkit.defaults import STRONG_TIE_WEIGHT, WEAK_TIE_WEIGHT
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from graphkit.analysis.communities import Partition
    from graphkit.analysis.leaders import Leaders
    from graphkit.graph import SocialGraph

__all__ = ["communities", "leaders", "register"]


class SortBy(str, Enum):
    leader_score = "leader-score"
    combined = "combined"


class Method(str, Enum):
    leiden = "leiden"
    louvain = "louvain"
    infomap = "infomap"
    lpa = "lpa"


MethodOption = Annotated[Method, typer.Option("--method", help="Community detection method.")]
ResolutionOption = Annotated[
    float | None,
    typer.Option(
        "--resolution", help="Modularity resolution (leiden/louvain; default 1.0): higher = smaller circles."
    ),
]
StrongWeightOption = Annotated[float, typer.Option("--strong-weight", help="Edge weight of a strong tie.")]
WeakWeightOption = Annotated[float, typer.Option("--weak-weight", help="Edge weight of a weak tie.")]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Export the per-user table to FILE.csv, FILE.json or FILE.parquet."),
]
LeadersOutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Export every user's scores, circle and role (not only the --top list) to FILE.csv, "
        ".json or .parquet.",
    ),
]
OutTopOption = Annotated[
    Path | None,
    typer.Option("--out-top", help="Export the Top table as shown (--top rows, --sort-by order) to FILE.csv, .json or .parquet."),
]
NoWriteOption = Annotated[bool, typer.Option("--no-write", help="Do not write the result back to the store.")]
CompareOption = Annotated[
    str | None,
    typer.Option("--compare-with", help="User attribute with known groups: report NMI and ARI against it."),
]


def _comparison(graph: SocialGraph, partition: Partition, column: str | None) -> dict | None:
    if column is None:
        return None
    if column not in graph.users.columns or column == "id":
        attributes = [name for name in graph.users.columns if name != "id"]
        raise InvalidInputError(
            f"--compare-with must name a user attribute ({', '.join(attributes) or 'none stored'}), got {column!r}"
        )
    labels = graph.users[column]
    if labels.isna().any():
        raise InvalidInputError(f"user attribute {column!r} is missing for {int(labels.isna().sum())} users")
    return {"attribute": column, **partition.compare(labels.to_numpy())}


def _partition_summary(partition: Partition, comparison: dict | None) -> dict:
    return {
        "method": partition.params["algorithm"],
        "n_communities": partition.n_communities,
        "modularity": partition.modularity,
        "largest_sizes": partition.sizes[:10].tolist(),
        "comparison": comparison,
        "params": partition.params,
    }


def _print_partition(out: Output, store: str, partition: Partition, comparison: dict | None) -> None:
    line = (
        f"[bold]{store}[/bold]: {partition.params['algorithm']} found {partition.n_communities:,} circles, "
        f"modularity {partition.modularity:.4f}"
    )
    if comparison:
        line += f"; vs {comparison['attribute']!r}: NMI {comparison['nmi']:.3f}, ARI {comparison['ari']:.3f}"
    out.stdout.print(line, highlight=False)


@store_options(writes=True)
def communities(
    method: MethodOption = Method.leiden,
    resolution: ResolutionOption = None,
    strong_weight: StrongWeightOption = STRONG_TIE_WEIGHT,
    weak_weight: WeakWeightOption = WEAK_TIE_WEIGHT,
    rng_seed: RngSeedOption = 0,
    compare_with: CompareOption = None,
    out: OutOption = None,
    no_write: NoWriteOption = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    *,
    store: StoreOptions,
) -> None:
    """Find social circles (communities) and write each user's circle back to the store.

    Example: graphkit communities --method leiden --resolution 1.0 --rng-seed 7 --out circles.csv
    """
    from graphkit.analysis.communities import detect_communities
    from graphkit.analysis.weights import TieWeights
    from graphkit.writeback import write_analysis

    check_table_path(out)
    weights = TieWeights(strong=strong_weight, weak=weak_weight)
    output = Output(json_mode=json_output, quiet=quiet)
    with store.open(output) as opened:
        with output.progress("communities", total=2 if no_write else 3) as advance:
            graph = opened.read_graph()
            advance()
            partition = detect_communities(
                graph, method.value, resolution=resolution, weights=weights, rng=rng_seed
            )
            advance()
            comparison = _comparison(graph, partition, compare_with)
            if not no_write:
                write_analysis(opened, graph, partition)
                advance()
        location = opened.location
    frame = partition.communities_frame()
    frame["members"] = [
        ", ".join(graph.node_ids[partition.members(c)[:5]]) + (" ..." if size > 5 else "")
        for c, size in enumerate(partition.sizes)
    ]
    if out is not None:
        write_table(partition.to_frame(graph.node_ids), out)
    if output.json_mode:
        output.emit_json(
            {
                "store": location,
                **_partition_summary(partition, comparison),
                "written": not no_write,
                "communities": frame.drop(columns="members"),
                "out": None if out is None else str(out),
            }
        )
        return
    _print_partition(output, location, partition, comparison)
    output.table(frame.head(20), title="Largest circles" if partition.n_communities > 20 else "Circles")
    if not no_write:
        output.note(f"wrote circles of {graph.n_nodes:,} users to {location}")
    if out is not None:
        output.note(f"exported {graph.n_nodes:,} rows to {out}")


_LEADER_COLUMNS = ["community", "rank", "id", "leader_score", "role", "why"]
_TOP_COLUMNS = ["id", "community", "leader_score", "role", "pagerank", "coreness", "strong_degree", "degree"]
_BRIDGE_COLUMNS = [
    "id",
    "community",
    "bridge_score",
    "participation",
    "constraint",
    "cross_ties",
    "cross_weak_ties",
]

_INFLUENCE_HEADINGS = {  # the printed table's short names of the influence columns
    "influence_predicted": "predicted",
    "influence_observed": "observed",
    "influence_combined": "combined",
    "influence_cascades": "cascades",
}


def _with_influence(rows: pd.DataFrame, influence: pd.DataFrame | None) -> pd.DataFrame:
    """``rows`` (one user each, by ``node_idx``) with the users' fitted influence columns appended, if any."""
    import pandas as pd

    if influence is None:
        return rows
    return pd.concat([rows, influence.iloc[rows["node_idx"].to_numpy()].reset_index(drop=True)], axis=1)


def _graph_influence(graph: SocialGraph, sort_by: SortBy) -> pd.DataFrame | None:
    """The users' fitted influence (None without a fit); ``--sort-by combined`` requires one."""
    from graphkit.audience import fitted_influence

    influence = fitted_influence(graph.users)
    if influence is None and sort_by is SortBy.combined:
        raise InvalidInputError(
            "--sort-by combined needs each user's influence from past cascades: "
            "run `graphkit fit --cascades FILE --write` first"
        )
    return influence


def _top_rows(analysis: Leaders, influence: pd.DataFrame | None, top: int, sort_by: SortBy) -> pd.DataFrame:
    """The ``top`` users by leader score, or by combined influence (ties by leader score)."""
    if sort_by is SortBy.leader_score:
        return _with_influence(analysis.top(top), influence)
    everyone = _with_influence(analysis.top(len(analysis.table)), influence)
    ranked = everyone.sort_values("influence_combined", ascending=False, kind="stable", na_position="last")
    return ranked.head(top).reset_index(drop=True)


def _influence_summary(influence: pd.DataFrame | None) -> dict | None:
    """Where the influence columns came from: ``users_with_cascades`` and a one-line ``note``."""
    if influence is None:
        return None
    joined = int((influence["influence_cascades"] > 0).sum())
    note = (
        "influence from past cascades: predicted by the fitted model, observed, combined; "
        f"{joined:,} users joined at least one cascade"
    )
    return {"users_with_cascades": joined, "note": note}


@store_options(writes=True)
def leaders(
    per_community: Annotated[
        int, typer.Option("--per-community", min=1, help="Leaders listed per circle.")
    ] = 5,
    top: Annotated[int, typer.Option("--top", min=1, help="Leaders listed overall.")] = 50,
    bridges: Annotated[int, typer.Option("--bridges", min=0, help="Bridge users listed.")] = 10,
    max_circles: Annotated[
        int,
        typer.Option(
            "--max-circles", min=1, help="Largest circles whose leaders are printed (all are written)."
        ),
    ] = 10,
    betweenness_pivots: Annotated[
        int | None,
        typer.Option(
            "--betweenness-pivots",
            min=1,
            help="Also compute betweenness from this many sampled sources (exact if >= users).",
        ),
    ] = None,
    sort_by: Annotated[
        SortBy,
        typer.Option(
            "--sort-by",
            help="Rank the overall list by leader score, or by combined influence from past cascades "
            "(needs `graphkit fit --write`).",
        ),
    ] = SortBy.leader_score,
    method: MethodOption = Method.leiden,
    resolution: ResolutionOption = None,
    strong_weight: StrongWeightOption = STRONG_TIE_WEIGHT,
    weak_weight: WeakWeightOption = WEAK_TIE_WEIGHT,
    rng_seed: RngSeedOption = 0,
    out: LeadersOutOption = None,
    out_top: OutTopOption = None,
    no_write: NoWriteOption = False,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    *,
    store: StoreOptions,
) -> None:
    """Rank opinion leaders per circle, find bridge users, give every user a role, and store them.

    The circles are detected as by ``graphkit communities`` with the same options. Users' influence
    from past cascades (``graphkit fit --write``), when stored, is listed beside their scores.
    --out exports every user; --out-top the Top table as shown.

    Example: graphkit leaders --per-community 5 --top 50 --rng-seed 7 --json
    """
    import pandas as pd

    from graphkit.analysis.centrality import betweenness_scores
    from graphkit.analysis.communities import detect_communities
    from graphkit.analysis.leaders import find_leaders
    from graphkit.analysis.weights import TieWeights
    from graphkit.writeback import write_analysis

    check_table_path(out)
    check_table_path(out_top, "--out-top")
    weights = TieWeights(strong=strong_weight, weak=weak_weight)
    output = Output(json_mode=json_output, quiet=quiet)
    steps = 3 + 6 + (betweenness_pivots is not None) + (not no_write)
    with store.open(output) as opened:
        with output.progress("leaders", total=steps) as advance:
            graph = opened.read_graph()
            influence = _graph_influence(graph, sort_by)
            advance()
            partition = detect_communities(
                graph, method.value, resolution=resolution, weights=weights, rng=rng_seed
            )
            advance()
            extra = None
            if betweenness_pivots is not None:
                extra = betweenness_scores(graph, n_pivots=betweenness_pivots, rng=rng_seed)
                advance()
            analysis = find_leaders(
                graph,
                partition,
                extra=extra,
                weights=weights,
                progress=lambda _step: advance(),
            )
            if not no_write:
                write_analysis(opened, graph, partition, analysis, per_community=per_community)
                advance()
            advance()
        location = opened.location
    ids = graph.node_ids
    summary = _influence_summary(influence)
    extra_columns = [] if influence is None else list(influence.columns)
    per_circle = _with_influence(analysis.per_community(per_community), influence)
    per_circle.insert(2, "id", ids[per_circle["node_idx"].to_numpy()])
    overall = _top_rows(analysis, influence, top, sort_by)
    overall.insert(0, "id", ids[overall["node_idx"].to_numpy()])
    bridge_rows = analysis.bridges(bridges)
    bridge_rows.insert(0, "id", ids[bridge_rows["node_idx"].to_numpy()])
    if out is not None:
        frame = analysis.to_frame(ids)
        write_table(frame if influence is None else pd.concat([frame, influence], axis=1), out)
    top_columns = _TOP_COLUMNS + extra_columns + ["why"]
    if out_top is not None:
        write_table(overall[top_columns], out_top)
    if output.json_mode:
        output.emit_json(
            {
                "store": location,
                "partition": _partition_summary(partition, None),
                "roles": analysis.table["role"].value_counts().to_dict(),
                "per_community": per_circle[_LEADER_COLUMNS + extra_columns],
                "top": overall[top_columns],
                "sort_by": sort_by.value,
                "influence": summary,
                "bridges": bridge_rows[_BRIDGE_COLUMNS + ["role"]],
                "params": analysis.params,
                "written": not no_write,
                "out": None if out is None else str(out),
                "out_top": None if out_top is None else str(out_top),
            }
        )
        return
    _print_partition(output, location, partition, None)
    shown = per_circle[per_circle["community"] < max_circles]
    output.table(
        shown[_LEADER_COLUMNS],
        title=f"Leaders of the {min(max_circles, partition.n_communities)} largest circles",
    )
    by = "" if sort_by is SortBy.leader_score else " by combined influence"
    output.table(
        overall[_TOP_COLUMNS + extra_columns].rename(columns=_INFLUENCE_HEADINGS),
        title=f"Top {len(overall)} leaders{by}",
    )
    if summary is not None:
        output.stdout.print(summary["note"], highlight=False)
    if bridges:
        output.table(bridge_rows[_BRIDGE_COLUMNS], title=f"Top {len(bridge_rows)} bridges")
    roles = ", ".join(f"{role}: {count:,}" for role, count in analysis.table["role"].value_counts().items())
    output.stdout.print(f"roles: {roles}", highlight=False)
    if not no_write:
        output.note(f"wrote circles, leaders and roles of {graph.n_nodes:,} users to {location}")
    if out is not None:
        output.note(f"exported every user ({graph.n_nodes:,} rows) to {out}")
    if out_top is not None:
        output.note(f"exported the top {len(overall):,} leaders to {out_top}")


def register(app: typer.Typer) -> None:
    """Add ``communities`` and ``leaders`` to ``app``."""
    app.command()(communities)
    app.command()(leaders)
