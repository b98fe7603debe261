"""Monte Carlo throughput: graphkit's numba kernels against CyNetDiff, same graph, model and seeds.

Graphs: NetHEPT (``../shared/data/nethept/snowgy/NetHEPT.txt``, directed, weighted cascade
p = 1/in-degree; LT with 1/in-degree weights) and a generated 100,000-user graph (IC with tie
probabilities p_strong = 0.1, p_weak = 0.01; LT with w_strong = 1, w_weak = 0.2). Seeds: the 50
users of highest out-degree. Both tools get the same per-arc numbers (CyNetDiff as float32).

graphkit is timed through its public call, ``estimate_spread``, with 1 and with 2 numba threads
(deciding adoption for every activated user too, work CyNetDiff does not do), and with 1 thread
and ``with_adoption=False`` (awareness only: the like-for-like comparison); CyNetDiff
through ``compute_marginal_gains(seeds, [], n_trials)``, its own trial loop in C++. Runs are
interleaved and repeated; the table reports the best of the repeats (the machine is shared), in
trials per second, graphkit's single-threaded rates as multiples of CyNetDiff's (awareness only /
with adoption), each tool's mean spread as a check that they compute the same thing, and the load
average before and after.

    python bench/diffusion_mc.py                    # both graphs, IC and LT
    python bench/diffusion_mc.py --repeats 7 --graphs nethept

Prints a Markdown table and writes JSON to bench/out/diffusion_mc.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numba
import numpy as np
import pandas as pd

from graphkit.diffusion.models import ICModel, LTModel
from graphkit.diffusion.simulate import estimate_spread
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph

REPO = Path(__file__).resolve().parents[1]
NETHEPT = REPO.parent / "shared" / "data" / "nethept" / "snowgy" / "NetHEPT.txt"


def nethept_graph(path: Path) -> SocialGraph:
    """NetHEPT variant B: header ``n m``, then ``u v p`` lines, directed, node ids 0..n-1."""
    with path.open() as handle:
        n_nodes = int(handle.readline().split()[0])
    ties = pd.read_csv(path, sep=r"\s+", skiprows=1, header=None, names=["source", "target", "p"])
    ties["tie"] = "weak"
    users = pd.DataFrame({"id": [str(i) for i in range(n_nodes)]})
    return SocialGraph.from_tables(ties, users, directed=True)


def cases(graphs: list[str]) -> list[dict]:
    out = []
    if "nethept" in graphs:
        graph = nethept_graph(NETHEPT)
        out += [
            {
                "graph": "NetHEPT",
                "model": ICModel(probability="weighted_cascade"),
                "g": graph,
                "trials": 10_000,
            },
            {"graph": "NetHEPT", "model": LTModel(w_strong=1.0, w_weak=1.0), "g": graph, "trials": 10_000},
        ]
    if "generated" in graphs:
        graph = generate_social_graph(n_users=100_000, mean_degree=10, rng=1)
        out += [
            {
                "graph": "generated 100k",
                "model": ICModel(p_strong=0.1, p_weak=0.01),
                "g": graph,
                "trials": 2_000,
            },
            {
                "graph": "generated 100k",
                "model": LTModel(w_strong=1.0, w_weak=0.2),
                "g": graph,
                "trials": 1_000,
            },
        ]
    return out


def cynetdiff_model(graph: SocialGraph, model):
    from cynetdiff.models import IndependentCascadeModel, LinearThresholdModel

    starts = np.asarray(graph.indptr[:-1], dtype=np.uint32)
    edges = np.asarray(graph.indices, dtype=np.uint32)
    if isinstance(model, ICModel):
        probs = model.arc_probabilities(graph).astype(np.float32)
        return IndependentCascadeModel(starts, edges, activation_probs=probs, rng=0)
    return LinearThresholdModel(starts, edges, influence=model.arc_weights(graph).astype(np.float32), rng=0)


def measure(case: dict, repeats: int) -> dict:
    graph, model, trials = case["g"], case["model"], case["trials"]
    seeds = np.argsort(-graph.out_degree(), kind="stable")[:50]
    seed_list = [int(s) for s in seeds]
    cynet = cynetdiff_model(graph, model)
    estimate_spread(graph, seeds, model, n_trials=10, rng=0)  # compile / load the numba cache
    cynet.compute_marginal_gains(seed_list, [], 10)
    best = {
        "graphkit 1 thread": np.inf,
        "graphkit 2 threads": np.inf,
        "graphkit 1 thread, awareness only": np.inf,
        "CyNetDiff": np.inf,
    }
    spread = {}
    saved = numba.get_num_threads()
    try:
        for repeat in range(repeats):
            for threads in (1, 2):
                numba.set_num_threads(threads)
                started = time.perf_counter()
                estimate = estimate_spread(graph, seeds, model, n_trials=trials, rng=repeat)
                best[f"graphkit {threads} thread{'s' if threads > 1 else ''}"] = min(
                    best[f"graphkit {threads} thread{'s' if threads > 1 else ''}"],
                    time.perf_counter() - started,
                )
                spread["graphkit"] = estimate.mean
            numba.set_num_threads(1)
            started = time.perf_counter()
            estimate_spread(graph, seeds, model, n_trials=trials, rng=repeat, with_adoption=False)
            best["graphkit 1 thread, awareness only"] = min(
                best["graphkit 1 thread, awareness only"], time.perf_counter() - started
            )
            started = time.perf_counter()
            gains = cynet.compute_marginal_gains(seed_list, [], trials)
            best["CyNetDiff"] = min(best["CyNetDiff"], time.perf_counter() - started)
            spread["CyNetDiff"] = float(gains[0])
    finally:
        numba.set_num_threads(saved)
    return {
        "graph": case["graph"],
        "nodes": graph.n_nodes,
        "arcs": graph.n_arcs,
        "model": model.to_dict(),
        "trials": trials,
        "seconds": best,
        "trials_per_second": {name: trials / seconds for name, seconds in best.items()},
        "mean_spread": spread,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--graphs", nargs="+", choices=["nethept", "generated"], default=["nethept", "generated"]
    )
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    load_before = os.getloadavg()
    results = [measure(case, args.repeats) for case in cases(args.graphs)]
    load_after = os.getloadavg()
    print(
        f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, numba {numba.__version__}, "
        f"best of {args.repeats}, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n"
    )
    print(
        "| graph | model | trials | graphkit 1 thr (trials/s) | graphkit 2 thr | graphkit 1 thr, awareness only "
        "| CyNetDiff | 1 thr / CyNetDiff: awareness only, with adoption | spread gk / cnd |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in results:
        rate = row["trials_per_second"]
        model = row["model"]
        label = model["model"].upper() + (f" {model['probability']}" if model["model"] == "ic" else "")
        print(
            f"| {row['graph']} | {label} | {row['trials']:,} | {rate['graphkit 1 thread']:,.0f} | "
            f"{rate['graphkit 2 threads']:,.0f} | {rate['graphkit 1 thread, awareness only']:,.0f} | "
            f"{rate['CyNetDiff']:,.0f} | "
            f"{rate['graphkit 1 thread, awareness only'] / rate['CyNetDiff']:.2f}× / "
            f"{rate['graphkit 1 thread'] / rate['CyNetDiff']:.2f}× | "
            f"{row['mean_spread']['graphkit']:,.1f} / {row['mean_spread']['CyNetDiff']:,.1f} |"
        )
    out_dir = REPO / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    for row in results:
        row["load_average"] = {"before": load_before, "after": load_after}
    (out_dir / "diffusion_mc.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
