// (:User)-[:MEMBER_OF]->(:Community) for one batch. $user: list of user ids; $community: list of int.
UNWIND range(0, size($user) - 1) AS i
MATCH (u:User {id: $user[i]}) USING INDEX SEEK u:User(id)
MATCH (c:Community {id: $community[i]}) USING INDEX SEEK c:Community(id)
CREATE (u)-[:MEMBER_OF]->(c)
