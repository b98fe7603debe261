// Community leaders, one row per LEADS, with its properties (rank, score, ...).
MATCH (u:User)-[r:LEADS]->(c:Community)
RETURN r {.*, user: u.id, community: c.id} AS props
