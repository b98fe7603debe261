// How many nodes of any label the database holds (from Neo4j's count store, so constant time):
// a bulk first load replaces the whole database, so it runs only when this is 0.
MATCH (n)
RETURN count(n) AS nodes
