"""Several `graphkit load` / `graphkit plan` processes at once, and writers killed mid-write.

Real processes (not threads), on the embedded store and on the real Neo4j server: four loads of
the same file, of disjoint files and of overlapping files end with exactly the union of their
ties, each tie once; with ``--no-wait`` a load that finds the embedded store busy exits 1 with
one line and the store holds the union of the loads that ran; a writer killed with SIGKILL
leaves a store that a re-run completes; two campaigns planned at once are both stored whole.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from graphkit.errors import NoGraphError
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.store import open_store
from tests.campaign.conftest import SMALL_CAMPAIGN, toml_text

pytestmark = pytest.mark.slow

REPETITIONS = 5
TIES_PER_FILE = 20_000
N_USERS = 30_000
BASE_TIES = 300_000  # an embedded store already holding this many: each commit then takes long enough to overlap


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    """An embedded store holding BASE_TIES ties among other users than the loads' (copied per test)."""
    folder = tmp_path_factory.mktemp("base") / "store"
    ties = _ties(np.random.default_rng(99), BASE_TIES)
    ties[["source", "target"]] = "b" + ties[["source", "target"]]
    open_store(folder).write_graph(SocialGraph.from_tables(ties, directed=True))
    return folder


@pytest.fixture(params=["parquet", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def target(request, tmp_path):
    """(``--store`` value, environment for the processes, opener, ties already held) of a store of
    each kind: the embedded one holds the base graph, the Neo4j database is empty."""
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0"}
    if request.param == "parquet":
        location = tmp_path / "store"
        shutil.copytree(request.getfixturevalue("base_store"), location)
        return str(location), environment, lambda: open_store(location), _held(location)
    server = request.getfixturevalue("neo4j_server")
    environment["GRAPHKIT_NEO4J_PASSWORD"] = server.password

    def opener():
        return open_store(server.uri, user=server.user, password=server.password, database=server.database)

    store = opener()
    store.clear()
    store.close()
    return server.uri, environment, opener, _held(None)


def _held(location) -> pd.DataFrame:
    """The ties the store at ``location`` holds now (None: an empty store), as _union returns them."""
    if location is None:
        return pd.DataFrame({c: pd.Series([], dtype=str) for c in ("source", "target", "tie")})
    ties = open_store(location).read_graph().ties_frame()[["source", "target", "tie"]].astype(str)
    return ties.sort_values(["source", "target"]).reset_index(drop=True)


def _ties(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """``n`` distinct directed ties between N_USERS users, each labelled by its pair (so files agree)."""
    source = rng.integers(0, N_USERS, 3 * n)
    target = rng.integers(0, N_USERS, 3 * n)
    pairs = pd.DataFrame({"s": source, "t": target})
    pairs = pairs[pairs.s != pairs.t].drop_duplicates().head(n)
    return pd.DataFrame(
        {
            "source": "u" + pairs.s.astype(str),
            "target": "u" + pairs.t.astype(str),
            "tie": np.where((pairs.s + pairs.t) % 5 == 0, "strong", "weak"),
            "weight": 1.0 + (pairs.s * 7 + pairs.t) % 3,
        }
    ).reset_index(drop=True)


def _files(folder: Path, scenario: str, repetition: int) -> list[Path]:
    """Four ties files: the same one four times, four disjoint ones, or four that overlap by half."""
    rng = np.random.default_rng([repetition, {"same": 0, "disjoint": 1, "overlapping": 2}[scenario]])
    if scenario == "same":
        pool, slices = _ties(rng, TIES_PER_FILE), [slice(0, TIES_PER_FILE)] * 4
    elif scenario == "disjoint":
        pool = _ties(rng, 4 * TIES_PER_FILE)
        slices = [slice(i * TIES_PER_FILE, (i + 1) * TIES_PER_FILE) for i in range(4)]
    else:
        half = TIES_PER_FILE // 2
        pool = _ties(rng, 5 * half)
        slices = [slice(i * half, i * half + TIES_PER_FILE) for i in range(4)]
    paths = []
    for number, part in enumerate(slices):
        path = folder / f"{scenario}-{number}.csv"
        pool.iloc[part].to_csv(path, index=False)
        paths.append(path)
    return paths


def _load(path: Path, location: str, environment: dict, *extra: str, stderr=subprocess.PIPE) -> subprocess.Popen:
    command = [sys.executable, "-m", "graphkit.cli", "load", "--ties", str(path), "--store", location, *extra]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=stderr, text=True)


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    """(exit code, stderr) of a load; one still running after 5 minutes is killed and reported."""
    try:
        _, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        return -9, f"still running after 300 s, killed; stderr: {process.communicate()[1]}"
    return process.returncode, stderr


def _union(paths: list[Path], held: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ties of ``paths`` and of ``held`` (a store's ties before the loads), each pair once."""
    tables = [pd.read_csv(path, dtype=str)[["source", "target", "tie"]] for path in paths]
    ties = pd.concat([*tables, *([] if held is None else [held])]).drop_duplicates(["source", "target"])
    return ties.sort_values(["source", "target"]).reset_index(drop=True)


def _assert_store_holds(opener, expected: pd.DataFrame) -> None:
    """The store holds exactly ``expected`` ties, each once, with their kinds."""
    store = opener()
    try:
        counts = store.counts()
        ties = store.read_graph().ties_frame()
        duplicates = _neo4j_duplicate_pairs(store)
    finally:
        store.close()
    assert counts.ties == len(expected), (counts, len(expected))
    assert duplicates == 0
    assert not ties.duplicated(["source", "target"]).any()
    got = ties[["source", "target", "tie"]].astype(str).sort_values(["source", "target"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected[["source", "target", "tie"]])


def _neo4j_duplicate_pairs(store) -> int:
    """Pairs of users joined by more than one tie relationship, counted by the database itself."""
    if not hasattr(store, "_bolt"):
        return 0
    records = store._bolt.driver.execute_query(
        "MATCH (a:User)-[r:STRONG_TIE|WEAK_TIE]->(b:User) WITH a, b, count(r) AS n WHERE n > 1 RETURN count(*) AS pairs",
        database_=store.database,
    ).records
    return records[0]["pairs"]


@pytest.mark.parametrize("repetition", range(REPETITIONS))
@pytest.mark.parametrize("scenario", ["same", "disjoint", "overlapping"])
def test_four_concurrent_loads_end_with_the_union(scenario, repetition, target, tmp_path):
    location, environment, opener, held = target
    paths = _files(tmp_path, scenario, repetition)
    processes = [_load(path, location, environment) for path in paths]
    results = [_finish(process) for process in processes]
    assert [code for code, _ in results] == [0, 0, 0, 0], [stderr for _, stderr in results]
    _assert_store_holds(opener, _union(paths, held))


@pytest.mark.neo4j
@pytest.mark.parametrize("repetition", range(REPETITIONS))
def test_four_loads_into_a_fresh_neo4j_database_all_create_the_schema(repetition, neo4j_server, tmp_path):
    """A database without graphkit's constraints (a fresh one): four loads starting together all
    create them at once (they deadlock on the schema locks, and are retried) and all succeed."""
    from neo4j import GraphDatabase

    with GraphDatabase.driver((server := neo4j_server).uri, auth=(server.user, server.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=server.database)
        for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=server.database).records:
            driver.execute_query(f"DROP CONSTRAINT `{record['name']}`", database_=server.database)
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0", "GRAPHKIT_NEO4J_PASSWORD": server.password}
    paths = _files(tmp_path, "same", repetition)
    results = [_finish(process) for process in [_load(path, server.uri, environment) for path in paths]]
    assert [code for code, _ in results] == [0, 0, 0, 0], [stderr for _, stderr in results]

    def opener():
        return open_store(server.uri, user=server.user, password=server.password, database=server.database)

    _assert_store_holds(opener, _union(paths))


@pytest.mark.parametrize("repetition", range(REPETITIONS))
def test_concurrent_loads_that_disagree_on_kinds_keep_one_tie_per_pair(repetition, target, tmp_path):
    """Four loads of the same pairs, two saying every tie is strong and two weak: one relationship
    per pair afterwards, of one kind or the other."""
    location, environment, opener, held = target
    ties = pd.read_csv(_files(tmp_path, "same", repetition)[0], dtype=str)
    paths = []
    for number, kind in enumerate(["strong", "weak", "strong", "weak"]):
        path = tmp_path / f"kinds-{number}.csv"
        ties.assign(tie=kind).to_csv(path, index=False)
        paths.append(path)
    processes = [_load(path, location, environment) for path in paths]
    results = [_finish(process) for process in processes]
    assert [code for code, _ in results] == [0, 0, 0, 0], [stderr for _, stderr in results]
    store = opener()
    try:
        stored = store.read_graph().ties_frame()
        duplicates = _neo4j_duplicate_pairs(store)
    finally:
        store.close()
    assert duplicates == 0
    assert not stored.duplicated(["source", "target"]).any()
    assert len(stored) == len(ties) + len(held)


def test_loads_queued_behind_a_writer_each_apply_on_top_of_the_last(tmp_path):
    """Embedded store: four loads all start while another process holds the store; when it lets go
    they write one after another, each on top of what the previous one committed."""
    from graphkit.store._lock import FolderLock

    location = tmp_path / "store"
    paths = _files(tmp_path, "disjoint", 0)
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0"}
    logs = [tmp_path / f"load-{number}.stderr" for number in range(len(paths))]
    with FolderLock(location).hold(), ExitStack() as files:
        processes = [
            _load(path, str(location), environment, stderr=files.enter_context(log.open("w")))
            for path, log in zip(paths, logs)
        ]
        deadline = time.monotonic() + 120  # four interpreters starting on two busy cores can take a while
        while time.monotonic() < deadline and not all(_says_waiting(log) for log in logs):
            time.sleep(0.2)
    codes = [_finish(process)[0] for process in processes]  # reads stdout, so a full pipe never blocks
    assert codes == [0, 0, 0, 0], [log.read_text() for log in logs]
    assert all(_says_waiting(log) for log in logs), [log.read_text() for log in logs]
    _assert_store_holds(lambda: open_store(location), _union(paths))


def _says_waiting(log: Path) -> bool:
    return "Waiting for another graphkit process" in log.read_text()


def test_readers_see_whole_versions_while_loads_commit(tmp_path):
    """Embedded store: a reader polling during four disjoint loads only ever sees unions of whole files."""
    location = str(tmp_path / "store")
    paths = _files(tmp_path, "disjoint", 0)
    sizes = {len(pd.read_csv(path)) for path in paths}
    processes = [_load(path, location, {**os.environ, "GRAPHKIT_PROGRESS": "0"}) for path in paths]
    seen = set()
    while any(process.poll() is None for process in processes):
        try:
            seen.add(open_store(location).read_graph().n_ties)
        except NoGraphError:  # before the first commit
            seen.add(0)
    assert [_finish(process)[0] for process in processes] == [0, 0, 0, 0]
    assert sizes == {TIES_PER_FILE}
    assert seen <= {k * TIES_PER_FILE for k in range(5)}, seen
    assert open_store(location).counts().ties == 4 * TIES_PER_FILE


def test_no_wait_refuses_while_another_load_writes(tmp_path):
    """Embedded store, --no-wait: while another process writes, every load exits 1 with one line and
    changes nothing; four at once each either commit or exit 1, and the store holds the union of
    the loads that committed."""
    from graphkit.store._lock import FolderLock

    location = tmp_path / "store"
    paths = _files(tmp_path, "disjoint", 1)
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0"}
    with FolderLock(location).hold():
        results = [_finish(process) for process in [_load(path, str(location), environment, "--no-wait") for path in paths]]
    for code, stderr in results:
        lines = stderr.strip().splitlines()
        assert code == 1 and len(lines) == 1, (code, lines)
        assert lines[0].startswith(f"Error: another graphkit process (pid {os.getpid()}, "), lines
        assert f"is writing to the store at {location}" in lines[0]
    assert open_store(location).counts().ties == 0
    results = [_finish(process) for process in [_load(path, str(location), environment, "--no-wait") for path in paths]]
    assert all(code in (0, 1) for code, _ in results), results
    committed = [path for path, (code, _) in zip(paths, results) if code == 0]
    _assert_store_holds(lambda: open_store(location), _union(committed))


def test_a_waiting_load_says_so(tmp_path):
    from graphkit.store._lock import FolderLock

    location = tmp_path / "store"
    path = _files(tmp_path, "same", 0)[0]
    with FolderLock(location).hold():
        process = _load(path, str(location), {**os.environ, "GRAPHKIT_PROGRESS": "0"})
        # hold the lock until the load says it waits (it may take a while to start on a busy machine)
        before = []
        for line in process.stderr:
            before.append(line)
            if line.startswith("Waiting for"):
                break
        assert before and before[-1].startswith(f"Waiting for another graphkit process (pid {os.getpid()}"), before
        time.sleep(1)
        assert process.poll() is None  # still waiting for the lock this test holds
    code, stderr = _finish(process)
    assert code == 0, "".join(before) + stderr
    assert "got the store after" in stderr


@pytest.mark.parametrize("repetition", range(REPETITIONS))
def test_a_killed_concurrent_load_is_completed_by_a_rerun(repetition, target, tmp_path):
    """Four overlapping loads; one is killed with SIGKILL part-way; its re-run gives the union."""
    location, environment, opener, held = target
    paths = _files(tmp_path, "overlapping", repetition)
    processes = [_load(path, location, environment) for path in paths]
    victim = repetition % 4
    time.sleep(2.0 + 0.5 * repetition)  # at different moments: reading, waiting, writing, committing
    processes[victim].send_signal(signal.SIGKILL)
    results = [_finish(process) for process in processes]
    assert results[victim][0] in (0, -signal.SIGKILL)
    assert all(code == 0 for number, (code, _) in enumerate(results) if number != victim), results
    code, stderr = _finish(_load(paths[victim], location, environment))
    assert code == 0, stderr
    _assert_store_holds(opener, _union(paths, held))


def test_commits_killed_at_random_moments_leave_the_old_or_the_new_state(tmp_path):
    """Embedded store: 16 loads killed at moments spread over their commit; every time the store
    reads back as the old or the new version, never broken, and a re-run completes it."""
    location = str(tmp_path / "store")
    environment = {**os.environ, "GRAPHKIT_PROGRESS": "0"}
    paths = _files(tmp_path, "disjoint", 2)
    assert _finish(_load(paths[0], location, environment))[0] == 0
    old = _union(paths[:1])
    new = _union(paths[:2])
    started = time.perf_counter()
    assert _finish(_load(paths[1], str(tmp_path / "timing"), environment))[0] == 0
    duration = time.perf_counter() - started
    for attempt in range(16):
        process = _load(paths[1], location, environment)
        time.sleep(duration * (0.55 + 0.45 * attempt / 15))  # imports and reading first, then the commit
        process.send_signal(signal.SIGKILL)
        process.communicate()
        held = open_store(location).read_graph().n_ties
        assert held in (len(old), len(new))
        if held == len(new):  # the commit made it: put the old state back for the next attempt
            open_store(location).clear()
            assert _finish(_load(paths[0], location, environment))[0] == 0
    assert _finish(_load(paths[1], location, environment))[0] == 0
    _assert_store_holds(lambda: open_store(location), new)


def test_two_campaigns_planned_at_once_are_both_stored_whole(target, tmp_path):
    location, environment, opener, _ = target
    spec = SMALL_CAMPAIGN["graph"]["generate"]
    store = opener()
    store.clear()
    store.write_graph(generate_social_graph(n_users=spec["users"], n_circles=spec["circles"], rng=spec["rng"]))
    store.close()
    processes = []
    for name in ("spring", "autumn"):
        campaign = {**SMALL_CAMPAIGN, "name": name, "trials": 300}
        path = tmp_path / f"{name}.toml"
        path.write_text(toml_text(campaign))
        command = [sys.executable, "-m", "graphkit.cli", "plan", str(path), "--store", location,
                   "--out", str(tmp_path / f"{name}-plan"), "--quiet"]
        processes.append(subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    results = [_finish(process) for process in processes]
    assert [code for code, _ in results] == [0, 0], [stderr for _, stderr in results]
    store = opener()
    try:
        campaigns = store.read_table("campaigns")
        seeds = store.read_table("campaign_seeds")
        reaches = store.read_table("campaign_reaches")
        communities = store.read_table("communities")
        members = store.read_table("members")
    finally:
        store.close()
    assert sorted(campaigns["name"]) == ["autumn", "spring"]
    for name in ("spring", "autumn"):
        document = json.loads((tmp_path / f"{name}-plan" / "plan.json").read_text())
        assert sorted(seeds.loc[seeds["campaign"] == name, "user"]) == sorted(r["user"] for r in document["shortlist"])
        assert (reaches["campaign"] == name).sum() > 0
    # the circles are one plan's whole result (both plans found the same ones: same graph, same rng)
    assert members["community"].isin(communities["id"]).all()
    assert len(members) == SMALL_CAMPAIGN["graph"]["generate"]["users"]
