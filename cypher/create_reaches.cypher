// (:Campaign)-[:REACHES {probability}]->(:User) for one batch.
// $name: campaign name; $user: list of user ids; $props: map name -> aligned list.
MATCH (c:Campaign {name: $name})
UNWIND range(0, size($user) - 1) AS i
MATCH (u:User {id: $user[i]}) USING INDEX SEEK u:User(id)
CREATE (c)-[r:REACHES]->(u)
FOREACH (key IN keys($props) | SET r[key] = $props[key][i])
