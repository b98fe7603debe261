"""A small graph in the graphkit Neo4j model with known answers, written straight with Cypher.

Three communities: 0 = u1..u5, 1 = u6..u11, 2 = u12 alone. Leaders u1 (0), u6 (1), u12 (2).
Cross-community ties: weak u5-u6 and u4-u9 (0-1), strong u3-u7 (0-1), weak u11-u12 (1-2).
Campaign "spring" seeds u1, u6, u5 and reaches them (probability 1) and eight more users; campaign
"autumn" seeds u12. As ``graphkit seeds --save-campaign`` writes them, seeds are also REACHES
(probability 1), ``createdAt`` is an ISO-8601 string and roles are the analysis's role names.
Every tie is stored once, lower id first, as an undirected graph is.
"""

from __future__ import annotations

USERS = [
    # id, community, role, segment, pagerank, coreness, leaderScore, bridgeScore
    ("u1", 0, "circle leader", "professional", 0.150, 3, 0.90, 0.05),
    ("u2", 0, "peripheral", "student", 0.070, 2, 0.20, 0.00),
    ("u3", 0, "connector", "professional", 0.090, 2, 0.50, 0.50),
    ("u4", 0, "peripheral", "professional", 0.065, 2, 0.30, 0.40),
    ("u5", 0, "bridge", "student", 0.080, 2, 0.10, 0.90),
    ("u6", 1, "circle leader", "professional", 0.130, 3, 0.80, 0.35),
    ("u7", 1, "peripheral", "professional", 0.085, 2, 0.40, 0.30),
    ("u8", 1, "peripheral", "professional", 0.100, 2, 0.60, 0.00),
    ("u9", 1, "bridge", "student", 0.060, 2, 0.15, 0.70),
    ("u10", 1, "peripheral", "student", 0.055, 2, 0.05, 0.10),
    ("u11", 1, "peripheral", "student", 0.050, 1, 0.02, 0.45),
    ("u12", 2, "circle leader", "student", 0.040, 1, 0.10, 0.20),
]
STRONG = [
    ("u1", "u2", 5),
    ("u1", "u3", 4),
    ("u1", "u4", 3),
    ("u2", "u3", 2),
    ("u4", "u5", 2),
    ("u6", "u7", 5),
    ("u6", "u8", 4),
    ("u7", "u8", 3),
    ("u8", "u9", 2),
    ("u3", "u7", 3),
]
WEAK = [
    ("u3", "u5", 1),
    ("u9", "u10", 1),
    ("u6", "u10", 1),
    ("u10", "u11", 1),
    ("u5", "u6", 2),
    ("u4", "u9", 1),
    ("u11", "u12", 1),
]
LEADS = [
    ("u1", 0, 1, 0.90),
    ("u3", 0, 2, 0.50),
    ("u4", 0, 3, 0.30),
    ("u6", 1, 1, 0.80),
    ("u8", 1, 2, 0.60),
    ("u7", 1, 3, 0.40),
    ("u12", 2, 1, 0.10),
]
CAMPAIGNS = [
    {
        "name": "spring",
        "model": "IC",
        "params": '{"p_strong": 0.2, "p_weak": 0.05}',
        "budget": 100.0,
        "expectedReach": 7.5,
        "ciLow": 7.1,
        "ciHigh": 7.9,
        "createdAt": "2026-03-01T10:00:00+00:00",
        "seeds": [("u1", 1, 4.0, 40.0), ("u6", 2, 2.5, 35.0), ("u5", 3, 1.0, 20.0)],
        "reaches": [
            ("u1", 1.0),
            ("u6", 1.0),
            ("u5", 1.0),
            ("u2", 0.9),
            ("u3", 0.8),
            ("u4", 0.6),
            ("u7", 0.7),
            ("u8", 0.5),
            ("u9", 0.3),
            ("u10", 0.2),
            ("u11", 0.05),
        ],
    },
    {
        "name": "autumn",
        "model": "LT",
        "params": "{}",
        "budget": 30.0,
        "expectedReach": 1.4,
        "ciLow": 1.3,
        "ciHigh": 1.5,
        "createdAt": "2026-09-01T10:00:00+00:00",
        "seeds": [("u12", 1, 1.0, 25.0)],
        "reaches": [("u12", 1.0), ("u11", 0.4)],
    },
]

_USER_KEYS = ("id", "community", "role", "segment", "pagerank", "coreness", "leaderScore", "bridgeScore")


def build_explore_graph(driver, database: str) -> None:
    """Replace everything in ``database`` with the explore fixture graph."""
    statements = [
        ("MATCH (n) DETACH DELETE n", {}),
        (
            "UNWIND $rows AS row CREATE (u:User) SET u = row",
            {"rows": [dict(zip(_USER_KEYS, user)) for user in USERS]},
        ),
        (
            (
                "UNWIND $rows AS row MATCH (u:User {id: row.id}) MERGE (c:Community {id: row.community}) "
                "CREATE (u)-[:MEMBER_OF]->(c)"
            ),
            {"rows": [{"id": user[0], "community": user[1]} for user in USERS]},
        ),
        ("MATCH (c:Community) SET c.size = COUNT { (c)<-[:MEMBER_OF]-() }", {}),
        *[
            (
                (
                    f"UNWIND $rows AS row MATCH (a:User {{id: row.a}}), (b:User {{id: row.b}}) "
                    f"CREATE (a)-[:{kind} {{weight: row.weight, p: row.p, labelledBy: 'fixture'}}]->(b)"
                ),
                {"rows": [{"a": a, "b": b, "weight": w, "p": p} for a, b, w in ties]},
            )
            for kind, ties, p in (("STRONG_TIE", STRONG, 0.2), ("WEAK_TIE", WEAK, 0.05))
        ],
        (
            (
                "UNWIND $rows AS row MATCH (u:User {id: row.id}), (c:Community {id: row.community}) "
                "CREATE (u)-[:LEADS {rank: row.rank, score: row.score}]->(c)"
            ),
            {"rows": [dict(zip(("id", "community", "rank", "score"), lead)) for lead in LEADS]},
        ),
    ]
    for campaign in CAMPAIGNS:
        properties = {key: value for key, value in campaign.items() if key not in ("seeds", "reaches")}
        statements += [
            (
                "CREATE (c:Campaign) SET c = $properties",
                {"properties": properties},
            ),
            (
                (
                    "MATCH (c:Campaign {name: $name}) UNWIND $rows AS row MATCH (u:User {id: row.id}) "
                    "CREATE (c)-[:SEEDS {rank: row.rank, marginalGain: row.gain, cost: row.cost}]->(u)"
                ),
                {
                    "name": campaign["name"],
                    "rows": [dict(zip(("id", "rank", "gain", "cost"), seed)) for seed in campaign["seeds"]],
                },
            ),
            (
                (
                    "MATCH (c:Campaign {name: $name}) UNWIND $rows AS row MATCH (u:User {id: row.id}) "
                    "CREATE (c)-[:REACHES {probability: row.probability}]->(u)"
                ),
                {
                    "name": campaign["name"],
                    "rows": [{"id": user, "probability": p} for user, p in campaign["reaches"]],
                },
            ),
        ]
    with driver.session(database=database) as session:
        for query, parameters in statements:
            session.run(query, parameters).consume()


def clear_graph(driver, database: str) -> None:
    """Delete every node and relationship in ``database``."""
    with driver.session(database=database) as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
