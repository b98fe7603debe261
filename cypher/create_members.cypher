// (:User)-[:MEMBER_OF]->(:Community) for one batch. $user: list of user ids; $community: list of int.
UNWIND range(0, size($user) - 1) AS i
MATCH (u:User {id: $user[i]})
MATCH (c:Community {id: $community[i]})
CREATE (u)-[:MEMBER_OF]->(c)
