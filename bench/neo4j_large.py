"""The largest graph into Neo4j and back: the seeded 1M-user / 10M-tie graph, bulk-loaded into a fresh local
server sized from the graph, a Bolt incremental load on top, read back, memory watched (issue 14 item 5).

The graph is ``generate_social_graph(n_users=1_000_000, mean_degree=15, directed=True, rng=42)``
(the IMM and graph-construction benchmarks', bench/diffusion_seeds.py, bench/graph_build.py), made
once and saved as ``.npz`` arrays under ``--data``. The measurement runs in a fresh child process
(its VmHWM is its own):

1. a fresh server starts as ``graphkit neo4j start`` would on an empty database (``auto``: the
   minimum sizes), then :meth:`Neo4jServer.size_for` sizes it for the graph, as ``graphkit load``
   does; the bulk first load (``neo4j-admin database import full``) restarts it with those sizes
   (``--fixed 1g,512m``: no sizing, the server keeps the sizes it had before sizing existed; the
   import tool is bounded either way);
2. the sizes the running server reports (``SHOW SETTINGS``) are recorded;
3. a Bolt incremental load: ``--slice`` ties reversed (b -> a for a -> b: new ties between users
   the store holds), MERGEd over Bolt;
4. the store's ``read_graph``, compared with the graph (users, ties, and every tie's ends);
5. memory: the peak resident size (VmHWM) of the server JVMs, of the import tool and of the
   client, the lowest MemAvailable of the machine, swap before and after; the store's size on
   disk against the rule's estimate.

Usage::

    python bench/neo4j_large.py                       # 1M users, ~10M ties
    python bench/neo4j_large.py --users 100000        # a smaller graph of the same kind
    python bench/neo4j_large.py --fixed 1g,512m       # the server's former fixed sizes, for comparison

Prints a Markdown table and writes JSON to bench/out/neo4j_large.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _server import MemorySampler, meminfo_mib, throwaway_server, vm_hwm_mib  # noqa: E402


def prepare(data: Path, users: int, mean_degree: float) -> Path:
    """The graph's tie arrays (``.npz``) and users table (``.parquet``, with the generator's user
    columns), made once per ``--data`` folder and size; returns the ``.npz`` path."""
    import numpy as np

    from graphkit.generate import generate_social_graph

    arrays = data / f"graph-{users}-{mean_degree:g}.npz"
    if arrays.is_file():
        return arrays
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    graph = generate_social_graph(n_users=users, mean_degree=mean_degree, directed=True, rng=42)
    print(f"generated {graph!r} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    graph.users.to_parquet(arrays.with_suffix(".parquet"))
    np.savez(
        arrays,
        source=graph.ties["source"].to_numpy(np.int32),
        target=graph.ties["target"].to_numpy(np.int32),
        kind=graph.ties["tie"].cat.codes.to_numpy(np.int8),
        weight=graph.ties["weight"].to_numpy(np.float64),
        p=graph.ties["p"].to_numpy(np.float64),
    )
    return arrays


def _settings(server) -> dict:
    """The memory settings the running server reports."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'server.memory.' RETURN name, value"
        )
    return {r["name"]: r["value"] for r in records}


