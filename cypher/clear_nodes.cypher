// Delete every node graphkit stores, 50,000 per transaction (second step of clear).
MATCH (n)
WHERE n:User OR n:Community OR n:Campaign OR n:GraphkitMeta
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 50000 ROWS
