// Delete every relationship between graphkit's nodes, 50,000 per transaction (first step of clear).
MATCH (n)-[r]->()
WHERE n:User OR n:Community OR n:Campaign
CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS
