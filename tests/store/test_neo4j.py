"""Neo4j-only behaviour: error translation without leaking secrets, and the model Browser users see."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import neo4j
import numpy as np
import pandas as pd
import pytest

from graphkit.errors import InvalidInputError, StoreUnavailableError
from graphkit.graph import SocialGraph
from graphkit.store import open_store
from graphkit.store.neo4j import camel_case, snake_case

SECRET = "not-the-password-42"
REPO = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    from tests.conftest import free_port

    return free_port()


def test_unreachable_server_is_unavailable():
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    with pytest.raises(StoreUnavailableError, match=f"cannot reach Neo4j at {uri}") as caught:
        open_store(uri, password=SECRET)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("uri", ["bolt://neo4j:hunter22@localhost:7687", "neo4j://:hunter22@localhost"])
def test_credentials_in_the_uri_are_refused_without_echoing_them(uri):
    with pytest.raises(InvalidInputError, match="must not carry credentials") as caught:
        open_store(uri)
    assert "hunter22" not in str(caught.value)


def test_unknown_scheme_is_refused():
    with pytest.raises(InvalidInputError, match="got http://"):
        open_store("http://localhost:7474")


@pytest.mark.neo4j
def test_wrong_password_is_unavailable_and_not_quoted(neo4j_server):
    with pytest.raises(StoreUnavailableError) as caught:
        open_store(neo4j_server.uri, user=neo4j_server.user, password=SECRET)
    message = str(caught.value)
    assert message == f"authentication failed for user 'neo4j' at {neo4j_server.uri}"
    assert SECRET not in repr(caught.value) and neo4j_server.password not in message


@pytest.mark.neo4j
def test_unknown_database_is_unavailable(neo4j_server):
    with pytest.raises(StoreUnavailableError, match="database 'nowhere' not found"):
        open_store(
            neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password, database="nowhere"
        )


@pytest.mark.neo4j
def test_repr_and_location_hold_no_password(store):
    assert "bolt://" in store.location or "neo4j://" in store.location
    assert "password" not in repr(store).lower()


@pytest.fixture
def store(neo4j_server):
    opened = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    opened.clear()
    yield opened
    opened.close()


@pytest.fixture
def cypher(neo4j_server):
    """Run Cypher directly, as a Browser user would, to check the stored model."""
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    yield lambda query, **params: driver.execute_query(query, params, database_=neo4j_server.database).records
    driver.close()


@pytest.mark.neo4j
def test_model_uses_camel_case_and_one_relationship_per_undirected_tie(store, cypher):
    users = pd.DataFrame({"id": ["b", "a"], "leader_score": [0.5, None]})
    ties = pd.DataFrame(
        {"source": ["b"], "target": ["a"], "tie": ["strong"], "p": [0.2], "first_seen": ["2020"]}
    )
    store.write_graph(SocialGraph.from_tables(ties, users, directed=False))
    rows = cypher(
        "MATCH (s:User)-[r]->(t:User) RETURN s.id AS s, t.id AS t, type(r) AS type, properties(r) AS props"
    )
    assert [(r["s"], r["t"], r["type"]) for r in rows] == [("a", "b", "STRONG_TIE")]
    assert rows[0]["props"] == {"weight": 1.0, "p": 0.2, "labelledBy": "input", "firstSeen": "2020"}
    props = {r["id"]: r["props"] for r in cypher("MATCH (u:User) RETURN u.id AS id, properties(u) AS props")}
    assert props == {"a": {"id": "a"}, "b": {"id": "b", "leaderScore": 0.5}}
    meta = cypher("MATCH (m:GraphkitMeta) RETURN m.directed AS directed")
    assert [r["directed"] for r in meta] == [False]
    constraints = {r["name"] for r in cypher("SHOW CONSTRAINTS YIELD name")}
    assert "graphkit_user_id" in constraints


@pytest.mark.neo4j
def test_results_model(store, cypher):
    ties = pd.DataFrame({"source": ["a"], "target": ["b"], "tie": ["weak"]})
    store.write_graph(SocialGraph.from_tables(ties, directed=True))
    store.write_communities(
        pd.DataFrame({"id": [7], "size": [2]}),
        pd.DataFrame({"user": ["a", "b"], "community": [7, 7]}),
        pd.DataFrame({"user": ["a"], "community": [7], "rank": [1], "score": [0.9]}),
    )
    store.write_campaign(
        {"name": "c", "expected_reach": 1.5},
        pd.DataFrame({"user": ["a"], "rank": [1], "marginal_gain": [1.5], "cost": [2.0]}),
        pd.DataFrame({"user": ["b"], "probability": [0.4]}),
    )
    assert cypher("MATCH (:User)-[:MEMBER_OF]->(c:Community {id: 7}) RETURN count(*) AS n")[0]["n"] == 2
    assert cypher("MATCH (:User {id: 'a'})-[l:LEADS]->(:Community) RETURN l.score AS s")[0]["s"] == 0.9
    seeds = cypher(
        "MATCH (c:Campaign {name: 'c'})-[s:SEEDS]->(u:User) RETURN c.expectedReach AS r, s.marginalGain AS g, u.id AS u"
    )
    assert [(r["r"], r["g"], r["u"]) for r in seeds] == [(1.5, 1.5, "a")]
    assert cypher("MATCH (:Campaign)-[r:REACHES]->(u:User) RETURN u.id AS u, r.probability AS p")[
        0
    ].values() == ["b", 0.4]


@pytest.mark.neo4j
def test_colliding_property_names_are_refused(store):
    users = pd.DataFrame({"id": ["a"], "leader_score": [1.0], "leaderScore": [2.0]})
    with pytest.raises(InvalidInputError, match="'leaderScore'"):
        store.write_graph(
            SocialGraph.from_tables(pd.DataFrame(columns=["source", "target", "tie"]), users, directed=True)
        )


@pytest.mark.neo4j
def test_the_lock_property_is_no_user_column(store):
    """graphkit 0.1-0.3 tie writers lock users by setting and removing ``graphkitLock`` (and may run
    beside this one): no column may be stored there."""
    users = pd.DataFrame({"id": ["a"], "graphkit_lock": [1.0]})
    with pytest.raises(InvalidInputError, match="'graphkitLock'"):
        store.write_graph(
            SocialGraph.from_tables(pd.DataFrame(columns=["source", "target", "tie"]), users, directed=True)
        )


@pytest.mark.neo4j
def test_camel_case_column_names_come_back_unchanged(store):
    users = pd.DataFrame({"id": ["a"], "fooBar": [1], "Age": [3], "x_1": [2]})
    store.write_graph(
        SocialGraph.from_tables(pd.DataFrame(columns=["source", "target", "tie"]), users, directed=True)
    )
    assert list(store.read_graph().users.columns) == ["id", "fooBar", "Age", "x_1"]


def test_case_conversion_round_trips_snake_case():
    for name in ["leader_score", "expected_reach", "ci_low", "labelled_by", "p", "first_seen_at"]:
        assert snake_case(camel_case(name)) == name


@pytest.mark.parametrize("argument", ["batch_size", "workers"])
def test_tuning_arguments_are_validated(argument):
    from graphkit.store.neo4j import Neo4jStore

    with pytest.raises(InvalidInputError, match=f"{argument} must be >= 1, got 0"):
        Neo4jStore("bolt://127.0.0.1:1", **{argument: 0})


@pytest.mark.neo4j
def test_many_small_concurrent_batches_load_and_reload_exactly(neo4j_server):
    from graphkit.generate import generate_social_graph
    from graphkit.store.neo4j import Neo4jStore

    graph = generate_social_graph(n_users=300, mean_degree=6, rng=11)
    store = Neo4jStore(
        neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password, batch_size=37, workers=3
    )
    try:
        store.clear()
        seen = []
        store.write_graph(
            SocialGraph(users=graph.users, ties=graph.ties.iloc[::3], directed=False), progress=seen.append
        )
        assert sum(seen) == graph.n_nodes + len(graph.ties.iloc[::3]) and max(seen) == 37
        store.write_graph(graph)
        back = store.read_graph()
        assert (back.n_nodes, back.n_ties) == (graph.n_nodes, graph.n_ties)
        pd.testing.assert_frame_equal(
            back.users, graph.users.sort_values("id").reset_index(drop=True), check_dtype=False
        )
        assert sorted(back.ties_frame()["tie"].tolist()) == sorted(graph.ties["tie"].astype(str).tolist())
    finally:
        store.clear()
        store.close()


_USERS_BEFORE = "MATCH (u:User) RETURN collect(u.id) AS id, collect([key IN $keys | u[key]]) AS values"
_TIES_BEFORE = """UNWIND $ids AS id
MATCH (a:User {id: id})-[r:STRONG_TIE|WEAK_TIE]->(b) USING INDEX SEEK a:User(id)
RETURN collect(a.id) AS source, collect(b.id) AS target, collect(type(r) = 'STRONG_TIE') AS strong,
       collect([key IN $keys | r[key]]) AS values"""


def read_graph_as_before(store) -> SocialGraph:
    """The reference: ``Neo4jStore.read_graph`` before reads were paged concurrently (users in one
    query, then their ties in pages of 10,000 users one at a time in one session, a DataFrame per
    page, and :func:`graph_from_tables`). Also timed beside today's read by ``bench/load.py``."""
    from graphkit.store._properties import rows_frame
    from graphkit.store._tables import graph_from_tables
    from graphkit.store.neo4j import camel_case

    meta = store._meta()
    tie_columns = ["weight", "p", "labelled_by", *meta["tieColumns"]]
    keys = [camel_case(c) for c in tie_columns]
    with store._bolt.driver.session(database=store.database) as session:
        row = session.run(_USERS_BEFORE, keys=[camel_case(c) for c in meta["userColumns"]]).single()
        users = rows_frame(row["values"], meta["userColumns"])
        users.insert(0, "id", pd.Series(row["id"], dtype=object))
        parts = []
        for start in range(0, len(row["id"]), 10_000):
            page = session.run(_TIES_BEFORE, ids=row["id"][start : start + 10_000], keys=keys).single()
            ties = rows_frame(page["values"], tie_columns)
            ties.insert(0, "source", pd.Series(page["source"], dtype=object))
            ties.insert(1, "target", pd.Series(page["target"], dtype=object))
            ties.insert(2, "tie", np.where(np.asarray(page["strong"], dtype=bool), "strong", "weak"))
            parts.append(ties)
    ties = pd.concat(parts, ignore_index=True)
    return graph_from_tables(users, ties, directed=bool(meta["directed"]))


