// Delete every stored community with its MEMBER_OF and LEADS relationships, 10,000 at a time.
MATCH (c:Community)
CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 10000 ROWS
