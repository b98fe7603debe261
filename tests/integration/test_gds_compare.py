"""graphkit beside Neo4j Graph Data Science on small graphs, in the real server (issue 14, item 4).

Each graph is loaded by graphkit's Neo4j store and projected UNDIRECTED by the Browser guide's own
queries (``cypher/explore/gds_*.cypher``, the ones ``bench/gds.py`` runs on ego-Facebook and
NetHEPT); then GDS's answers are set beside graphkit's:

* PageRank (damping 0.85, every tie weight 1), both summing to 1: the largest absolute difference;
* Leiden and Louvain: both partitions' modularity on one undirected igraph graph, and their NMI;
* ``gds.influenceMaximization.celf`` against graphkit's IMM (eps 0.05) under IC with one
  probability: both seed sets' spread by graphkit's Monte Carlo with one rng.

GDS's circles and seeds change with the database's internal node order (which earlier tests
leave behind), so the bars hold for every order tried: 60 for karate, 40 for the 200-user graph.
"""

from __future__ import annotations

import igraph
import neo4j
import numpy as np
import pandas as pd
import pytest

from graphkit.analysis import TieWeights, detect_communities, pagerank_scores
from graphkit.analysis._igraph import undirected_view
from graphkit.browser import explore_queries
from graphkit.diffusion import CampaignConstraints, ICModel
from graphkit.diffusion.imm_seeds import imm_seed_nodes
from graphkit.diffusion.seeds import evaluate_seed_set
from graphkit.generate import generate_social_graph
from graphkit.graph import SocialGraph
from graphkit.store import open_store
from tests.conftest import karate_graph

pytestmark = pytest.mark.neo4j

PROJECTION = "graphkit-compare"
PLAIN = TieWeights(strong=1.0, weak=1.0)
GRAPHS = {"karate": karate_graph, "generated": lambda: generate_social_graph(n_users=200, rng=7),
          "karate, weak ties only": lambda: _all_weak(karate_graph())}
# Largest modularity difference and smallest NMI allowed. On karate, GDS's Leiden lands anywhere
# from 0.39 to 0.42 (graphkit's: 0.42), NMI down to 0.70; on the generated graph within 0.004, 0.85.
CIRCLE_BARS = {"karate": (0.04, 0.65), "generated": (0.01, 0.8), "karate, weak ties only": (0.04, 0.65)}
QUERIES = explore_queries()


def _all_weak(graph: SocialGraph) -> SocialGraph:
    """The same ties, all weak: no strong tie stored. (A database that never held one, where GDS
    refuses the STRONG_TIE type outright, is what bench/gds.py's fresh server meets on NetHEPT.)"""
    return SocialGraph(users=graph.users, ties=graph.ties.assign(tie="weak"), directed=graph.directed)


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def stored(request, neo4j_server):
    """(name, graph, run): a graph graphkit stored and GDS projected, and ``run(query, **params)``."""
    graph = GRAPHS[request.param]()
    store = open_store(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password,
                       database=neo4j_server.database)
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password))

    def run(name: str, **params) -> list[dict]:
        records = driver.execute_query(QUERIES[name].text, params, database_=neo4j_server.database).records
        return [record.data() for record in records]

    try:
        store.clear()
        store.write_graph(graph)
        run("gds_project", graphName=PROJECTION, orientation="UNDIRECTED")
        yield request.param, graph, run
    finally:
        run("gds_drop", graphName=PROJECTION)
        store.clear()
        store.close()
        driver.close()


def _per_user(graph: SocialGraph, rows: list[dict], column: str) -> np.ndarray:
    """``column`` of each row at its user's node index; NaN for users no row names."""
    values = np.full(graph.n_nodes, np.nan)
    values[graph.indices_of([row["user"] for row in rows])] = [row[column] for row in rows]
    return values


def _gds_membership(graph: SocialGraph, rows: list[dict]) -> list[int]:
    """GDS's circle of each node index, numbered 0..k-1, from the rows of gds_leiden / gds_louvain."""
    membership = np.full(graph.n_nodes, -1)
    for row in rows:
        membership[graph.indices_of(row["members"])] = row["gdsCommunity"]
    assert (membership >= 0).all(), "every user is in one of GDS's circles"
    return pd.factorize(membership)[0].tolist()


def test_pagerank_agrees_with_gds(stored):
    _, graph, run = stored
    theirs = _per_user(graph, run("gds_pagerank", graphName=PROJECTION), "gdsPagerank")
    ours = np.asarray(pagerank_scores(graph, direction="ties", weights=PLAIN)["pagerank"])
    assert theirs.sum() == pytest.approx(1.0)
    assert np.abs(ours - theirs).max() < 1e-6  # NaN (a user GDS left out) fails too


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_circles_agree_with_gds(stored, method):
    name, graph, run = stored
    theirs = _gds_membership(graph, run(f"gds_{method}", graphName=PROJECTION, limit=graph.n_nodes))
    ours = detect_communities(graph, method, weights=PLAIN, rng=1).membership.tolist()
    view = undirected_view(graph)
    modularity_margin, least_nmi = CIRCLE_BARS[name]
    assert view.modularity(ours) == pytest.approx(view.modularity(theirs), abs=modularity_margin)
    assert igraph.compare_communities(ours, theirs, method="nmi") > least_nmi


def test_imm_spreads_at_least_as_far_as_gds_celf(stored):
    _, graph, run = stored
    k, p = 5, 0.1
    model = ICModel(p_strong=p, p_weak=p)
    rows = run("gds_celf", graphName=PROJECTION, seedSetSize=k, propagationProbability=p, campaign="none")
    imm = imm_seed_nodes(graph, model, CampaignConstraints(k=k), eps=0.05, eval_trials=0, rng=1)
    picks = {
        "gds": graph.indices_of([row["user"] for row in rows]),
        "imm": imm.seed_nodes,
        "random": np.random.default_rng(0).choice(graph.n_nodes, size=k, replace=False),
    }
    spread = {name: evaluate_seed_set(graph, seeds, model, n_trials=10_000, rng=12345).spread
              for name, seeds in picks.items()}
    assert len(set(picks["gds"])) == k and all(row["campaignRank"] is None for row in rows)
    assert spread["gds"].mean > 1.15 * spread["random"].mean  # GDS's picks, read back as the right users
    margin = 3 * np.hypot(spread["imm"].std_error, spread["gds"].std_error)
    assert spread["imm"].mean >= spread["gds"].mean - margin, (spread["imm"], spread["gds"])
