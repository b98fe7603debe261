"""What each part of a concurrency-safe tie write costs in Neo4j, one query shape at a time.

A throw-away local server (free ports, temporary data folder); 50,000 users; 200,000 distinct
directed ties written in batches of 10,000 by one client thread, after one warm-up pass. Shapes:

* ``create`` — graphkit 0.1's first-load path: CREATE, no identity, not safe for concurrent loads;
* ``merge`` — MERGE on the pair (Neo4j locks both users before it creates);
* ``merge + tieKey`` — MERGE on a tie-key property (source id, NUL, target id), without and with
  a relationship uniqueness constraint on it (the database's own guard against duplicates);
* ``graphkit`` — ``cypher/merge_strong_ties.cypher`` as shipped: the batch's users write-locked
  (each looked up once), then CREATE for pairs found new under those locks, plus the check that
  re-types a tie stored as the other kind.

    python bench/tie_writes.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from _server import throwaway_server  # noqa: E402

N_USERS, N_TIES, BATCH = 50_000, 200_000, 10_000
_MATCH = "UNWIND range(0, size($source) - 1) AS i MATCH (a:User {id: $source[i]}) MATCH (b:User {id: $target[i]}) "
SHAPES = {
    "create": _MATCH + "CREATE (a)-[r:STRONG_TIE]->(b) SET r.weight = $weight[i]",
    "merge": _MATCH + "MERGE (a)-[r:STRONG_TIE]->(b) SET r.weight = $weight[i]",
    "merge + tieKey": _MATCH + "MERGE (a)-[r:STRONG_TIE {tieKey: $tieKey[i]}]->(b) SET r.weight = $weight[i]",
    "graphkit": (REPO / "cypher" / "merge_strong_ties.cypher").read_text(),
}


def main() -> None:
    from graphkit.store import open_store
    from graphkit.store._bolt import Endpoints

    rng = np.random.default_rng(0)
    pairs = np.unique(rng.integers(0, N_USERS, (3 * N_TIES, 2)), axis=0)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]][:N_TIES]
    pairs = pairs[rng.permutation(len(pairs))]
    source = [f"u{a}" for a in pairs[:, 0]]
    target = [f"u{b}" for b in pairs[:, 1]]
    columns = {
        "source": source,
        "target": target,
        "tieKey": [f"{a}\x00{b}" for a, b in zip(source, target)],
        "weight": [1.0] * N_TIES,
        "p": [None] * N_TIES,
        "labelledBy": ["input"] * N_TIES,
    }
    with tempfile.TemporaryDirectory() as scratch, throwaway_server(Path(scratch)) as server:
        store = open_store(server.uri, user=server.user, password=server.password)
        try:
            driver = store._bolt.driver

            def run(query: str, **parameters) -> None:
                with driver.session(database=store.database) as session:
                    session.run(query, parameters).consume()

            store._ensure_schema()
            run("UNWIND range(0, $n - 1) AS i CREATE (:User {id: 'u' + i})", n=N_USERS)

            endpoints = Endpoints.of(source, target)

            def rate(shape: str, constraint: bool) -> float:
                run("MATCH ()-[r:STRONG_TIE]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS")
                run("DROP CONSTRAINT graphkit_strong_tie_key IF EXISTS")
                if constraint:
                    run("CREATE CONSTRAINT graphkit_strong_tie_key FOR ()-[r:STRONG_TIE]-() REQUIRE r.tieKey IS UNIQUE")
                started = time.perf_counter()
                for start in range(0, N_TIES, BATCH):
                    batch = {key: values[start : start + BATCH] for key, values in columns.items()}
                    if shape == "graphkit":  # the batch's users once each, its ties as positions among them
                        batch.update(endpoints.batch(start, start + BATCH))
                    driver.execute_query(SHAPES[shape], {**batch, "props": {}}, database_=store.database)
                return N_TIES / (time.perf_counter() - started)

            rate("create", False)  # warm-up: the JVM compiles the runtime
            print(f"{N_TIES:,} ties between {N_USERS:,} users, batches of {BATCH:,}, one client thread\n")
            print("| query shape | without a tie-key constraint | with one |")
            print("|---|---|---|")
            for shape in SHAPES:
                without = rate(shape, False)
                with_it = f"{rate(shape, True):,.0f} ties/s" if shape == "merge + tieKey" else "—"
                print(f"| {shape} | {without:,.0f} ties/s | {with_it} |", flush=True)
        finally:
            store.close()


if __name__ == "__main__":
    main()
