"""Graph-construction benchmark: SocialGraph from arrays and from Arrow tables, the reverse CSR, and
opening the embedded store, on the seeded 1M-user / 10M-tie graph (issue 15, items 1 and 2).

The graph is ``generate_social_graph(n_users=1_000_000, mean_degree=15, directed=True, rng=42)``
(the IMM benchmark's, bench/diffusion_seeds.py), saved once as ``.npz`` arrays (node ids, source,
target, tie kind as int8, weight, p) and written once into a Parquet store, both under
``--data``. Every figure comes from a fresh child process, so its peak memory (VmHWM, which unlike
ru_maxrss is not inherited from this parent) is its own; each is repeated ``--repeats`` times and
the median printed, wall and cpu seconds (user + sys: the machine may be shared).

* arrays: ``.npz`` arrays -> SocialGraph (``SocialGraph.from_arrays``; code without it builds the
  pandas tables the constructor takes);
* arrow: Arrow tables (ties: source/target node indices, tie as a dictionary column, weight, p,
  labelled_by; users: id) -> SocialGraph (``SocialGraph.from_arrow``; without it, ``to_pandas``
  and the constructor);
* reverse: ``graph.reverse()`` on the graph just built (the first in the process: with numba's
  import and kernel load), and built again (warm);
* store: ``open_store(folder).read_graph()`` (imports not counted), then ``graph.users`` and
  ``graph.ties`` (built on first use when the store can skip them);
* older-store: the same store as an older graphkit wrote it, without its graph file (the same
  Parquet files, linked, and a ``meta.json`` that names no graph file): ``read_graph`` reads the
  ties file by row groups.

To compare with older code, run the same script against it (PYTHONPATH=<old checkout>): it measures
whatever API that code has, on its own store (``--data`` per checkout: the store is written by the
code measured)::

    python bench/graph_build.py                                  # this checkout
    PYTHONPATH=/work/scratch/wt-old python bench/graph_build.py --data bench/out/graph_build_old

Prints a Markdown table and writes JSON to bench/out/<name of --data>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _memory import peak_mib

REPO = Path(__file__).resolve().parents[1]
_STEPS = ("arrays", "arrow", "store", "older-store")


def prepare(data: Path, users: int, mean_degree: float) -> None:
    """The ``.npz`` arrays and the store, made once per ``--data`` folder."""
    import numpy as np

    from graphkit.generate import generate_social_graph
    from graphkit.store import open_store

    arrays, store = data / "graph.npz", data / "store"
    if arrays.is_file() and (store / "meta.json").is_file():
        _older_store(store, data / "older-store")
        return
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    graph = generate_social_graph(n_users=users, mean_degree=mean_degree, directed=True, rng=42)
    print(f"generated {graph!r} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    np.savez(
        arrays,
        ids=graph.node_ids.astype(str),
        source=graph.ties["source"].to_numpy(np.int32),
        target=graph.ties["target"].to_numpy(np.int32),
        kind=graph.ties["tie"].cat.codes.to_numpy(np.int8),
        weight=graph.ties["weight"].to_numpy(np.float64),
        p=graph.ties["p"].to_numpy(np.float64),
    )
    started = time.perf_counter()
    open_store(str(store)).write_graph(graph)
    print(f"wrote the store in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    _older_store(store, data / "older-store")


def _older_store(store: Path, older: Path) -> None:
    """``store`` as graphkit wrote it before graph files: its Parquet files, linked, and its meta.json
    without the graph file."""
    meta = json.loads((store / "meta.json").read_text())
    meta.pop("graph_file", None)
    older.mkdir(exist_ok=True)
    for name in meta["tables"].values():
        if not (older / name).exists():
            os.link(store / name, older / name)
    (older / "meta.json").write_text(json.dumps(meta))


def child(step: str, data: Path) -> dict:
    """One measurement, in this (fresh) process."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    from graphkit.graph import TIE_KINDS, SocialGraph
    from graphkit.store import open_store

    row: dict = {"step": step}
    if step in ("store", "older-store"):
        graph = _timed(row, "build", lambda: open_store(str(data / step)).read_graph())
    else:
        loaded = np.load(data / "graph.npz")
        arrays = {name: loaded[name] for name in loaded.files}
        if step == "arrays":
            if hasattr(SocialGraph, "from_arrays"):

                def build():
                    return SocialGraph.from_arrays(
                        arrays["ids"],
                        arrays["source"],
                        arrays["target"],
                        arrays["kind"],
                        weight=arrays["weight"],
                        p=arrays["p"],
                        directed=True,
                    )
            else:

                def build():
                    ties = {
                        "source": arrays["source"],
                        "target": arrays["target"],
                        "tie": pd.Categorical.from_codes(arrays["kind"], TIE_KINDS),
                        "weight": arrays["weight"],
                        "p": arrays["p"],
                        "labelled_by": "input",
                    }
                    users = pd.DataFrame({"id": arrays["ids"].astype(object)})
                    return SocialGraph(users=users, ties=pd.DataFrame(ties), directed=True)
        else:
            kinds = pa.DictionaryArray.from_arrays(pa.array(arrays["kind"]), pa.array(list(TIE_KINDS)))
            labels = pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(len(arrays["source"]), np.int8)), pa.array(["generator"])
            )
            ties = pa.table(
                {
                    "source": arrays["source"],
                    "target": arrays["target"],
                    "tie": kinds,
                    "weight": arrays["weight"],
                    "p": arrays["p"],
                    "labelled_by": labels,
                }
            )
            users = pa.table({"id": pa.array(arrays["ids"].astype(object), pa.string())})

            def build():
                if hasattr(SocialGraph, "from_arrow"):
                    return SocialGraph.from_arrow(ties, users, directed=True)
                return SocialGraph(users=users.to_pandas(), ties=ties.to_pandas(), directed=True)

        graph = _timed(row, "build", build)
    row["build_peak_mib"] = peak_mib()
    _timed(row, "reverse", graph.reverse)
    _timed(row, "reverse_again", lambda: SocialGraph._build_reverse(graph))  # numba loaded, kernels warm
    if step in ("store", "older-store"):
        for table in ("users", "ties"):
            _timed(row, table, lambda: getattr(graph, table))
    row.update(users=graph.n_nodes, ties=graph.n_ties, peak_mib=peak_mib())
    return row


