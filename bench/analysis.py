"""Analysis benchmark on soc-Slashdot0902 (82K users, 948K ties): circles, PageRank, coreness, sampled betweenness, leaders.

Goal: under 60 s in total and under 4 GB peak memory on the 2-core project machine. Reading the
file is timed but not counted in the analysis total. Peak memory is the process's VmHWM.

    python bench/analysis.py                            # Leiden, 256 betweenness pivots
    python bench/analysis.py --method louvain --pivots 512

Prints a Markdown table and writes JSON to bench/out/analysis.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_TIES = REPO.parent / "shared" / "data" / "soc-slashdot0902" / "soc-Slashdot0902.txt.gz"

from _memory import peak_mib

from graphkit.analysis import (
    betweenness_scores,
    coreness_scores,
    detect_communities,
    find_leaders,
    pagerank_scores,
)
from graphkit.io import read_graph_files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=Path, default=DEFAULT_TIES)
    parser.add_argument("--method", default="leiden")
    parser.add_argument("--pivots", type=int, default=256)
    parser.add_argument("--rng-seed", type=int, default=0)
    args = parser.parse_args()

    steps: list[dict] = []

    def timed(name, call):
        started = time.perf_counter()
        value = call()
        steps.append(
            {"step": name, "seconds": time.perf_counter() - started, "peak_rss_mib": peak_mib()}
        )
        return value

    graph, _report = timed(
        "read file (graphkit.io, not counted)",
        lambda: read_graph_files(args.ties, fmt="edgelist", directed=True),
    )
    partition = timed(
        f"communities ({args.method})", lambda: detect_communities(graph, args.method, rng=args.rng_seed)
    )
    pagerank = timed("pagerank", lambda: pagerank_scores(graph))
    coreness = timed("coreness", lambda: coreness_scores(graph))
    betweenness = timed(
        f"betweenness ({args.pivots} pivots)",
        lambda: betweenness_scores(graph, n_pivots=args.pivots, rng=args.rng_seed),
    )
    leaders = timed(
        "leader table (degrees, pagerank, coreness, constraint, participation, roles)",
        lambda: find_leaders(graph, partition, extra=betweenness),
    )
    tables = timed(
        "per-circle top 5, top 50, bridges",
        lambda: (leaders.per_community(5), leaders.top(50), leaders.bridges(20)),
    )
    analysis_seconds = sum(step["seconds"] for step in steps[1:])

    print(
        f"soc-Slashdot0902: {graph.n_nodes:,} users, {graph.n_ties:,} directed ties, {graph.n_arcs:,} arcs; "
        f"{platform.processor() or platform.machine()}, python {platform.python_version()}\n"
    )
    print("| step | seconds | peak RSS (MiB) |")
    print("|---|---|---|")
    for step in steps:
        print(f"| {step['step']} | {step['seconds']:.2f} | {step['peak_rss_mib']:,.0f} |")
    print(f"| **analysis total** | **{analysis_seconds:.2f}** | **{peak_mib():,.0f}** |")
    betweenness_params = betweenness.params["measures"][0]
    top_betweenness = float(betweenness["betweenness"].max())
    print(
        f"\n{partition.n_communities:,} circles, modularity {partition.modularity:.3f}; "
        f"betweenness max standard error {betweenness_params['max_standard_error']:,.0f} "
        f"({betweenness_params['max_standard_error'] / top_betweenness:.1%} of the largest estimate); "
        f"roles: {leaders.table['role'].value_counts().to_dict()}"
    )
    top = tables[1].head(5)
    print(
        "top 5 leaders (id, leader score):",
        ", ".join(f"{graph.node_ids[i]} {s:.3f}" for i, s in zip(top["node_idx"], top["leader_score"])),
    )
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    document = {
        "graph": {"users": graph.n_nodes, "ties": graph.n_ties, "arcs": graph.n_arcs},
        "method": args.method,
        "pivots": args.pivots,
        "rng_seed": args.rng_seed,
        "steps": steps,
        "analysis_seconds": analysis_seconds,
        "peak_rss_mib": peak_mib(),
        "circles": partition.n_communities,
        "modularity": partition.modularity,
        "betweenness_max_standard_error": betweenness_params["max_standard_error"],
        "pagerank_iterations": pagerank.params["measures"][0]["iterations"],
        "max_coreness": int(coreness["coreness"].max()),
    }
    (out / "analysis.json").write_text(json.dumps(document, indent=2))


if __name__ == "__main__":
    main()
