"""``graphkit fit``: learn spread probabilities from observed cascades, score them, write a model file."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from graphkit.cli._options import ClusterOption, JsonOption, Output, QuietOption, RngSeedOption
from graphkit.cli._store import StoreOptions, store_options
from graphkit.errors import InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from graphkit.fit.workflow import CascadeFitReport
    from graphkit.graph import SocialGraph

__all__ = ["register"]


@store_options(writes=True)
def fit(
    cascades: Annotated[Path, typer.Option("--cascades", readable=False, help="Observed cascades: a cascade,user,time[,parent] table "
                                           "(CSV/Parquet), 'root u1 t1 u2 t2 ...' lines, or 'user,time' lines.")],
    out_file: Annotated[Path, typer.Option("--out", help="The model file to write (JSON).")] = Path("graphkit-fit.json"),
    cascades_format: Annotated[
        Literal["auto", "table", "root-pairs", "pairs"],
        typer.Option("--cascades-format", help="How to read --cascades; auto: by suffix and first line."),
    ] = "auto",
    unknown_users: Annotated[
        Literal["drop", "error"],
        typer.Option("--unknown-users", help="Adopters who are not in the graph: drop and count them, or stop."),
    ] = "drop",
    root_offset: Annotated[
        float, typer.Option("--root-offset", min=0, help="root-pairs lines: the root adopts this long before the first adopter.")
    ] = 1.0,
    window: Annotated[
        float, typer.Option("--window", min=0, help="Longest time between a parent's adoption and the adopter's (default: any).")
    ] = math.inf,
    held_out: Annotated[
        float, typer.Option("--held-out", min=0.01, max=0.9, help="Share of cascades, the latest by start, kept aside to score the fit.")
    ] = 0.2,
    boot: Annotated[int, typer.Option("--boot", min=0, help="Bootstrap resamples of the cascades behind the 95% intervals of p by kind and uniform p.")] = 200,
    count_root: Annotated[
        bool, typer.Option("--count-root/--no-count-root", help="Score each cascade's first adopter too (it has no parent in the graph).")
    ] = True,
    tie_model: Annotated[
        bool, typer.Option("--tie-model/--no-tie-model", help="Also fit and score p tie by tie (a feature model and "
                           "per-tie estimates; about half the time of a fit).")
    ] = True,
    choose_rule: Annotated[
        bool, typer.Option("--choose-rule", help="Choose the strong/weak labelling rule (thresholds on interactions, "
                           "reciprocity, overlap) by likelihood on the earlier cascades, and fit with its labels.")
    ] = False,
    write: Annotated[
        bool, typer.Option("--write", help="Store the fit: each tie's p (tie by tie with the tie model, else by kind) "
                           "with pSource and its label (use them with --probability explicit), and each user's "
                           "predicted, observed and combined influence (shown by leaders and plan).")
    ] = False,
    rng_seed: RngSeedOption = 0,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    cluster: ClusterOption = None,
    *,
    store: StoreOptions,
) -> None:
    """Fit spread probabilities (p_strong, p_weak) to past cascades on the store's graph.

    The latest --held-out share of cascades is kept aside: the probabilities are fitted on the
    earlier ones and scored on it (log-likelihood and AUC over exposures, calibration, influence
    rankings), side by side with one uniform p and weighted cascade; then fitted again on all
    cascades and written to --out, for `simulate`, `seeds` and `plan` (--model-file, or
    [model] fitted = "FILE" in a campaign). With --choose-rule the tie labels are chosen first,
    on the earlier cascades only; with --write each tie's p and label and each user's
    influence go to the store.

    Example: graphkit fit --cascades past-campaigns.csv --store my-store --out fit.json
    """
    from graphkit.cluster import connect
    from graphkit.fit.influence import INFLUENCE_COLUMNS
    from graphkit.fit.model_file import write_model_file
    from graphkit.fit.workflow import fit_cascades
    from graphkit.io import read_cascades

    out = Output(json_mode=json_output, quiet=quiet)
    with store.open(out) as opened:
        graph = opened.read_graph()
        location = opened.location
    observed, read = read_cascades(cascades, graph, format=cascades_format, unknown_users=unknown_users,
                                   root_offset=root_offset)
    with connect(cluster), out.progress("fitting", total=None):
        report = fit_cascades(graph, observed, held_out=held_out, window=window, n_boot=boot, count_root=count_root,
                              tie_model=tie_model, choose_rule=choose_rule, refit_ties=write and tie_model,
                              rng=rng_seed)
    final = report.final
    data = {
        "cascades_file": str(cascades), "read": read.to_dict(), "store": location,
        "graph": {"users": graph.n_nodes, "ties": graph.n_ties, "directed": graph.directed,
                  "strong_ties": int((report.graph.ties["tie"] == "strong").sum()),
                  "relabelled": report.rules is not None and report.rules.rule is not None},
        "fitted_cascades": final.n_cascades, "window": window, "boot": boot, "rng_seed": rng_seed,
        "flow": None if report.flow is None else {"along": report.flow.along, "against": report.flow.against,
                                                  "adoptions": report.flow.adoptions},
    }
    write_model_file(out_file, p_strong=final.p_strong, p_weak=final.p_weak,
                     intervals={"p_strong": final.p_strong_ci, "p_weak": final.p_weak_ci},
                     fits=report.fits(), data=data, evaluation=report.evaluation())
    written = None
    if write:
        how = "tie by tie" if report.final_ties is not None else "by tie kind"
        with store.open(out) as opened:
            opened.write_graph(_onto(opened.read_graph(), report.fitted_graph(f"graphkit fit {how}: {out_file}")))
            opened.write_user_properties(report.influence)
        written = (f"Stored in {location}: each tie's fitted p ({how}) with pSource and its label, and each user's "
                   f"influence ({', '.join(INFLUENCE_COLUMNS)}).")
    if out.json_mode:
        out.emit_json({"model_file": str(out_file), "model": {"p_strong": final.p_strong, "p_weak": final.p_weak},
                       "intervals": {"p_strong": final.p_strong_ci, "p_weak": final.p_weak_ci},
                       "fits": report.fits(), "data": data, "evaluation": report.evaluation(),
                       "influence_top": report.influence.sort_values("influence_combined", ascending=False,
                                                                     kind="stable").head(10),
                       "written": write})
        return
    _print(out, report, str(read), out_file)
    if written:
        out.stdout.print(written, highlight=False, markup=False, soft_wrap=True)


def _onto(current: SocialGraph, fitted: SocialGraph) -> SocialGraph:
    """The store's graph as it is now, with ``fitted``'s labels and ``p`` on its ties: what the fit
    owns is written, everything else as read just now (not as it was when the fit began)."""
    import pandas as pd

    from graphkit.graph import SocialGraph

    def pairs(graph: SocialGraph) -> pd.MultiIndex:
        ids = graph.node_ids
        return pd.MultiIndex.from_arrays([ids[graph.ties["source"].to_numpy()], ids[graph.ties["target"].to_numpy()]])

    here, there = pairs(current), pairs(fitted)
    if len(here) != len(there) or not here.sort_values().equals(there.sort_values()):
        raise InvalidInputError("the store's ties changed while graphkit fit ran; run it again to store a fit of "
                                "the ties it holds now", field="--write")
    rows = there.get_indexer(here)
    ties = current.ties.copy()
    for column in ("tie", "labelled_by", "p", "p_source"):
        ties[column] = fitted.ties[column].to_numpy()[rows]
    return SocialGraph(users=current.users, ties=ties, directed=current.directed)


def _print(out: Output, report: CascadeFitReport, read: str, out_file: Path) -> None:
    say = lambda text: out.stdout.print(text, highlight=False, markup=False, soft_wrap=True)  # noqa: E731
    say(read)
    if report.flow is not None:
        for line in report.flow.lines():
            say(line)
    final, split = report.final, report.split
    if report.rules is not None:
        out.table(report.rules.table, title="Tie labelling rules, fitted on the earlier cascades and scored on the latest "
                  "quarter of them (log-likelihood per exposure)")
        chosen = report.rules.table["rule"].iloc[0]
        say("The stored labels predict best: kept." if report.rules.rule is None else
            f"Ties relabelled by {chosen} for the fit: the model file's p_strong and p_weak belong to these labels, "
            "so store them with --write before using --model-file on this store.")
    say(f"Fitted on all {final.n_cascades:,} cascades ({final.n_events:,} adoptions with a parent in the graph, "
        f"{final.n_exposures:,} exposures): p_strong {final.p_strong:.4g} (95% CI {final.p_strong_ci[0]:.4g} to "
        f"{final.p_strong_ci[1]:.4g}), p_weak {final.p_weak:.4g} ({final.p_weak_ci[0]:.4g} to {final.p_weak_ci[1]:.4g}).")
    say(f"Scored on the latest {split['held_out']:,} cascades after fitting on the earlier {split['fitted_on']:,} "
        f"(p_strong {report.kinds.p_strong:.4g}, p_weak {report.kinds.p_weak:.4g}; uniform p {report.uniform.p:.4g}):")
    out.table(report.scores, title="Held-out exposures: log-likelihood per exposure (higher is better) and AUC")
    out.table(report.calibration, title="Calibration (tie kinds): predicted and observed adoption rate by bin")
    out.table(report.rankings, title="Influence rankings against held-out observed influence")
    top = report.influence.sort_values("influence_combined", ascending=False, kind="stable").head(10)
    out.table(top, title="Most influential users over all cascades (adoptions they cause directly per cascade "
              "joined: predicted by the fit, observed, and combined = observed shrunk toward predicted)")
    say(f"Model written to {out_file}: use it with --model-file {out_file}, or [model] fitted = \"{out_file}\" in a campaign.")


def register(app: typer.Typer) -> None:
    """Add ``fit`` to ``app``."""
    app.command()(fit)

