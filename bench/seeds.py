"""From the store to seeds: the whole ``graphkit seeds`` process beside compiled peers (issue 15).

For each graph, IC weighted cascade, k = 50:

* NetHEPT (``../shared/data/nethept/snowgy/NetHEPT.txt``), eps = 0.1;
* soc-Slashdot0902 (``../shared/data/soc-slashdot0902/``), eps = 0.5;
* ``generate_social_graph(n_users=1_000_000, mean_degree=15, directed=True, rng=42)`` (about 10M
  ties), eps = 0.5;

each graph is loaded once into an embedded store (kept in ``--data``), then:

1. ``graphkit seeds --store ... --json -q`` (``--eval-trials`` 10,000 on NetHEPT, for a standard
   error near the C++ anchor's; 1,000 on Slashdot; 100 on 1M) runs ``--repeats`` times as a fresh
   process: whole wall
   and peak memory (the child's ``ru_maxrss`` from ``os.wait4``), seeds and spread;
2. one more fresh process runs the same command in process with timers around its steps (this
   file's ``--phases`` mode): import, store open, graph build, reverse CSR, arc probabilities,
   sampling, selection, evaluation, and the peak resident size (VmHWM) within each;
3. the peer: PyNetIM's IMM (C++ backend, ``pip install pynetim``) on the same arcs and
   probabilities, in a fresh process (wall, peak, seeds), its seeds' spread estimated by graphkit's
   Monte Carlo with the same trials; and CyNetDiff's Monte Carlo of graphkit's seeds beside
   graphkit's own (same trial count, one thread each).

A second table compares the RR-set samplers on NetHEPT and 1M/10M at eps 0.1 and 0.5 (``SAMPLERS``):
IMM with the standard sampler, with ``--sampler subsim`` (Guo et al. 2020), and ``--sampler subsim
--stopping opim-c`` (Tang et al. 2018's stopping rule, which SUBSIM's own figures use): the same
``graphkit seeds`` processes (wall, peak, spread, sets) and one phases run each (sampling, selection).
Anchor: SUBSIM's C++ at eps 0.1 on 1M/10M, 0.89 s and 200 MiB (issue 15).

The C++ IMM figures of the issue are fixed anchors in the table. Goals: 1M/10M <= 12 s wall and
<= 650 MiB; NetHEPT <= 1.5 s; spread within 1 SE of the C++ IMM's seeds (1,293.4 +- 0.7); the
SUBSIM-class sampler within 2x of SUBSIM's 0.89 s at eps 0.1 on 1M/10M.

    python bench/seeds.py                      # all three graphs, then the samplers
    python bench/seeds.py --skip-large         # NetHEPT and Slashdot
    python bench/seeds.py --graphs nethept     # one graph
    python bench/seeds.py --samplers-only --graphs nethept 1m   # only the samplers' table

Prints a Markdown table and writes JSON to bench/out/seeds.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
NETHEPT = DATA / "nethept" / "snowgy" / "NetHEPT.txt"
SLASHDOT = DATA / "soc-slashdot0902" / "soc-Slashdot0902.txt.gz"
GRAPHS = {"nethept": (0.1, 10_000), "slashdot": (0.5, 1_000), "1m": (0.5, 100)}
"""eps and the evaluation's Monte Carlo trials (``--eval-trials``) of each graph."""
ANCHORS = {
    "nethept": "C++ IMM 0.43 s; spread of its seeds 1,293.4 +- 0.7",
    "1m": "C++ IMM 12.5-15.3 s, 326 MiB",
}
K = 50
MIB = 1024.0
SAMPLERS = [("standard", "imm"), ("subsim", "imm"), ("subsim", "opim-c"), ("standard", "hist"), ("subsim", "hist")]
"""(--sampler, --stopping) of the samplers' table, each at SAMPLER_EPS on SAMPLER_GRAPHS."""
SAMPLER_EPS = (0.1, 0.5)
SAMPLER_GRAPHS = ("nethept", "1m")


# ---------------------------------------------------------------- the stores


def _nethept_arrays():
    import numpy as np

    arcs = np.loadtxt(NETHEPT, skiprows=1, usecols=(0, 1), dtype=np.int64)
    return 15233, arcs[:, 0], arcs[:, 1]


