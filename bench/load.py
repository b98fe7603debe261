"""Load benchmark: soc-Slashdot0902 into the Parquet store, into Neo4j over Bolt, and into Neo4j by bulk import.

Each store is measured in a fresh child process so its peak memory (VmHWM) is its own. The
Neo4j run starts a throw-away local server (free ports, temporary data folder) and also reports
the server JVM's peak resident memory. A freshly started JVM loads at a fraction of its steady
rate (the JIT warms up during the first few hundred thousand rows), so the benchmark first loads
and clears a generated 200k-tie warm-up graph, and reports both the warm-up rate (cold server)
and the timed rate.

    python bench/load.py                       # both stores, ../shared/data/soc-slashdot0902
    python bench/load.py --stores parquet      # one store
    python bench/load.py --ties other.txt.gz --undirected

Each store also runs without what keeps concurrent writers correct, in the same run, to show what
it costs: the Parquet store without its folder lock; Neo4j with graphkit 0.1's first-load path
(CREATE instead of MERGE when the database held no ties; concurrent loads then stored ties twice).

Neo4j's "bulk import" variant is the first load of ``graphkit load`` into the empty database of the
local server graphkit manages: header CSVs, server stopped, ``neo4j-admin database import full``,
server started, constraints, metadata and counts over Bolt, all inside the timed write (its steps
are reported too). It needs no warm-up (the server restarts anyway); its server peak is the
largest of the server JVMs (before and after the restart), and the import tool's peak is its own.

    python bench/load.py --stores neo4j --variants "MERGE,bulk import"   # Bolt and bulk side by side

Neo4j's read-back is also timed as it was before reads were paged concurrently (one session, one
page of 10,000 users at a time, pandas frames and re-indexing) beside today's read, in the same
process.

Prints a Markdown table and writes JSON to bench/out/load.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _memory import peak_mib  # noqa: E402
from _server import MemorySampler, throwaway_server, vm_hwm_mib  # noqa: E402

DEFAULT_TIES = REPO.parent / "shared" / "data" / "soc-slashdot0902" / "soc-Slashdot0902.txt.gz"


VARIANTS = {"parquet": ("folder lock", "no lock"), "neo4j": ("MERGE", "CREATE (0.1)", "bulk import")}
BULK = "bulk import"


_CREATE_TIES = """UNWIND range(0, size($source) - 1) AS i
MATCH (a:User {id: $ids[$source[i]]}) MATCH (b:User {id: $ids[$target[i]]})
CREATE (a)-[r:%s_TIE]->(b)
SET r.weight = $weight[i], r.p = $p[i], r.labelledBy = $labelledBy[i]
FOREACH (key IN keys($props) | SET r[key] = $props[key][i])"""


class _NoLock:
    """Stands in for the Parquet store's folder lock (the 'no lock' variant)."""

    @staticmethod
    def hold(**_):
        import contextlib

        return contextlib.nullcontext()


def _without_guard(store) -> None:
    """Take away what keeps concurrent writers of ``store`` correct (benchmark only)."""
    if hasattr(store, "_lock"):
        store._lock = _NoLock()
        store.folder.mkdir(parents=True)  # which taking the lock would have done
        return
    import graphkit.store._bolt as module

    shipped, write_graph = module._query, store.write_graph

    def creating(name: str) -> str:
        return _CREATE_TIES % name.split("_")[1].upper() if name in ("merge_strong_ties", "merge_weak_ties") else shipped(name)

    def write_graph_as_in_0_1(graph, **options):  # CREATE when the database held no ties, else MERGE
        module._query = creating if store.counts().ties == 0 else shipped
        try:
            return write_graph(graph, **options)
        finally:
            module._query = shipped

    store.write_graph = write_graph_as_in_0_1


