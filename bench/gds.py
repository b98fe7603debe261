"""graphkit beside Neo4j Graph Data Science: same graph, same run (issue 14, item 4).

Each graph is loaded by graphkit into a throw-away local server (APOC and GDS installed by
``graphkit neo4j install``) and projected with ``gds.graph.project``; then, by the Browser guide's
GDS queries (``cypher/explore/gds_*.cypher``, which tests/integration/test_gds_compare.py runs on
small graphs),

* **PageRank** (damping 0.85, plain: every tie weight 1, walking along the ties): graphkit's
  ``pagerank_scores(direction="ties")`` against ``gds.pageRank`` (tolerance 1e-10, up to 100
  iterations), both scaled to sum 1: the largest absolute difference and Spearman's rho;
* **circles**: graphkit's Leiden and Louvain (weights 1) against ``gds.leiden`` and
  ``gds.louvain`` on the undirected projection: modularity of each partition on the same
  undirected graph (igraph), and NMI between graphkit's and GDS's partition;
* **influence maximization** under IC with one uniform p: ``gds.influenceMaximization.celf``
  (``monteCarloSimulations`` 100) against graphkit's IMM (eps 0.1) and CELF (100 cascades per
  estimate) at each k: seeds' overlap, wall time, and every seed set's spread by graphkit's Monte
  Carlo with one rng (10,000 cascades), mean ± standard error.

Graphs: ego-Facebook (undirected, ``../shared/data/facebook-ego``) and NetHEPT (directed, the
``snowgy`` variant's ties, ``../shared/data/nethept``).

    python bench/gds.py                          # both graphs, k = 10 and 50
    python bench/gds.py --graphs facebook --k 10

Prints Markdown tables; JSON goes to bench/out/gds.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import igraph
import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from graphkit.analysis import TieWeights, detect_communities, pagerank_scores
from graphkit.analysis._igraph import to_igraph
from graphkit.browser import explore_queries
from graphkit.diffusion import CampaignConstraints, ICModel
from graphkit.diffusion.celf_seeds import celf_seed_nodes
from graphkit.diffusion.imm_seeds import imm_seed_nodes
from graphkit.diffusion.seeds import evaluate_seed_set
from graphkit.graph import SocialGraph
from graphkit.io import read_graph_files
from graphkit.store import open_store

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _server import throwaway_server

DATA = REPO.parent / "shared" / "data"
OUT = REPO / "bench" / "out"
PLAIN = TieWeights(strong=1.0, weak=1.0)
EVAL_TRIALS = 10_000
QUERIES = explore_queries()


def facebook() -> SocialGraph:
    graph, _ = read_graph_files(DATA / "facebook-ego" / "facebook_combined.txt.gz", fmt="edgelist", directed=False)
    return graph


def nethept() -> SocialGraph:
    path = DATA / "nethept" / "snowgy" / "NetHEPT.txt"
    ties = pd.read_csv(path, sep=r"\s+", skiprows=1, header=None, usecols=[0, 1], names=["source", "target"])
    ties = ties[ties.source != ties.target].astype(str).drop_duplicates()
    return SocialGraph.from_tables(ties.assign(tie="weak"), directed=True)


class Gds:
    """The guide's GDS queries against the throw-away server, with their users mapped back to graphkit's."""

    def __init__(self, server, graph: SocialGraph):
        self.store = open_store(server.uri, user=server.user, password=server.password)
        self.driver = self.store._bolt.driver
        self.graph = graph

    def query(self, name: str, **params) -> list[dict]:
        """Run the guide query ``cypher/explore/<name>.cypher``."""
        return [dict(record) for record in self.driver.execute_query(QUERIES[name].text, params).records]

    def project(self, name: str, orientation: str) -> None:
        self.query("gds_project", graphName=name, orientation=orientation)

    def per_user(self, rows: list[dict], column: str) -> np.ndarray:
        values = np.full(self.graph.n_nodes, np.nan)
        values[self.graph.indices_of([row["user"] for row in rows])] = [row[column] for row in rows]
        return values

    def membership(self, method: str) -> np.ndarray:
        """GDS's circle of each user by ``gds_leiden`` / ``gds_louvain`` on the undirected projection."""
        membership = np.full(self.graph.n_nodes, -1)
        for row in self.query(f"gds_{method}", graphName="undirected", limit=self.graph.n_nodes):
            membership[self.graph.indices_of(row["members"])] = row["gdsCommunity"]
        return membership


def compare_pagerank(gds: Gds, graph: SocialGraph) -> dict:
    started = time.perf_counter()
    ours = np.asarray(pagerank_scores(graph, direction="ties", weights=PLAIN).columns["pagerank"])
    ours_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = gds.per_user(gds.query("gds_pagerank", graphName="natural"), "gdsPagerank")
    theirs_s = time.perf_counter() - started
    return {"max_abs_diff": float(np.abs(ours - theirs).max()), "spearman": float(spearmanr(ours, theirs)[0]),
            "graphkit_s": ours_s, "gds_s": theirs_s}