def _slashdot_arrays():
    import numpy as np

    with gzip.open(SLASHDOT, "rt") as lines:
        arcs = np.loadtxt(lines, comments="#", dtype=np.int64)
    arcs = arcs[arcs[:, 0] != arcs[:, 1]]
    ids, arcs = np.unique(arcs, return_inverse=True)
    arcs = np.unique(arcs.reshape(-1, 2), axis=0)
    return len(ids), arcs[:, 0], arcs[:, 1]


def _store(data: Path, name: str) -> Path:
    """The store of graph ``name`` under ``data``, written the first time."""
    import numpy as np

    from graphkit.store.parquet import ParquetStore

    folder = data / name
    if (folder / "meta.json").is_file():
        return folder
    if name == "1m":
        from graphkit.generate import generate_social_graph

        graph = generate_social_graph(n_users=1_000_000, mean_degree=15, directed=True, rng=42)
    else:
        from graphkit.graph import SocialGraph

        n, source, target = _nethept_arrays() if name == "nethept" else _slashdot_arrays()
        ids = np.array([str(i) for i in range(n)], dtype=object)
        graph = SocialGraph.from_arrays(ids, source, target, np.zeros(len(source), np.int8), directed=True)
    ParquetStore(folder).write_graph(graph)
    return folder


def _command(store: Path, eps: float, eval_trials: int, sampler: str = "standard",
             stopping: str = "imm") -> list[str]:
    options = (["--sampler", sampler] if sampler != "standard" else []) + (
        ["--stopping", stopping] if stopping != "imm" else [])
    return ["seeds", "--store", str(store), "--k", str(K), "--eps", str(eps), "--probability",
            "weighted_cascade", "--eval-trials", str(eval_trials), *options, "--json", "-q"]


# ---------------------------------------------------------------- fresh processes