def _attributed_graph(*, directed: bool, with_ties: bool = True) -> SocialGraph:
    """A generated graph with user and tie columns of every storable type, gaps included."""
    from graphkit.generate import generate_social_graph

    graph = generate_social_graph(n_users=400, mean_degree=6, directed=directed, rng=21)
    rng = np.random.default_rng(5)
    hours = rng.integers(0, 999, graph.n_nodes)
    users = graph.users.assign(
        age=rng.integers(15, 90, graph.n_nodes),
        score=np.where(rng.random(graph.n_nodes) < 0.3, np.nan, rng.random(graph.n_nodes)),
        is_kol=rng.random(graph.n_nodes) < 0.1,
        nickname=[None if i % 7 else f"n{i}" for i in range(graph.n_nodes)],
        joined=[dt.datetime(2020, 1, 1) + dt.timedelta(hours=int(h)) for h in hours],
    )
    ties = graph.ties.assign(
        p=np.where(rng.random(graph.n_ties) < 0.5, np.nan, rng.random(graph.n_ties)),
        messages=rng.integers(0, 50, graph.n_ties),
        first_contact=[None if i % 3 else dt.date(2021, 1, 1 + i % 28) for i in range(graph.n_ties)],
    )
    return SocialGraph(users=users, ties=ties if with_ties else ties.iloc[:0], directed=directed)


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "directed, with_ties",
    [(False, True), (True, True), (False, False)],
    ids=["undirected", "directed", "no-ties"],
)
def test_paged_concurrent_read_is_the_old_read(neo4j_server, monkeypatch, directed, with_ties):
    """Many small pages over three sessions: the same node order, ties, CSR and tables (values and
    dtypes) as the one-session read before."""
    import graphkit.store.neo4j as module

    monkeypatch.setattr(module, "_TIE_PAGE", 37)
    store = module.Neo4jStore(
        neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password, workers=3
    )
    try:
        store.clear()
        store.write_graph(_attributed_graph(directed=directed, with_ties=with_ties))
        back, before = store.read_graph(), read_graph_as_before(store)
    finally:
        store.clear()
        store.close()
    assert back.directed == before.directed and list(back.node_ids) == list(before.node_ids)
    for name in ("indptr", "indices", "arc_tie_row", "arc_strong", "arc_weight", "arc_p"):
        np.testing.assert_array_equal(getattr(back, name), getattr(before, name), err_msg=name)
    pd.testing.assert_frame_equal(back.users, before.users)
    pd.testing.assert_frame_equal(back.ties, before.ties)
    assert (back.n_ties > 0) == with_ties and back.users["joined"].notna().all()