def _du(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def child(arrays: Path, slice_ties: int, fixed: str | None) -> dict:
    """One measurement, in this (fresh) process."""
    import numpy as np
    import pandas as pd

    from graphkit.graph import SocialGraph
    from graphkit.server.memory import estimate_store_bytes
    from graphkit.store import open_store

    row: dict = {"swap_free_mib_before": meminfo_mib("SwapFree"), "swap_total_mib": meminfo_mib("SwapTotal"),
                 "available_mib_before": meminfo_mib("MemAvailable")}
    loaded = np.load(arrays)
    users = pd.read_parquet(arrays.with_suffix(".parquet"))
    graph = SocialGraph.from_arrays(users["id"].to_numpy(object), loaded["source"], loaded["target"],
                                    loaded["kind"], weight=loaded["weight"], p=loaded["p"], directed=True,
                                    users=users)
    user_properties = len(users.columns) - 1
    row.update(users=graph.n_nodes, ties=graph.n_ties, user_properties=user_properties,
               client_mib_graph=vm_hwm_mib())
    with tempfile.TemporaryDirectory(prefix="gk-large-") as scratch:
        folder = Path(scratch) / "neo4j"
        fresh = throwaway_server(folder, heap="1g", pagecache="512m")  # what an empty database gets
        with MemorySampler(folder) as sampler, fresh as server:
            if fixed is None:
                plan = server.size_for(users=graph.n_nodes, ties=graph.n_ties,
                                       user_properties=user_properties)
                row["plan"] = plan.describe()
            else:
                heap, pagecache = fixed.split(",")
                server.config = replace(server.config, heap=heap, pagecache=pagecache)
                row["plan"] = f"fixed: heap {server.config.heap}, page cache {server.config.pagecache}"
            store = open_store(server.uri, user=server.user, password=server.password)
            try:
                summary = store.import_graph(graph, importer=server)
                row.update(bulk_seconds=summary.seconds, bulk_steps=store.last_import,
                           bulk_ties_per_second=graph.n_ties / summary.seconds,
                           counts_after_bulk=[summary.counts.users, summary.counts.ties])
                row["settings"] = _settings(server)
                row["store_mib_on_disk"] = _du(folder / "data" / "databases" / "neo4j") / 2**20
                row["store_mib_estimate"] = estimate_store_bytes(
                    graph.n_nodes, graph.n_ties, user_properties=user_properties) / 2**20
                row.update(_bolt_slice(store, graph, slice_ties))
                started = time.perf_counter()
                back = store.read_graph()
                row["read_seconds"] = time.perf_counter() - started
                row["read_ties_per_second"] = back.n_ties / row["read_seconds"]
                row["read_back"] = [back.n_nodes, back.n_ties]
                row["read_back_matches"] = _same_ties(graph, back, slice_ties)
            finally:
                store.close()
        row.update(server_peak_mib=sampler.peak("server"), import_tool_peak_mib=sampler.peak("import"),
                   lowest_available_mib=sampler.lowest_available_mib)
    row.update(client_peak_mib=vm_hwm_mib(), swap_free_mib_after=meminfo_mib("SwapFree"),
               available_mib_after=meminfo_mib("MemAvailable"))
    return row


def _reversed_slice(graph, slice_ties: int):
    """The first ``slice_ties`` ties reversed (b -> a for a -> b), without those already in the graph."""
    import numpy as np

    from graphkit.graph import SocialGraph

    source, target = _ends(graph)
    keys = _keys(graph, source, target)
    picked = np.arange(min(slice_ties, graph.n_ties))
    new = ~np.isin(target[picked].astype(np.int64) * graph.n_nodes + source[picked], keys)
    picked = picked[new]
    ends, local = np.unique(np.concatenate([target[picked], source[picked]]), return_inverse=True)
    n = len(picked)
    return SocialGraph.from_arrays(graph.node_ids[ends], local[:n], local[n:], np.zeros(n, np.int8),
                                   weight=np.ones(n), p=np.full(n, 0.05), directed=True)


def _ends(graph):
    """Each tie's (source, target) node indices."""
    ties = graph.ties
    return ties["source"].to_numpy(), ties["target"].to_numpy()


def _bolt_slice(store, graph, slice_ties: int) -> dict:
    if slice_ties <= 0:
        return {}
    extra = _reversed_slice(graph, slice_ties)
    summary = store.write_graph(extra)
    assert store.last_import is not None  # the bulk load's: this one went over Bolt (the store is not empty)
    return {"bolt_ties": extra.n_ties, "bolt_seconds": summary.seconds,
            "bolt_ties_per_second": extra.n_ties / summary.seconds,
            "counts_after_bolt": [summary.counts.users, summary.counts.ties]}


def _same_ties(graph, back, slice_ties: int) -> bool:
    """Whether ``back`` holds the users of ``graph`` and its ties plus the Bolt slice, end for end."""
    import numpy as np

    if back.n_nodes != graph.n_nodes:
        return False
    order = graph.indices_of(back.node_ids)  # back's node index -> graph's
    wanted = [_keys(graph, *_ends(graph))]
    if slice_ties > 0:
        extra = _reversed_slice(graph, slice_ties)
        wanted.append(_keys(graph, *(graph.indices_of(extra.node_ids)[end] for end in _ends(extra))))
    source, target = _ends(back)
    found = _keys(graph, order[source], order[target])
    return np.array_equal(np.sort(np.concatenate(wanted)), np.sort(found))


def _keys(graph, source, target):
    import numpy as np

    return source.astype(np.int64) * graph.n_nodes + target.astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=15.0)
    parser.add_argument("--slice", type=int, default=200_000,
                        help="Ties of the Bolt incremental load (0: none).")
    parser.add_argument("--data", type=Path, default=REPO / "bench" / "out" / "neo4j_large")
    parser.add_argument("--fixed", help="HEAP,PAGECACHE for the server instead of sizing it (e.g. 1g,512m).")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.slice, args.fixed)))
        return
    arrays = prepare(args.data, args.users, args.mean_degree)
    load_before = os.getloadavg()
    fixed = ["--fixed", args.fixed] if args.fixed else []
    command = [sys.executable, __file__, "--child", str(arrays), "--slice", str(args.slice), *fixed]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ)
    row = json.loads(done.stdout.splitlines()[-1])
    row["load_average"] = [load_before[0], os.getloadavg()[0]]
    _print(row)
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    name = "neo4j_large" + (f"_fixed_{args.fixed.replace(',', '_')}" if args.fixed else "")
    (out / f"{name}.json").write_text(json.dumps(row, indent=2))