_LAUNCH = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(process.pid, 0)
print(f"{time.perf_counter() - started} {usage.ru_maxrss}", file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs a command and prints its wall and ru_maxrss. A child's ru_maxrss starts at the resident size of
the process it was forked from, so the command is forked from this small launcher, not from the
benchmark (which holds graphs)."""


def _child(arguments: list[str]) -> tuple[float, float, str]:
    """Run ``python ARGUMENTS`` in a fresh process: (wall s, peak MiB, stdout)."""
    result = subprocess.run([sys.executable, "-c", _LAUNCH, sys.executable, *arguments], capture_output=True,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    if result.returncode:
        raise RuntimeError(f"{arguments} exited with {result.returncode}: {result.stderr.decode()[-2000:]}")
    wall, peak = result.stderr.decode().split()[-2:]
    return float(wall), int(peak) / MIB, result.stdout.decode()


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if len(ordered) % 2 else sum(ordered[len(ordered) // 2 - 1:][:2]) / 2


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def cli_runs(store: Path, eps: float, eval_trials: int, repeats: int, *variant: str) -> dict:
    walls, peaks, document = [], [], None
    for _ in range(repeats):
        wall, peak, out = _child(["-m", "graphkit.cli", *_command(store, eps, eval_trials, *variant)])
        walls.append(wall)
        peaks.append(peak)
        document = json.loads(out)
    return {"wall_s": _median(walls), "wall_s_all": [round(w, 2) for w in walls], "peak_mib": _median(peaks),
            "seed_ids": document["seed_ids"], "reach": document["reach"],
            "reach_std_error": document["reach_std_error"],
            "rr_sets": [document["params"]["rr_sets_sampling"], document["params"]["rr_sets_selection"]],
            "rr_set_entries": document["params"]["rr_set_entries"]}


# ---------------------------------------------------------------- phases (run inside the child)


def _hwm_reset() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def _status(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / MIB
    return float("nan")


class _Phases:
    """Wall time and VmHWM of each named step; steps called again add up (peak: the highest)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak: dict[str, float] = {}
        self.depth = 0

    def wrap(self, owner, attribute: str, name: str) -> None:
        inner = getattr(owner, attribute)
        phases = self

        def timed(*args, **kwargs):
            if phases.depth:
                return inner(*args, **kwargs)
            phases.depth += 1
            _hwm_reset()
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                phases.seconds[name] = phases.seconds.get(name, 0.0) + time.perf_counter() - started
                phases.peak[name] = max(phases.peak.get(name, 0.0), _status("VmHWM:"))
                phases.depth -= 1

        setattr(owner, attribute, timed)


def phases_main(store: str, eps: float, eval_trials: int, *variant: str) -> None:
    """The ``seeds`` command in this process with its steps timed; prints one JSON line."""
    started = time.perf_counter()
    import graphkit.audience  # noqa: F401  (every module the command imports, before it runs)
    import graphkit.cli.app as cli
    import graphkit.cluster  # noqa: F401
    import graphkit.diffusion.seeds  # noqa: F401
    import graphkit.store as stores
    import graphkit.writeback  # noqa: F401
    from graphkit.diffusion import _hist, coverage, imm, models, seed_set
    from graphkit.graph import SocialGraph
    from graphkit.store.parquet import ParquetStore

    imported = time.perf_counter() - started
    phases = _Phases()
    phases.wrap(stores, "open_store", "store open")
    phases.wrap(ParquetStore, "read_graph", "graph build")
    phases.wrap(SocialGraph, "reverse", "reverse CSR")
    phases.wrap(models.ICModel, "arc_probabilities", "arc probabilities")
    phases.wrap(models.ICModel, "head_probabilities", "arc probabilities")  # weighted cascade's, per user
    phases.wrap(coverage.LocalRRSets, "add", "sampling")
    phases.wrap(imm, "_select", "selection")  # IMM's greedy runs, with the sets' inversion
    phases.wrap(imm, "greedy_cover", "selection")  # OPIM-C's (inside _select, counted once)
    phases.wrap(_hist, "greedy_cover", "selection")  # HIST's
    phases.wrap(seed_set, "estimate_spread", "evaluation")
    sys.argv = ["graphkit", *_command(Path(store), eps, eval_trials, *variant)]
    command_started = time.perf_counter()
    out = sys.stdout
    sys.stdout = open(os.devnull, "w")
    try:
        cli.main()
    except SystemExit as stop:
        if stop.code:
            raise
    finally:
        sys.stdout = out
    command = time.perf_counter() - command_started
    seconds = {"import": imported, **phases.seconds}
    seconds["rest of the command"] = command - sum(phases.seconds.values())
    print(json.dumps({"seconds": seconds, "peak_mib": phases.peak}))


# ---------------------------------------------------------------- peers


def pynetim_main(store: str, eps: float) -> None:
    """PyNetIM's IMM on the store's arcs with weighted-cascade probabilities; prints the seeds as JSON."""
    import numpy as np

    from graphkit.store.parquet import ParquetStore

    graph = ParquetStore(store).read_graph()
    source, target = graph.arc_source, graph.indices
    in_degree = np.bincount(target, minlength=graph.n_nodes)
    weights = (1.0 / in_degree[target]).tolist()
    edges = list(zip(source.tolist(), target.tolist()))
    del graph
    import pynetim

    started = time.perf_counter()
    im_graph = pynetim.IMGraph(edges, weights, directed=True, renumber=False)
    del edges, weights
    seeds = pynetim.IMMAlgorithm(im_graph, "IC", epsilon=eps, l=1, random_seed=0).run(K)
    print(json.dumps({"seeds": sorted(int(s) for s in seeds), "imm_s": time.perf_counter() - started}))


def peer_runs(store: Path, eps: float, eval_trials: int) -> dict:
    try:
        import pynetim  # noqa: F401
    except ImportError:
        return {"pynetim": "not installed (pip install pynetim)"}
    wall, peak, out = _child([__file__, "--pynetim", str(store), str(eps)])
    document = json.loads(out)
    row = {"pynetim_wall_s": wall, "pynetim_peak_mib": peak, "pynetim_imm_s": document["imm_s"]}
    if eval_trials:
        from graphkit.diffusion.models import ICModel
        from graphkit.diffusion.seeds import evaluate_seed_set
        from graphkit.store.parquet import ParquetStore

        graph = ParquetStore(store).read_graph()
        spread = evaluate_seed_set(graph, document["seeds"], ICModel(probability="weighted_cascade"),
                                   n_trials=eval_trials, rng=12345).spread
        row.update(pynetim_spread=spread.mean, pynetim_spread_se=spread.std_error)
    return row


def cynetdiff_runs(store: Path, seed_ids: list[str], trials: int) -> dict:
    """graphkit's and CyNetDiff's Monte Carlo of the same seeds, one thread each."""
    try:
        from cynetdiff.models import IndependentCascadeModel
    except ImportError:
        return {"cynetdiff": "not installed"}
    import numba
    import numpy as np

    from graphkit.diffusion.models import ICModel
    from graphkit.diffusion.simulate import estimate_spread
    from graphkit.store.parquet import ParquetStore

    graph = ParquetStore(store).read_graph()
    seeds = np.searchsorted(graph.node_ids, np.array(seed_ids, dtype=object))
    model = ICModel(probability="weighted_cascade")
    starts, heads = np.asarray(graph.indptr[:-1], np.uint32), np.asarray(graph.indices, np.uint32)
    probabilities = model.arc_probabilities(graph).astype(np.float32)
    cynet = IndependentCascadeModel(starts, heads, activation_probs=probabilities, rng=0)
    numba.set_num_threads(1)
    estimate_spread(graph, seeds, model, n_trials=10, rng=0)
    started = time.perf_counter()
    ours = estimate_spread(graph, seeds, model, n_trials=trials, rng=1)
    graphkit_s = time.perf_counter() - started
    started = time.perf_counter()
    theirs = cynet.compute_marginal_gains([int(s) for s in seeds], [], trials)[0]
    return {"mc_trials": trials, "graphkit_mc_s": graphkit_s, "graphkit_mc_spread": ours.mean,
            "cynetdiff_mc_s": time.perf_counter() - started, "cynetdiff_mc_spread": float(theirs)}


# ---------------------------------------------------------------- the table


def measure(data: Path, name: str, repeats: int, eval_trials: int) -> dict:
    eps, eval_trials = GRAPHS[name][0], eval_trials or GRAPHS[name][1]
    store = _store(data, name)
    row = {"graph": name, "eps": eps, "k": K, "eval_trials": eval_trials, "load_before": _load()}
    row.update(cli_runs(store, eps, eval_trials, repeats))
    _, _, out = _child([__file__, "--phases", str(store), str(eps), str(eval_trials)])
    row["phases"] = json.loads(out.strip().splitlines()[-1])
    row.update(peer_runs(store, eps, eval_trials))
    row.update(cynetdiff_runs(store, row["seed_ids"], min(eval_trials, 1000)))
    row["anchor"] = ANCHORS.get(name, "")
    row["load_after"] = _load()
    return row


def _table(rows: list[dict]) -> str:
    lines = ["| graph | eps | graphkit seeds wall s (runs) | peak MiB | spread +- SE "
             "| PyNetIM process wall s / MiB | PyNetIM seeds' spread | C++ anchor | load |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        peer = (f"{row['pynetim_wall_s']:.2f} ({row['pynetim_imm_s']:.2f} in IMM) / "
                f"{row['pynetim_peak_mib']:,.0f}" if "pynetim_wall_s" in row
                else row.get("pynetim", ""))
        peer_spread = (f"{row['pynetim_spread']:,.1f} +- {row['pynetim_spread_se']:.1f}"
                       if "pynetim_spread" in row else "")
        runs = ", ".join(map(str, row["wall_s_all"]))
        lines.append(
            f"| {row['graph']} | {row['eps']} | {row['wall_s']:.2f} ({runs}) "
            f"| {row['peak_mib']:,.0f} | {row['reach']:,.1f} +- {row['reach_std_error']:.1f} | {peer} "
            f"| {peer_spread} | {row['anchor']} | {row['load_before']} |")
    lines += ["", "| graph | " + " | ".join(rows[0]["phases"]["seconds"]) + " |",
              "|---|" + "---|" * len(rows[0]["phases"]["seconds"])]
    for row in rows:
        phases = row["phases"]
        peaks = phases["peak_mib"]
        cells = [f"{seconds:.2f} s" + (f" / {peaks[name]:,.0f} MiB" if name in peaks else "")
                 for name, seconds in phases["seconds"].items()]
        lines.append(f"| {row['graph']} | " + " | ".join(cells) + " |")
    lines += ["", "| graph | MC trials | graphkit MC s (1 thread) | CyNetDiff MC s | spreads |",
              "|---|---|---|---|---|"]
    for row in rows:
        if "cynetdiff_mc_s" in row:
            lines.append(f"| {row['graph']} | {row['mc_trials']} | {row['graphkit_mc_s']:.2f} "
                         f"| {row['cynetdiff_mc_s']:.2f} | {row['graphkit_mc_spread']:,.1f} / "
                         f"{row['cynetdiff_mc_spread']:,.1f} |")
    return "\n".join(lines)


def sampler_rows(data: Path, name: str, repeats: int, eval_trials: int) -> list[dict]:
    """The samplers' table rows of graph ``name``: every (sampler, stopping) at every eps, in one run."""
    store = _store(data, name)
    eval_trials = eval_trials or GRAPHS[name][1]
    rows = []
    for eps in SAMPLER_EPS:
        for variant in SAMPLERS:
            row = {"graph": name, "eps": eps, "sampler": variant[0], "stopping": variant[1],
                   "load_before": _load()}
            row.update(cli_runs(store, eps, eval_trials, repeats, *variant))
            _, _, out = _child([__file__, "--phases", str(store), str(eps), str(eval_trials), *variant])
            row["phases"] = json.loads(out.strip().splitlines()[-1])
            rows.append(row)
    return rows


def _sampler_table(rows: list[dict]) -> str:
    lines = ["| graph | eps | sampler / stopping | seeds wall s (runs) | peak MiB | sampling s | selection s "
             "| RR sets (sampling, selection) | spread +- SE | load |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        seconds = row["phases"]["seconds"]
        runs = ", ".join(map(str, row["wall_s_all"]))
        lines.append(
            f"| {row['graph']} | {row['eps']} | {row['sampler']} / {row['stopping']} "
            f"| {row['wall_s']:.2f} ({runs}) | {row['peak_mib']:,.0f} | {seconds.get('sampling', 0.0):.2f} "
            f"| {seconds.get('selection', 0.0):.2f} | {row['rr_sets'][0]:,}, {row['rr_sets'][1]:,} "
            f"| {row['reach']:,.1f} +- {row['reach_std_error']:.1f} | {row['load_before']} |")
    lines.append("\nAnchor: SUBSIM (C++, OPIM-C stopping) eps 0.1 on 1M/10M: 0.89 s, 200 MiB.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", nargs="+", choices=list(GRAPHS), default=list(GRAPHS))
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--eval-trials", type=int, default=0, help="default: 10,000 / 1,000 / 100 by graph")
    parser.add_argument("--data", type=Path, default=REPO / "bench" / "out" / "seeds-data")
    parser.add_argument("--samplers-only", action="store_true", help="only the samplers' table")
    parser.add_argument("--skip-samplers", action="store_true", help="leave out the samplers' table")
    parser.add_argument("--phases", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--pynetim", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases:
        return phases_main(args.phases[0], float(args.phases[1]), int(args.phases[2]), *args.phases[3:])
    if args.pynetim:
        return pynetim_main(args.pynetim[0], float(args.pynetim[1]))
    graphs = [name for name in args.graphs if not (args.skip_large and name == "1m")]
    out = REPO / "bench" / "out"
    out.mkdir(exist_ok=True)
    if not args.samplers_only:
        rows = [measure(args.data, name, args.repeats, args.eval_trials) for name in graphs]
        print(_table(rows))
        (out / "seeds.json").write_text(json.dumps(rows, indent=2))
    if not args.skip_samplers:
        rows = [row for name in graphs if name in SAMPLER_GRAPHS
                for row in sampler_rows(args.data, name, args.repeats, args.eval_trials)]
        print(_sampler_table(rows))
        (out / "seeds_samplers.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
