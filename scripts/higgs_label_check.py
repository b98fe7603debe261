"""Check tie labels on broadcast data: Higgs mentions labelled by TieRule, scored against replies.

Loads ``higgs-mention_network.edgelist`` (``a b count``: a mentioned b ``count`` times) the way
``graphkit load --third-column count`` does, labels the ties with several rules, and checks each
labelling against a second, stronger signal nobody fitted on: a reply between the same two users
(``higgs-reply_network.edgelist``, either direction). Prints a Markdown table: the share of ties
labelled strong, and of the ties that carry a reply, how many the rule finds (recall) and how many
of its strong ties carry one (precision).

    python scripts/higgs_label_check.py            # ../shared/data/higgs-twitter
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from graphkit.io import read_graph_files
from graphkit.io.labelling import TieRule, label_ties

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO.parent / "shared" / "data" / "higgs-twitter"
RULES = {
    "default (pair >= 3 interactions, reciprocity)": TieRule(),
    "one direction >= 3, reciprocity (graphkit 0.2)": None,
    "pair >= 2, reciprocity": TieRule(min_interactions=2),
    "pair >= 5, reciprocity": TieRule(min_interactions=5),
    "pair >= 2, no reciprocity": TieRule(min_interactions=2, require_reciprocity=False),
    "pair >= 3, no reciprocity": TieRule(min_interactions=3, require_reciprocity=False),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    args = parser.parse_args()
    graph, report = read_graph_files(args.folder / "higgs-mention_network.edgelist", directed=True,
                                     third_column="count")
    ties = graph.ties_frame()
    replies = pd.read_csv(args.folder / "higgs-reply_network.edgelist", sep=" ", names=["a", "b", "count"], dtype=str)
    replied = set(zip(replies.a, replies.b)) | set(zip(replies.b, replies.a))
    carries_reply = np.array([pair in replied for pair in zip(ties.source, ties.target)])
    table = graph.ties.drop(columns=["tie"]).assign(tie=None)
    print(f"{len(ties):,} mention ties ({report.lines_skipped:,} lines skipped), {carries_reply.sum():,} "
          f"({carries_reply.mean():.1%}) between two users with a reply either way.\n")
    print("| rule | strong | strong share | reply ties found (recall) | strong ties with a reply (precision) |")
    print("|---|---|---|---|---|")
    for name, rule in RULES.items():
        if rule is None:  # one direction only: the count of this tie, the reverse tie's ignored
            count, reciprocal = ties["count"].to_numpy(float), ties["reciprocal"].to_numpy(bool)
            strong = (count >= 3) & reciprocal
        else:
            strong = (label_ties(table, n_nodes=graph.n_nodes, directed=True, rule=rule)["tie"] == "strong").to_numpy()
        found = carries_reply[strong].sum()
        print(f"| {name} | {strong.sum():,} | {strong.mean():.2%} | {found / carries_reply.sum():.1%} | "
              f"{found / max(strong.sum(), 1):.1%} |")


if __name__ == "__main__":
    main()