def measure(store_kind: str, variant: str, ties: Path, directed: bool) -> dict:
    """Read the file, write it to a fresh store of ``store_kind``, read it back; time each step."""
    from graphkit.io import read_graph_files
    from graphkit.store import open_store

    result: dict = {"store": store_kind, "variant": variant}
    started = time.perf_counter()
    graph, report = read_graph_files(ties, fmt="edgelist", directed=directed)
    result["read_seconds"] = time.perf_counter() - started
    result["lines"] = report.rows_read
    result["ties"] = graph.n_ties
    result["users"] = graph.n_nodes

    with tempfile.TemporaryDirectory() as scratch, contextlib.ExitStack() as stack:
        server = sampler = None
        if store_kind == "neo4j":
            sampler = stack.enter_context(MemorySampler(Path(scratch) / "neo4j")) if variant == BULK else None
            server = stack.enter_context(throwaway_server(Path(scratch) / "neo4j"))
            store = open_store(server.uri, user=server.user, password=server.password)
        else:
            store = open_store(Path(scratch) / "store")
        try:
            from graphkit.generate import generate_social_graph

            if variant == BULK:
                store.importer = server
            elif variant != VARIANTS[store_kind][0]:
                _without_guard(store)
            if variant != BULK:
                warm_up = generate_social_graph(n_users=20_000, mean_degree=20, directed=directed, rng=1)
                result["warm_up_ties_per_second"] = warm_up.n_ties / store.write_graph(warm_up).seconds
                store.clear()
            summary = store.write_graph(graph)
            result["write_seconds"] = summary.seconds
            result["ties_per_second"] = graph.n_ties / summary.seconds
            if variant == BULK:
                assert store.last_import is not None, "the bulk variant loaded over Bolt"
                result["bulk_steps_seconds"] = store.last_import
            started = time.perf_counter()
            again = store.write_graph(graph)
            result["rewrite_seconds"] = time.perf_counter() - started
            result["counts_after_rewrite"] = [again.counts.users, again.counts.ties]
            started = time.perf_counter()
            back = store.read_graph()
            result["read_back_seconds"] = time.perf_counter() - started
            result["read_back"] = [back.n_nodes, back.n_ties]
            if store_kind == "neo4j":
                result.update(_read_back_before_and_after(store, back))
        finally:
            store.close()
            if server is not None:
                result["server_peak_rss_mib"] = vm_hwm_mib(server.status().pid)
            if sampler is not None:
                time.sleep(0.3)  # one more sample of the running server
                result["server_peak_rss_mib"] = sampler.peak("server")
                result["import_tool_peak_rss_mib"] = sampler.peak("import")
    result["python_peak_rss_mib"] = peak_mib()
    return result


def _read_back_before_and_after(store, back) -> dict:
    """Seconds of Neo4j's read-back as before (one session, pages one at a time, pandas:
    the reference in tests/store/test_neo4j.py) and as it reads now, alternating, twice each (the
    best of each counts); checks both give the same graph."""
    sys.path.insert(0, str(REPO))
    import numpy as np

    from tests.store.test_neo4j import read_graph_as_before

    seconds: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(2):
        for kind, read in (("before", lambda: read_graph_as_before(store)), ("after", store.read_graph)):
            started = time.perf_counter()
            graph = read()
            seconds[kind].append(time.perf_counter() - started)
            assert list(graph.node_ids) == list(back.node_ids), kind
            for array in ("indptr", "indices", "arc_strong", "arc_weight"):
                assert np.array_equal(getattr(graph, array), getattr(back, array)), (kind, array)
    return {f"read_back_{kind}_seconds": min(values) for kind, values in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=Path, default=DEFAULT_TIES)
    parser.add_argument("--undirected", action="store_true")
    parser.add_argument("--stores", default="parquet,neo4j")
    parser.add_argument("--variants", help="comma-separated variants to run (default: all of each store's)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "load.json")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.variant, args.ties, not args.undirected)))
        return
    if not args.ties.is_file():
        sys.exit(f"dataset not found: {args.ties} (../shared/data must sit beside the repo)")
    results = []
    for store_kind in args.stores.split(","):
        for variant in VARIANTS[store_kind]:
            if args.variants and variant not in args.variants.split(","):
                continue
            command = [sys.executable, __file__, "--child", store_kind, "--variant", variant, "--ties", str(args.ties)]
            if args.undirected:
                command.append("--undirected")
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)  # stderr shows
            if child.returncode != 0:
                sys.exit(f"{store_kind} {variant} failed (exit {child.returncode}); its stderr is above")
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    machine = f"{os.cpu_count()} cores, {platform.python_version()}"
    args.out.write_text(json.dumps({"machine": machine, "dataset": args.ties.name, "results": results}, indent=2))
    print(f"dataset {args.ties.name}; machine {machine}\n")
    print("| store | path | ties | read file s | write s | ties/s | cold ties/s (warm-up) | re-write s | read back s "
          "| py peak MiB | server peak MiB | import tool peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['store']} | {r['variant']} | {r['ties']:,} | {r['read_seconds']:.2f} | {r['write_seconds']:.2f} | "
            f"{r['ties_per_second']:,.0f} | {_number(r.get('warm_up_ties_per_second'))} | {r['rewrite_seconds']:.2f} | "
            f"{r['read_back_seconds']:.2f} | {r['python_peak_rss_mib']:,.0f} | {_number(r.get('server_peak_rss_mib'))} | "
            f"{_number(r.get('import_tool_peak_rss_mib'))} |"
        )
    for r in results:
        if "read_back_before_seconds" in r:
            before, after = r["read_back_before_seconds"], r["read_back_after_seconds"]
            print(f"\n{r['variant']}: read back as before {before:.2f} s, as now {after:.2f} s "
                  f"({before / after:.1f}x; best of 2 each, alternating)")
    for r in results:
        if "bulk_steps_seconds" in r:
            steps = r["bulk_steps_seconds"]
            rest = r["write_seconds"] - sum(steps.values())
            print("\nbulk import steps: " + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())
                  + f", CSVs + constraints + metadata + counts {rest:.2f} s")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}"


if __name__ == "__main__":
    main()
