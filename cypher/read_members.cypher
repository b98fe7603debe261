// Community membership, one row per MEMBER_OF.
MATCH (u:User)-[:MEMBER_OF]->(c:Community)
RETURN {user: u.id, community: c.id} AS props
