"""Seed-selection benchmark: IMM on a 1M-user synthetic graph and on NetHEPT.

* IMM, k = 50, eps = 0.5, IC weighted cascade, on ``generate_social_graph(n_users=1_000_000,
  mean_degree=15, directed=True, rng=42)`` (about 10M ties). Goal: under 15 s wall, under 4 GB.
* IMM, k = 50, eps = 0.1, IC weighted cascade, on ``../shared/data/nethept/snowgy/NetHEPT.txt``.
  Goal: under 2 s. The seeds' spread is estimated by an independent Monte Carlo run (10,000
  cascades) and compared with the published 1,294-1,298.

numba compilation is done first on a tiny graph and reported separately (``warmup_s``). Memory:
``rss_before_mib`` is the resident size before IMM starts (graph and its reverse CSR loaded),
``imm_peak_rss_mib`` the highest resident size seen while IMM runs (polled every 5 ms from
/proc/self/status), ``process_peak_rss_mib`` the whole process's peak (VmHWM; it includes the
graph generator's own peak).

    python bench/diffusion_seeds.py                  # both
    python bench/diffusion_seeds.py --skip-large     # NetHEPT only
    python bench/diffusion_seeds.py --users 200000   # a smaller synthetic graph

Prints a Markdown table and writes JSON to bench/out/diffusion_seeds.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numba
import numpy as np
import pandas as pd
from _memory import RssPoller, peak_mib, rss_mib

from graphkit.diffusion.constraints import CampaignConstraints
from graphkit.diffusion.models import ICModel
from graphkit.diffusion.seeds import evaluate_seed_set, imm_seed_nodes
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph

REPO = Path(__file__).resolve().parents[1]
NETHEPT = REPO.parent / "shared" / "data" / "nethept" / "snowgy" / "NetHEPT.txt"
WC = ICModel(probability="weighted_cascade")


def warm_up() -> float:
    started = time.perf_counter()
    graph = generate_social_graph(n_users=200, mean_degree=5, directed=True, rng=0)
    imm_seed_nodes(graph, WC, CampaignConstraints(k=2), eps=0.5, eval_trials=10, rng=0)
    imm_seed_nodes(graph, WC, CampaignConstraints(k=2, budget=50.0, cost=graph.users["cost"].to_numpy()),
                   eps=0.5, eval_trials=0, rng=0)
    return time.perf_counter() - started


def run_imm(name: str, graph: SocialGraph, *, eps: float, repeats: int, eval_trials: int) -> dict:
    graph.reverse()
    before = rss_mib()
    times = []
    with RssPoller() as poller:
        for repeat in range(repeats):
            started = time.perf_counter()
            result = imm_seed_nodes(graph, WC, CampaignConstraints(k=50), eps=eps, eval_trials=0, rng=repeat)
            times.append(time.perf_counter() - started)
    row = {
        "graph": name,
        "users": graph.n_nodes,
        "ties": graph.n_ties,
        "k": 50,
        "eps": eps,
        "threads": numba.get_num_threads(),
        "imm_s_median": float(np.median(times)),
        "imm_s_all": [round(t, 3) for t in times],
        "rr_sets_sampling": result.params["rr_sets_sampling"],
        "rr_sets_selection": result.params["rr_sets_selection"],
        "rr_set_entries": result.params["rr_set_entries"],
        "imm_estimate": float(result.cumulative[-1]),
        "rss_before_mib": round(before),
        "imm_peak_rss_mib": round(poller.peak),
        "process_peak_rss_mib": round(peak_mib()),
    }
    if eval_trials:
        started = time.perf_counter()
        spread = evaluate_seed_set(graph, result.seed_nodes, WC, n_trials=eval_trials, rng=12345).spread
        row.update(mc_spread=round(spread.mean, 1), mc_std_error=round(spread.std_error, 2),
                   mc_trials=eval_trials, mc_s=round(time.perf_counter() - started, 2))
    return row


def read_nethept(path: Path) -> SocialGraph:
    ties = pd.read_csv(path, sep=r"\s+", skiprows=1, header=None, names=["source", "target", "p"])
    users = pd.DataFrame({"id": [str(i) for i in range(15233)]})
    return SocialGraph.from_tables(ties.assign(tie="weak"), users, directed=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=15.0)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    rows = []
    warmup = warm_up()
    if NETHEPT.is_file():
        rows.append(run_imm("NetHEPT (snowgy)", read_nethept(NETHEPT), eps=0.1, repeats=args.repeats,
                            eval_trials=10_000))
    if not args.skip_large:
        started = time.perf_counter()
        graph = generate_social_graph(n_users=args.users, mean_degree=args.mean_degree, directed=True, rng=42)
        generated = time.perf_counter() - started
        row = run_imm(f"synthetic {args.users:,} users", graph, eps=0.5, repeats=args.repeats, eval_trials=0)
        row["generate_s"] = round(generated, 1)
        rows.append(row)

    print(f"numba threads: {numba.get_num_threads()}, warm-up (compile) {warmup:.1f} s, {platform.processor() or platform.machine()}")
    print("| graph | users | ties | eps | IMM s (median) | RR sets (sampling / selection) | peak RSS during IMM MiB | MC spread |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        spread = f"{row['mc_spread']:,} ± {row['mc_std_error']}" if "mc_spread" in row else "-"
        print(
            f"| {row['graph']} | {row['users']:,} | {row['ties']:,} | {row['eps']} | {row['imm_s_median']:.2f} | "
            f"{row['rr_sets_sampling']:,} / {row['rr_sets_selection']:,} | {row['imm_peak_rss_mib']:,} | {spread} |"
        )
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "diffusion_seeds.json").write_text(json.dumps({"warmup_s": round(warmup, 2), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
