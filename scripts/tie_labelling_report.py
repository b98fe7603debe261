"""How the strong/weak split of CollegeMsg moves as each TieRule threshold varies.

Reads the CollegeMsg interaction log (one line per private message) once, aggregates it into ties,
then labels the ties with the default rule and with one threshold changed at a time; also shows
the topology-only fallback (neighbourhood overlap, no message counts). Prints Markdown tables.

    python scripts/tie_labelling_report.py                 # directed ties, ../shared/data/collegemsg
    python scripts/tie_labelling_report.py --undirected    # one tie per pair of students
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from graphkit.io import read_graph_files
from graphkit.io.labelling import TieRule, label_ties

REPO = Path(__file__).resolve().parents[1]
DEFAULT_LOG = REPO.parent / "shared" / "data" / "collegemsg" / "CollegeMsg.txt"
_LABELS = ["tie", "labelled_by", "common_neighbors", "overlap", "silence_days"]

VARIATIONS: list[tuple[str, list]] = [
    ("min_interactions", [1, 2, 3, 5, 10]),
    ("require_reciprocity", [True, False]),
    ("max_silence_days", [None, 120, 60, 30, 14]),
    ("interaction_min_overlap", [0.0, 0.02, 0.05, 0.1]),
]
FALLBACK = ("min_overlap", [0.0, 0.02, 0.05, 0.1, 0.2])


def _row(name: str, value, table, n_nodes: int, directed: bool, rule: TieRule) -> str:
    labelled = label_ties(table, n_nodes=n_nodes, directed=directed, rule=rule)
    strong = int((labelled["tie"] == "strong").sum())
    total = len(labelled)
    default = getattr(TieRule(), name) == value
    return f"| {name} | {value}{' (default)' if default else ''} | {strong:,} | {total - strong:,} | {strong / total:.1%} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG)
    parser.add_argument("--undirected", action="store_true")
    args = parser.parse_args()
    if not args.log.is_file():
        raise SystemExit(f"interaction log not found: {args.log} (../shared/data must sit beside the repo)")
    directed = not args.undirected
    started = time.perf_counter()
    graph, report = read_graph_files(args.log, fmt="interactions", directed=directed)
    seconds = time.perf_counter() - started
    print(report)
    print(f"\n(read, aggregated and labelled in {seconds:.2f} s)\n")
    table = graph.ties.drop(columns=_LABELS)
    header = "| threshold | value | strong | weak | strong share |\n|---|---|---|---|---|"
    print(f"Interaction rule on {len(table):,} {'directed' if directed else 'undirected'} ties, one threshold varied at a time:\n")
    print(header)
    for name, values in VARIATIONS:
        for value in values:
            rule = dataclasses.replace(TieRule(), **{name: value})
            print(_row(name, value, table, graph.n_nodes, directed, rule))
    print("\nTopology-only fallback (message counts ignored; directed ties also need the reverse tie):\n")
    print(header)
    topology = table.drop(columns=["count", "count_back", "count_forward", "reciprocal"], errors="ignore")
    name, values = FALLBACK
    for value in values:
        rule = dataclasses.replace(TieRule(), **{name: value})
        print(_row(name, value, topology, graph.n_nodes, directed, rule))


if __name__ == "__main__":
    main()
