"""Circles vs ground truth: email-Eu-core's 42 departments, graphkit's four methods next to networkx's Louvain.

Every method runs on the same graph (the SNAP file read by graphkit.io, directed, self-loops
dropped, ties labelled strong/weak by the default rule) seen as undirected; graphkit's methods
weight strong ties 1.0 and weak 0.3 (and, as a control, 1.0/1.0); networkx's Louvain runs on the
same undirected graph with the same kind weights and unweighted. Each row is the mean (and
standard deviation) over ``--seeds`` rng seeds.

    python bench/communities_email.py                 # 5 seeds, ../shared/data/email-eu-core
    python bench/communities_email.py --seeds 10

Prints a Markdown table and writes JSON to bench/out/communities_email.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data" / "email-eu-core"

from graphkit.analysis import (
    COMMUNITY_METHODS,
    DEFAULT_TIE_WEIGHTS,
    Partition,
    TieWeights,
    detect_communities,
)
from graphkit.io import read_graph_files

WEIGHTINGS = (DEFAULT_TIE_WEIGHTS, TieWeights(strong=1.0, weak=1.0))  # tie kinds weighted, and the control


def _label(weights: TieWeights) -> str:
    return f"{weights.strong}/{weights.weak}"


def _networkx_louvain(graph, labels, *, weights: TieWeights, seed: int) -> tuple[Partition, float]:
    nx_graph = nx.Graph()
    nx_graph.add_nodes_from(range(graph.n_nodes))
    source = graph.ties["source"].to_numpy()
    target = graph.ties["target"].to_numpy()
    kind = weights.per_tie(graph)
    for a, b, w in zip(source, target, kind):
        if a == b:
            continue
        previous = nx_graph.get_edge_data(a, b, {"weight": 0.0})["weight"]
        nx_graph.add_edge(a, b, weight=previous + w)  # reciprocated arcs summed, as graphkit does
    started = time.perf_counter()
    groups = nx.community.louvain_communities(nx_graph, weight="weight", seed=seed)
    seconds = time.perf_counter() - started
    membership = np.empty(graph.n_nodes, dtype=np.int64)
    for community, members in enumerate(groups):
        membership[list(members)] = community
    modularity = nx.community.modularity(nx_graph, groups, weight="weight")
    return Partition(
        membership=membership, modularity=modularity, params={"algorithm": "networkx louvain"}
    ), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()

    graph, _report = read_graph_files(args.data / "email-Eu-core.txt.gz", fmt="edgelist", directed=True)
    labels_table = pd.read_csv(
        args.data / "email-Eu-core-department-labels.txt", sep=" ", header=None, names=["id", "dept"]
    )
    department = dict(zip(labels_table["id"].astype(str), labels_table["dept"]))
    labels = np.array([department[node_id] for node_id in graph.node_ids])
    strong_share = float((graph.ties["tie"] == "strong").mean())
    print(
        f"email-Eu-core: {graph.n_nodes} users (of {len(labels_table)} labelled), {graph.n_ties} directed ties, "
        f"{strong_share:.1%} strong, {len(set(labels))} departments; {args.seeds} seeds\n"
    )

    runs: list[dict] = []
    variants = [(method, weights) for weights in WEIGHTINGS for method in COMMUNITY_METHODS]
    for method, weights in variants:
        for seed in range(args.seeds):
            started = time.perf_counter()
            partition = detect_communities(graph, method, weights=weights, rng=seed)
            seconds = time.perf_counter() - started
            runs.append(
                {
                    "library": "graphkit (igraph)",
                    "method": method,
                    "weights": _label(weights),
                    "seed": seed,
                    "seconds": seconds,
                    "circles": partition.n_communities,
                    "modularity": partition.modularity,
                    **partition.compare(labels),
                }
            )
    for weights in WEIGHTINGS:
        for seed in range(args.seeds):
            partition, seconds = _networkx_louvain(graph, labels, weights=weights, seed=seed)
            runs.append(
                {
                    "library": "networkx 3 (peer)",
                    "method": "louvain",
                    "weights": _label(weights),
                    "seed": seed,
                    "seconds": seconds,
                    "circles": partition.n_communities,
                    "modularity": partition.modularity,
                    **partition.compare(labels),
                }
            )

    frame = pd.DataFrame(runs)
    summary = (
        frame.groupby(["library", "method", "weights"], sort=False)
        .agg(
            circles=("circles", "mean"),
            modularity=("modularity", "mean"),
            nmi=("nmi", "mean"),
            nmi_sd=("nmi", "std"),
            ari=("ari", "mean"),
            ari_sd=("ari", "std"),
            seconds=("seconds", "mean"),
        )
        .reset_index()
    )
    print("| library | method | strong/weak weight | circles | modularity | NMI | ARI | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for row in summary.itertuples(index=False):
        print(
            f"| {row.library} | {row.method} | {row.weights} | {row.circles:.1f} | {row.modularity:.3f} | "
            f"{row.nmi:.3f} ± {row.nmi_sd:.3f} | {row.ari:.3f} ± {row.ari_sd:.3f} | {row.seconds:.3f} |"
        )
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    document = {
        "graph": {"users": graph.n_nodes, "ties": graph.n_ties, "strong_share": strong_share},
        "seeds": args.seeds,
        "summary": summary.to_dict("records"),
        "runs": runs,
    }
    (out / "communities_email.json").write_text(json.dumps(document, indent=2, default=float))


if __name__ == "__main__":
    main()
