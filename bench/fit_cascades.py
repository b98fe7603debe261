"""Cascade fitting: held-out figures on real Twitter cascades, and fit time at scale.

1. ``../shared/data/cascades-twitter``: the follower graph (``a b`` = a follows b, loaded with
   ``flow="target-to-source"`` as the cascades themselves say) and ``train.txt``. The cascades
   are split by start time, the latest 20% held out, and ``fit_cascades`` (what ``graphkit fit``
   runs) fits p by tie kind and one uniform p on the rest and scores them, with weighted cascade,
   on the held-out part; influence rankings against follower count, PageRank and history. Then
   the tie model's coefficient intervals on the earlier part two ways: the cascade-clustered
   sandwich (the default) and 100 bootstrap refits.
2. A generated network of about one million ties (``generate_social_graph(n_users=210_000,
   mean_degree=14)``, mutual ties: two arcs each) with 100,000 cascades
   simulated from known probabilities (p_strong 0.1, p_weak 0.025, Exp(1) delays): the time of
   finding the exposures, of ``fit_tie_kinds`` with 200 bootstrap resamples, of ``fit_tie_model``
   alone, and of ``fit_cascades`` without the tie model (``graphkit fit --no-tie-model``) and with
   it (``graphkit fit``); the estimates against the truth.

    python bench/fit_cascades.py                 # both
    python bench/fit_cascades.py --skip-large    # the Twitter figures only

Prints the tables and writes JSON to bench/out/fit_cascades.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.diffusion.models import ICModel
from graphkit.fit import find_exposures, fit_cascades, fit_tie_kinds, fit_tie_model, simulate_ic_cascades
from graphkit.generate import generate_social_graph
from graphkit.io import read_cascades, read_graph_files
from graphkit.results import to_jsonable

REPO = Path(__file__).resolve().parents[1]
TWITTER = REPO.parent / "shared" / "data" / "cascades-twitter"


def twitter() -> dict:
    started = time.perf_counter()
    graph, _ = read_graph_files(TWITTER / "graph.txt", directed=True, flow="target-to-source")
    cascades, read = read_cascades(TWITTER / "train.txt", graph)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    report = fit_cascades(graph, cascades, held_out=0.2, n_boot=200, rng=0)
    fitted = time.perf_counter() - started
    print(f"\n### Twitter cascades (read {loaded:.1f} s, fit and score {fitted:.1f} s)\n")
    print(f"{read.adoptions:,} adoptions kept of {read.adoptions_read:,}; flow: along {report.flow.along:,}, "
          f"against {report.flow.against:,}; split {report.split}\n")
    print(report.scores.round(4).to_string(index=False))
    print()
    print(report.rankings.round(3).to_string(index=False))
    final = report.final
    print(f"\nAll cascades: p_strong {final.p_strong:.4f} {tuple(round(v, 4) for v in final.p_strong_ci)}, "
          f"p_weak {final.p_weak:.4f} {tuple(round(v, 4) for v in final.p_weak_ci)}")
    intervals = sandwich_against_bootstrap(graph, cascades.subset(cascades.sizes() > 0).split_by_time(0.2)[0])
    return {"read_seconds": loaded, "fit_seconds": fitted, "scores": report.scores, "rankings": report.rankings,
            "fits": report.fits(), "split": report.split, "intervals": intervals}


def sandwich_against_bootstrap(graph, cascades, n_boot: int = 100) -> pd.DataFrame:
    """The tie model's 95% intervals: sandwich (one pass) beside ``n_boot`` bootstrap refits."""
    timed = {}
    for name, draws in (("sandwich", 0), ("bootstrap", n_boot)):
        started = time.perf_counter()
        timed[name] = (fit_tie_model(graph, cascades, n_boot=draws, rng=0), time.perf_counter() - started)
    (sandwich, sandwich_seconds), (bootstrap, bootstrap_seconds) = timed.values()
    table = pd.DataFrame({"coefficient": sandwich.names, "beta": sandwich.beta,
                          "sandwich_low": sandwich.beta_ci[:, 0], "sandwich_high": sandwich.beta_ci[:, 1],
                          "bootstrap_low": bootstrap.beta_ci[:, 0], "bootstrap_high": bootstrap.beta_ci[:, 1]})
    table["width_ratio"] = ((table.sandwich_high - table.sandwich_low) / (table.bootstrap_high - table.bootstrap_low))
    print(f"\nTie model on the earlier part: sandwich intervals in {sandwich_seconds:.1f} s, "
          f"{n_boot} bootstrap refits in {bootstrap_seconds:.1f} s\n")
    print(table.round(4).to_string(index=False))
    return table


def large(n_users: int, n_cascades: int) -> dict:
    graph = generate_social_graph(n_users=n_users, mean_degree=14, rng=1)
    truth = ICModel(p_strong=0.1, p_weak=0.025)
    started = time.perf_counter()
    cascades = simulate_ic_cascades(graph, truth, np.random.default_rng(2).integers(0, graph.n_nodes, n_cascades),
                                    timing="delays", rng=3)
    simulated = time.perf_counter() - started
    fit_cascades(graph, cascades.subset(np.arange(200)), n_boot=2, rng=0)  # compile the kernels outside the timings
    timings = {}
    started = time.perf_counter()  # first, in a process that has not yet held the big arrays, as `graphkit fit` runs
    fit_cascades(graph, cascades, n_boot=200, rng=0)
    timings["fit_cascades (what `graphkit fit` runs)"] = time.perf_counter() - started
    started = time.perf_counter()
    exposures = find_exposures(graph, cascades)
    timings["find_exposures"] = time.perf_counter() - started
    started = time.perf_counter()
    kinds = fit_tie_kinds(graph, cascades, n_boot=200, rng=0)
    timings["fit_tie_kinds (200 bootstrap)"] = time.perf_counter() - started
    started = time.perf_counter()
    fit_tie_model(graph, cascades, rng=0)
    timings["fit_tie_model (5 folds, sandwich intervals)"] = time.perf_counter() - started
    started = time.perf_counter()
    fit_cascades(graph, cascades, n_boot=200, tie_model=False, rng=0)
    timings["fit_cascades, --no-tie-model"] = time.perf_counter() - started
    print(f"\n### Generated: {graph.n_ties:,} ties, {cascades.n_cascades:,} cascades, {cascades.n_adoptions:,} adoptions "
          f"(simulated in {simulated:.1f} s); {exposures.n_events:,} events, {exposures.n_exposures:,} exposures\n")
    print("| step | seconds |\n|---|---|")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.1f} |")
    print(f"\nTruth p_strong 0.1, p_weak 0.025; fitted {kinds.p_strong:.4f} {kinds.p_strong_ci}, "
          f"{kinds.p_weak:.4f} {kinds.p_weak_ci}")
    return {"ties": graph.n_ties, "cascades": cascades.n_cascades, "adoptions": cascades.n_adoptions,
            "seconds": timings, "p_strong": kinds.p_strong, "p_strong_ci": kinds.p_strong_ci,
            "p_weak": kinds.p_weak, "p_weak_ci": kinds.p_weak_ci}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--users", type=int, default=210_000)
    parser.add_argument("--cascades", type=int, default=100_000)
    arguments = parser.parse_args()
    results = {"twitter": twitter() if TWITTER.is_dir() else None}
    if not arguments.skip_large:
        results["large"] = large(arguments.users, arguments.cascades)
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "fit_cascades.json").write_text(json.dumps(to_jsonable(results), indent=2))


if __name__ == "__main__":
    main()
