"""Cluster benchmark: IMM and Monte Carlo in process and on a local Dask cluster, same graph, same run.

On ``generate_social_graph(n_users=1_000_000, mean_degree=15, directed=True, rng=42)`` (about 10M
ties; the graph of bench/diffusion_seeds.py), IC weighted cascade:

* IMM, eps = 0.1, k = 50 (``eval_trials=0``), then 10,000 Monte Carlo trials of its seeds;
* each in process and with ``graphkit.cluster.connect("local:2")`` (two worker processes, one
  thread each), checked equal (seeds, gains, spread mean and standard error, per-user
  probabilities).

Network: the greedy's rounds (one per pick, over all of IMM's greedy runs) and the bytes of count
decrements they brought back to the client. Memory: the client's peak VmRSS during each run above
what it held before (polled every 5 ms; the graph is held by the client either way), each worker's
peak resident size (VmHWM of the worker process, which starts with the cluster) at the end and
after the kernels' warm-up (Python, numpy, numba, Dask: the worker before any graph), and the RR
sets and bytes each worker held at the end.

    python bench/cluster.py                     # 1M users
    python bench/cluster.py --users 100000      # a smaller graph
    python bench/cluster.py --workers 4

Prints a Markdown table and writes JSON to bench/out/cluster.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _memory import RssPoller, peak_mib, rss_mib  # noqa: E402
from diffusion_seeds import WC  # noqa: E402

from graphkit import cluster  # noqa: E402
from graphkit.diffusion.constraints import CampaignConstraints  # noqa: E402
from graphkit.diffusion.seeds import imm_seed_nodes  # noqa: E402
from graphkit.diffusion.simulate import estimate_spread  # noqa: E402
from graphkit.generate import generate_social_graph  # noqa: E402


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernels IMM and Monte Carlo use."""
    graph = generate_social_graph(n_users=300, mean_degree=5, directed=True, rng=0)
    imm_seed_nodes(graph, WC, CampaignConstraints(k=2), eps=0.5, eval_trials=20, rng=0)


def run(graph, *, eps: float, k: int, trials: int) -> dict:
    """IMM then Monte Carlo of its seeds wherever ``graphkit.cluster`` points now; times and client memory."""
    row: dict = {}
    before = rss_mib()
    with RssPoller() as poller:
        started = time.perf_counter()
        seeds = imm_seed_nodes(graph, WC, CampaignConstraints(k=k), eps=eps, eval_trials=0, rng=1)
        row["imm_s"] = round(time.perf_counter() - started, 2)
    row["imm_client_extra_mib"] = round(poller.peak - before)
    before = rss_mib()
    with RssPoller() as poller:
        started = time.perf_counter()
        spread = estimate_spread(graph, seeds.seed_nodes, WC, n_trials=trials, rng=2)
        row["mc_s"] = round(time.perf_counter() - started, 2)
    row["mc_client_extra_mib"] = round(poller.peak - before)
    row["rr_sets"] = seeds.params["rr_sets_selection"]
    row["rr_set_entries"] = seeds.params["rr_set_entries"]
    row["spread"] = round(spread.mean, 1)
    row["std_error"] = round(spread.std_error, 2)
    for key in ("rr_sets_per_worker", "rr_bytes_per_worker", "greedy_rounds", "greedy_bytes_received"):
        if key in seeds.params:
            row[key] = seeds.params[key]
    return row, seeds, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=15.0)
    parser.add_argument("--eps", type=float, default=0.1)
    parser.add_argument("--k", type=int, default=50)
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    started = time.perf_counter()
    graph = generate_social_graph(n_users=args.users, mean_degree=args.mean_degree, directed=True, rng=42)
    graph.reverse()
    generated = time.perf_counter() - started
    warm_up()

    alone, alone_seeds, alone_spread = run(graph, eps=args.eps, k=args.k, trials=args.trials)
    alone["where"] = "in process"
    with cluster.connect(f"local:{args.workers}") as client:
        client.run(warm_up)
        worker_base = client.run(peak_mib)
        spread_row, seeds, spread = run(graph, eps=args.eps, k=args.k, trials=args.trials)
        worker_peaks = client.run(peak_mib)
    spread_row["where"] = f"local:{args.workers}"
    spread_row["worker_warm_peak_mib"] = {address: round(mib) for address, mib in worker_base.items()}
    spread_row["worker_peak_mib"] = {address: round(mib) for address, mib in worker_peaks.items()}
    same = (
        np.array_equal(seeds.seed_nodes, alone_seeds.seed_nodes)
        and seeds.marginal_gains.tobytes() == alone_seeds.marginal_gains.tobytes()
        and spread == alone_spread
    )
    document = {
        "users": graph.n_nodes, "ties": graph.n_ties, "eps": args.eps, "k": args.k, "trials": args.trials,
        "generate_s": round(generated, 1), "same_results": bool(same), "client_peak_mib": round(peak_mib()),
        "rows": [alone, spread_row],
    }
    print(f"{graph.n_nodes:,} users, {graph.n_ties:,} ties, IC weighted cascade, IMM eps {args.eps} k {args.k}, "
          f"{args.trials:,} MC trials; same results in process and on the cluster: {same}")
    print("| where | IMM s | MC s | RR sets | client extra MiB (IMM / MC) | worker peak MiB (after warm-up) "
          "| RR MiB per worker "
          "| greedy rounds, KiB back per round |")
    print("|---|---|---|---|---|---|---|---|")
    for row in (alone, spread_row):
        warm = row.get("worker_warm_peak_mib", {})
        workers = " / ".join(
            f"{mib:,} ({warm[address]:,})" for address, mib in row.get("worker_peak_mib", {}).items()
        ) or "-"
        held = " / ".join(f"{b / 2**20:,.0f}" for b in row.get("rr_bytes_per_worker", {}).values()) or "-"
        rounds = row.get("greedy_rounds")
        network = f"{rounds:,}, {row['greedy_bytes_received'] / rounds / 1024:,.1f}" if rounds else "-"
        print(f"| {row['where']} | {row['imm_s']} | {row['mc_s']} | {row['rr_sets']:,} | "
              f"{row['imm_client_extra_mib']:,} / {row['mc_client_extra_mib']:,} | {workers} | {held} | {network} |")
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cluster.json").write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
