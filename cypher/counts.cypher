// Users, strong and weak ties (from Neo4j's count store, so constant time), and directedness.
CALL () { MATCH (u:User) RETURN count(u) AS users }
CALL () { MATCH ()-[r:STRONG_TIE]->() RETURN count(r) AS strongTies }
CALL () { MATCH ()-[r:WEAK_TIE]->() RETURN count(r) AS weakTies }
OPTIONAL MATCH (m:GraphkitMeta {key: 'graph'})
RETURN users, strongTies, weakTies, m.directed AS directed