def _print(row: dict) -> None:
    print(f"load average {row['load_average'][0]:.2f} before, {row['load_average'][1]:.2f} after")
    print(row["plan"])
    print(f"server settings: {row['settings']}")
    print("| step | ties | seconds | ties/s |")
    print("|---|---|---|---|")
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in row["bulk_steps"].items())
    print(f"| bulk first load ({steps}) | {row['ties']:,} | {row['bulk_seconds']:.1f} | "
          f"{row['bulk_ties_per_second']:,.0f} |")
    if "bolt_ties" in row:
        print(f"| Bolt incremental load | {row['bolt_ties']:,} | {row['bolt_seconds']:.1f} | "
              f"{row['bolt_ties_per_second']:,.0f} |")
    print(f"| read_graph | {row['read_back'][1]:,} | {row['read_seconds']:.1f} | "
          f"{row['read_ties_per_second']:,.0f} |")
    print(f"users {row['users']:,}; counts after bulk {row['counts_after_bulk']}, after Bolt "
          f"{row.get('counts_after_bolt')}, read back {row['read_back']}, "
          f"same ties: {row['read_back_matches']}")
    print(f"peak MiB: server {row['server_peak_mib']:,.0f}, import tool {row['import_tool_peak_mib']:,.0f}, "
          f"client {row['client_peak_mib']:,.0f} (holding the graph: {row['client_mib_graph']:,.0f}); "
          f"MemAvailable {row['available_mib_before']:,.0f} before, "
          f"lowest {row['lowest_available_mib']:,.0f}; "
          f"swap free {row['swap_free_mib_before']:,.0f} -> {row['swap_free_mib_after']:,.0f} MiB "
          f"of {row['swap_total_mib']:,.0f}")
    print(f"store on disk {row['store_mib_on_disk']:,.0f} MiB, "
          f"rule's estimate {row['store_mib_estimate']:,.0f} MiB")


if __name__ == "__main__":
    main()
