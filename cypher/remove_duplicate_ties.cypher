// Upgrade of a store written by graphkit 0.1 (schemaVersion 1), whose first loads could store a
// tie twice when they ran concurrently: of the ties between the same two users, keep the first.
MATCH (a:User)-[r:STRONG_TIE|WEAK_TIE]->(b:User)
WITH a, b, collect(r) AS ties
WHERE size(ties) > 1
UNWIND tail(ties) AS extra
CALL (extra) { DELETE extra } IN TRANSACTIONS OF 10000 ROWS
