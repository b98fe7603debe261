// Every campaign's reached users, with the REACHES properties (probability).
MATCH (c:Campaign)-[r:REACHES]->(u:User)
RETURN r {.*, campaign: c.name, user: u.id} AS props