PER_ROW_LOOKUPS = [
    "create_leaders", "create_members", "create_reaches", "create_seeds", "existing_user_ids",
    "merge_strong_ties", "merge_weak_ties", "read_ties", "set_user_properties",
]
"""Library queries that look users (or circles) up by id once per row of a batch."""


def _operators(plan: dict) -> list[tuple[str, str]]:
    """The operators of an EXPLAIN plan, depth first, as (name, details)."""
    found = [(plan["operatorType"].split("@")[0], plan.get("args", {}).get("Details", ""))]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


@pytest.mark.neo4j
@pytest.mark.parametrize("name", PER_ROW_LOOKUPS)
def test_per_row_lookups_seek_by_id_even_on_a_just_refilled_database(name, store, neo4j_server):
    """Planned on the statistics of a database that was just emptied and refilled, read_ties once
    scanned the whole id index for every id (20 s a page of 10,000 users instead of 0.1 s); every
    per-row lookup must be a seek whatever the statistics say."""
    from graphkit.generate import generate_social_graph

    store.write_graph(generate_social_graph(n_users=300, mean_degree=4, rng=3))
    store.clear()
    store.write_graph(generate_social_graph(n_users=2000, mean_degree=4, rng=4))
    query = (REPO / "graphkit" / "cypher" / f"{name}.cypher").read_text()
    parameters = {key: ["u1"] for key in re.findall(r"\$(\w+)", query)}
    parameters.update(props={}, keys=[], name="campaign", community=[1])
    if "ids" in parameters and "source" in parameters:  # a tie query: its users as positions in $ids
        parameters.update(ids=["u1", "u2"], source=[0], target=[1])
    auth = (neo4j_server.user, neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        explained = driver.execute_query("EXPLAIN " + query, parameters, database_=neo4j_server.database)
    plan = explained.summary.plan
    scans = [(op, details) for op, details in _operators(plan) if "Scan" in op]
    seeks = [details for op, details in _operators(plan) if op.startswith("NodeUniqueIndexSeek")]
    assert not scans, scans
    assert any("User(id)" in details for details in seeks), [op for op, _ in _operators(plan)]


@pytest.mark.neo4j
@pytest.mark.parametrize("first, second", [("strong", "weak"), ("weak", "strong"), ("strong", "strong")])
def test_a_tie_batch_holds_its_users_until_commit_and_a_second_writer_then_finds_the_tie(
    first, second, neo4j_server
):
    """The tie queries decide under their users' write locks whether a pair is new (and then CREATE
    it): while one batch's transaction is open, another writer of the same pair waits; after the
    commit it finds the tie (updating or re-typing it), so the pair holds one relationship."""
    import threading

    from graphkit.store._bolt import Endpoints, _query

    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    try:
        store.clear()
        users = pd.DataFrame({"id": ["a", "b", "c"]})
        store.write_graph(SocialGraph.from_tables(pd.DataFrame(columns=["source", "target", "tie"]), users, directed=True))

        def batch(weight: float) -> dict:
            ties = {"weight": [weight], "p": [None], "labelledBy": ["input"], "props": {}}
            return {**ties, **Endpoints.of(["a"], ["b"]).batch(0, 1)}

        driver = store._bolt.driver
        with driver.session(database=store.database) as session, session.begin_transaction() as tx:
            tx.run(_query(f"merge_{first}_ties"), batch(1.0)).consume()
            other = threading.Thread(target=lambda: store._bolt.write(f"merge_{second}_ties", **batch(2.0)))
            other.start()
            other.join(1.5)
            assert other.is_alive(), "the second writer did not wait for the first one's locks"
            tx.commit()
        other.join(30)
        assert not other.is_alive()
        rows = driver.execute_query(
            "MATCH (:User {id: 'a'})-[r]->(:User {id: 'b'}) RETURN type(r) AS kind, r.weight AS weight",
            database_=store.database,
        ).records
        assert [(row["kind"], row["weight"]) for row in rows] == [(f"{second.upper()}_TIE", 2.0)]
    finally:
        store.clear()
        store.close()