def _timed(row: dict, key: str, make):
    """``make()``, its wall and cpu seconds in ``row`` as ``<key>_s`` and ``<key>_cpu_s``."""
    wall, cpu = time.perf_counter(), time.process_time()
    made = make()
    row[f"{key}_s"], row[f"{key}_cpu_s"] = time.perf_counter() - wall, time.process_time() - cpu
    return made


def _median(rows: list[dict], key: str) -> float:
    return statistics.median(row[key] for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--mean-degree", type=float, default=15.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--data", type=Path, default=REPO / "bench" / "out" / "graph_build")
    parser.add_argument("--steps", nargs="+", choices=_STEPS, default=list(_STEPS))
    parser.add_argument("--child", choices=_STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data)))
        return
    prepare(args.data, args.users, args.mean_degree)
    results = {}
    for step in args.steps:
        runs = []
        for _ in range(args.repeats):
            done = subprocess.run(
                [sys.executable, __file__, "--child", step, "--data", str(args.data)],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            )
            runs.append(json.loads(done.stdout.splitlines()[-1]))
        results[step] = runs
    print(f"load average {os.getloadavg()[0]:.2f}; medians of {args.repeats} child processes; {args.data}")
    print(
        "| from | users | ties | build s (cpu s) | reverse CSR s (cpu s) | again s (cpu s) "
        "| peak RSS after build / at end MiB |"
    )
    print("|---|---|---|---|---|---|---|")
    for step, runs in results.items():
        extra = ""
        if step in ("store", "older-store"):
            extra = f"; then users {_median(runs, 'users_s'):.2f} s, ties {_median(runs, 'ties_s'):.2f} s"
        print(
            f"| {step} | {runs[0]['users']:,} | {runs[0]['ties']:,} | {_median(runs, 'build_s'):.2f} "
            f"({_median(runs, 'build_cpu_s'):.2f}){extra} | {_median(runs, 'reverse_s'):.2f} "
            f"({_median(runs, 'reverse_cpu_s'):.2f}) | {_median(runs, 'reverse_again_s'):.2f} "
            f"({_median(runs, 'reverse_again_cpu_s'):.2f}) | {_median(runs, 'build_peak_mib'):,.0f} / "
            f"{_median(runs, 'peak_mib'):,.0f} |"
        )
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{args.data.name}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
