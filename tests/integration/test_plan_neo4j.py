"""``graphkit plan`` against the real Neo4j server: the campaign, its SEEDS and REACHES, and the circles.

The campaign's generated network goes into the (cleared) database; the plan's figures are read
back with Cypher, including the Browser kit's own ``campaign_seeds`` query.
"""

from __future__ import annotations

import json

import neo4j
import pytest

from graphkit.browser import explore_queries
from graphkit.store import open_store
from tests.campaign.conftest import SMALL_CAMPAIGN, merged, run_plan, toml_text

pytestmark = pytest.mark.neo4j


@pytest.fixture
def cypher(neo4j_server, monkeypatch):
    """Run Cypher on the cleared server; the plan reads its password from the environment."""
    monkeypatch.setenv("GRAPHKIT_NEO4J_PASSWORD", neo4j_server.password)
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password,
                       database=neo4j_server.database)
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))
    store.clear()
    try:
        yield lambda query, **params: driver.execute_query(query, params, database_=neo4j_server.database).records
    finally:
        store.clear()
        store.close()
        driver.close()


def test_plan_writes_the_campaign_to_neo4j(neo4j_server, cypher, tmp_path):
    data = merged(SMALL_CAMPAIGN, {"graph": {"store": neo4j_server.uri}, "output": {"folder": str(tmp_path / "plan")}})
    path = tmp_path / "campaign.toml"
    path.write_text(toml_text(data), encoding="utf-8")
    result = run_plan(str(path), "--neo4j-database", neo4j_server.database)
    assert result.exit_code == 0, result.output + result.stderr
    assert neo4j_server.password not in result.output + result.stderr
    document = json.loads((tmp_path / "plan" / "plan.json").read_text())
    summary, shortlist = document["summary"], document["shortlist"]
    assert document["graph"]["origin"] == "generated into the store"

    [campaign] = cypher("MATCH (c:Campaign {name: $name}) RETURN c", name="test-launch")
    campaign = campaign["c"]
    assert campaign["expectedReach"] == summary["reach"]
    assert (campaign["ciLow"], campaign["ciHigh"]) == (summary["ci_low"], summary["ci_high"])
    assert campaign["objective"] == "awareness" and campaign["budget"] == 600.0
    assert json.loads(campaign["params"])["rng_streams"] == document["params"]["rng_streams"]

    seeds = cypher(
        "MATCH (:Campaign {name: $name})-[s:SEEDS]->(u:User) "
        "RETURN u.id AS user, u.community AS community, s.rank AS rank, s.marginalGain AS gain, s.reason AS reason "
        "ORDER BY s.rank",
        name="test-launch",
    )
    assert [r["user"] for r in seeds] == [row["user"] for row in shortlist]
    assert [r["community"] for r in seeds] == [row["community"] for row in shortlist]
    assert [r["gain"] for r in seeds] == [row["marginal_reach"] for row in shortlist]
    assert [r["reason"] for r in seeds] == [row["reason"] for row in shortlist]

    query = explore_queries()["campaign_seeds"]
    browser_rows = cypher(query.body, campaign="test-launch")
    assert [r["cumulativeReach"] for r in browser_rows] == pytest.approx([row["cumulative_reach"] for row in shortlist])

    [reach] = cypher(
        "MATCH (:Campaign {name: $name})-[r:REACHES]->(u:User) "
        "RETURN count(r) AS n, min(r.probability) AS low, "
        "all(x IN collect(r.inTarget = (u.segment IN ['students', 'parents'])) WHERE x) AS flagged",
        name="test-launch",
    )
    assert reach["n"] > len(shortlist) and reach["low"] >= 0.05 and reach["flagged"]
    [circles] = cypher("MATCH (c:Community) RETURN count(c) AS n")
    assert circles["n"] == document["circles"]["count"]

    again = run_plan(str(path), "--quiet", "--neo4j-database", neo4j_server.database)
    assert again.exit_code == 0, again.stderr
    [counts] = cypher(
        "MATCH (c:Campaign) WITH count(c) AS campaigns MATCH ()-[s:SEEDS]->() RETURN campaigns, count(s) AS seeds"
    )
    assert (counts["campaigns"], counts["seeds"]) == (1, len(shortlist))
    [users] = cypher("MATCH (u:User) RETURN count(u) AS n")
    assert users["n"] == 400
