// Every campaign's seeds, with the SEEDS properties (rank, marginalGain, cost).
MATCH (c:Campaign)-[r:SEEDS]->(u:User)
RETURN r {.*, campaign: c.name, user: u.id} AS props