def compare_circles(gds: Gds, graph: SocialGraph) -> list[dict]:
    undirected = to_igraph(graph).as_undirected()  # mutual directed ties become one edge
    rows = []
    for method in ("leiden", "louvain"):
        started = time.perf_counter()
        ours = detect_communities(graph, method, weights=PLAIN, rng=1).membership
        ours_s = time.perf_counter() - started
        started = time.perf_counter()
        theirs = gds.membership(method)  # leiden: randomSeed 1; both one thread
        theirs_s = time.perf_counter() - started
        rows.append({
            "method": method,
            "graphkit_modularity": undirected.modularity(ours.tolist()),
            "gds_modularity": undirected.modularity(pd.factorize(theirs)[0].tolist()),
            "nmi": igraph.compare_communities(ours.tolist(), pd.factorize(theirs)[0].tolist(), method="nmi"),
            "graphkit_circles": int(ours.max() + 1), "gds_circles": len(np.unique(theirs)),
            "graphkit_s": ours_s, "gds_s": theirs_s,
        })
    return rows


def compare_seeds(gds: Gds, graph: SocialGraph, orientation: str, p: float, ks: list[int]) -> list[dict]:
    model = ICModel(p_strong=p, p_weak=p)
    rows = []
    for k in ks:
        picks = {}
        started = time.perf_counter()
        rows_gds = gds.query("gds_celf", graphName=orientation, seedSetSize=k, propagationProbability=p,
                             campaign="")
        picks["GDS CELF (100 simulations)"] = (graph.indices_of([row["user"] for row in rows_gds]).tolist(),
                                               time.perf_counter() - started)
        started = time.perf_counter()
        imm = imm_seed_nodes(graph, model, CampaignConstraints(k=k), eps=0.1, eval_trials=0, rng=1)
        picks["graphkit IMM (eps 0.1)"] = (imm.seed_nodes.tolist(), time.perf_counter() - started)
        started = time.perf_counter()
        celf = celf_seed_nodes(graph, model, CampaignConstraints(k=k), n_trials=100, eval_trials=0, rng=1)
        picks["graphkit CELF (100 cascades)"] = (celf.seed_nodes.tolist(), time.perf_counter() - started)
        reference = set(picks["GDS CELF (100 simulations)"][0])
        for name, (seeds, seconds) in picks.items():
            spread = evaluate_seed_set(graph, seeds, model, n_trials=EVAL_TRIALS, rng=12345).spread
            rows.append({"k": k, "method": name, "seconds": seconds, "spread": spread.mean,
                         "std_error": spread.std_error, "shared_with_gds": len(reference & set(seeds))})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", nargs="+", choices=["facebook", "nethept"], default=["facebook", "nethept"])
    parser.add_argument("--k", nargs="+", type=int, default=[10, 50])
    parser.add_argument("--p", type=float, default=0.01, help="IC probability of every tie")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as scratch, throwaway_server(Path(scratch)) as server:
        for name in args.graphs:
            graph = facebook() if name == "facebook" else nethept()
            gds = Gds(server, graph)
            gds.store.clear()
            gds.store.write_graph(graph)
            gds.project("natural", "UNDIRECTED" if not graph.directed else "NATURAL")
            gds.project("undirected", "UNDIRECTED")
            results[name] = {
                "users": graph.n_nodes, "ties": graph.n_ties, "directed": graph.directed,
                "pagerank": compare_pagerank(gds, graph),
                "circles": compare_circles(gds, graph),
                "seeds": compare_seeds(gds, graph, "natural", args.p, args.k),
            }
            gds.store.close()
            _print(name, results[name], args.p)
    OUT.mkdir(exist_ok=True)
    (OUT / "gds.json").write_text(json.dumps(results, indent=2))


def _print(name: str, result: dict, p: float) -> None:
    kind = "directed" if result["directed"] else "undirected"
    print(f"\n### {name}: {result['users']:,} users, {result['ties']:,} {kind} ties\n")
    rank = result["pagerank"]
    print(f"PageRank: max |graphkit - GDS| = {rank['max_abs_diff']:.2e} (scores sum to 1), Spearman "
          f"{rank['spearman']:.4f}; graphkit {rank['graphkit_s']:.2f} s, GDS {rank['gds_s']:.2f} s\n")
    print("| circles | graphkit modularity | GDS modularity | NMI | circles (graphkit / GDS) | seconds (graphkit / GDS) |")
    print("|---|---|---|---|---|---|")
    for row in result["circles"]:
        print(f"| {row['method']} | {row['graphkit_modularity']:.4f} | {row['gds_modularity']:.4f} | {row['nmi']:.3f} "
              f"| {row['graphkit_circles']} / {row['gds_circles']} | {row['graphkit_s']:.2f} / {row['gds_s']:.2f} |")
    print(f"\nIC, p = {p:g} on every tie; spread by graphkit's Monte Carlo, {EVAL_TRIALS:,} cascades, one rng:\n")
    print("| k | method | seconds | spread | seeds shared with GDS |")
    print("|---|---|---|---|---|")
    for row in result["seeds"]:
        print(f"| {row['k']} | {row['method']} | {row['seconds']:.2f} | {row['spread']:.1f} ± {row['std_error']:.1f} "
              f"| {row['shared_with_gds']} |")


if __name__ == "__main__":
    main()
