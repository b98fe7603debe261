"""How large a Neo4j write-back fits in one transaction: user properties of n users × 12 columns.

A throw-away local server with the given heap; for each n, a store of n users, then one
``write_user_properties`` of 12 float columns (what ``graphkit leaders`` writes), timed. A write
too large for the server's transaction memory is refused whole.

    python bench/writeback.py --heap 1g --users 100000,250000
    python bench/writeback.py --heap 4g --users 250000,500000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _server import throwaway_server  # noqa: E402


def main() -> None:
    from graphkit.errors import StoreQueryError
    from graphkit.graph import SocialGraph
    from graphkit.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--users", default="100000,250000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, throwaway_server(Path(scratch), heap=args.heap) as server:
        store = open_store(server.uri, user=server.user, password=server.password)
        try:
            print(f"heap {args.heap}\n\n| users × 12 columns | one transaction |\n|---|---|")
            for n in map(int, args.users.split(",")):
                store.clear()
                users = pd.DataFrame({"id": [f"u{i}" for i in range(n)]})
                tie = pd.DataFrame({"source": ["u0"], "target": ["u1"], "tie": ["weak"]})
                store.write_graph(SocialGraph.from_tables(tie, users, directed=True))
                table = users.assign(**{f"c{j}": np.random.default_rng(j).random(n) for j in range(12)})
                started = time.perf_counter()
                try:
                    store.write_user_properties(table)
                    outcome = f"{time.perf_counter() - started:.1f} s"
                except StoreQueryError:
                    outcome = "refused whole (transaction memory)"
                print(f"| {n:,} | {outcome} |", flush=True)
        finally:
            store.close()


if __name__ == "__main__":
    main()
