"""Cascade fitting: held-out figures on real Twitter cascades, and fit time at scale.

1. ``../shared/data/cascades-twitter``: the follower graph (``a b`` = a follows b, loaded with
   ``flow="target-to-source"`` as the cascades themselves say) and ``train.txt``. The cascades
   are split by start time, the latest 20% held out, and ``fit_cascades`` (what ``graphkit fit``
   runs) fits p by tie kind and one uniform p on the rest and scores them, with weighted cascade,
   on the held-out part; influence rankings against follower count, PageRank and history.
2. A generated network of about one million ties (``generate_social_graph(n_users=210_000,
   mean_degree=14)``, mutual ties: two arcs each) with 100,000 cascades
   simulated from known probabilities (p_strong 0.1, p_weak 0.025, Exp(1) delays): the time of
   finding the exposures, of ``fit_tie_kinds`` with 200 bootstrap resamples, of ``fit_cascades``
   without the tie model (``graphkit fit --no-tie-model``) and of ``fit_tie_model`` alone; the
   estimates against the truth.

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
    return {"read_seconds": loaded, "fit_seconds": fitted, "scores": report.scores, "rankings": report.rankings,
            "fits": report.fits(), "split": report.split}


def large(n_users: int, n_cascades: int) -> dict:
    graph = generate_social_graph(n_users=n_users, mean_degree=14, rng=1)
    truth = ICModel(p_strong=0.1, p_weak=0.025)
    started = time.perf_counter()
    cascades = simulate_ic_cascades(graph, truth, np.random.default_rng(2).integers(0, graph.n_nodes, n_cascades),
                                    timing="delays", rng=3)
    simulated = time.perf_counter() - started
    find_exposures(graph, cascades.subset(np.arange(100)))  # compile the kernels outside the timings
    timings = {}
    started = time.perf_counter()
    exposures = find_exposures(graph, cascades)
    timings["find_exposures"] = time.perf_counter() - started
    started = time.perf_counter()
    kinds = fit_tie_kinds(graph, cascades, n_boot=200, rng=0)
    timings["fit_tie_kinds (200 bootstrap)"] = time.perf_counter() - started
    started = time.perf_counter()
    fit_cascades(graph, cascades, n_boot=200, tie_model=False, rng=0)
    timings["fit_cascades, --no-tie-model"] = time.perf_counter() - started
    started = time.perf_counter()
    fit_tie_model(graph, cascades, rng=0)
    timings["fit_tie_model (5 folds, 20 bootstrap)"] = time.perf_counter() - started
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
