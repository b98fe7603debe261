// Project graphkit's graph for Graph Data Science
// Puts every User and both tie kinds (STRONG_TIE, WEAK_TIE) into GDS's in-memory catalogue under
// the name $graphName, replacing a projection of that name, with no weights (plain algorithms). An
// undirected graphkit graph stores each tie once, so project it UNDIRECTED: the walk and the
// cascade then run both ways along a tie, as in graphkit, and gds.leiden and gds.louvain need it.
// NATURAL follows the ties of a directed graph. The projection holds server memory: drop it after.
// $graphName  string  the projection's name in the GDS catalogue, e.g. 'graphkit'
// $orientation  string  'UNDIRECTED' (an undirected graph, and for circles) or 'NATURAL'
CALL () {
  CALL gds.graph.drop($graphName, false) YIELD graphName
  RETURN count(graphName) AS replaced
}
// GDS refuses a tie kind the database has never held (all-weak data such as NetHEPT): name only those it has
WITH replaced, EXISTS { MATCH ()-[:STRONG_TIE]->() } AS strong, EXISTS { MATCH ()-[:WEAK_TIE]->() } AS weak
WITH replaced, CASE
  WHEN strong AND weak THEN {STRONG_TIE: {orientation: $orientation}, WEAK_TIE: {orientation: $orientation}}
  WHEN strong THEN {STRONG_TIE: {orientation: $orientation}}
  ELSE {WEAK_TIE: {orientation: $orientation}}
END AS ties
CALL gds.graph.project($graphName, 'User', ties)
YIELD graphName, nodeCount, relationshipCount, projectMillis
RETURN graphName, nodeCount, relationshipCount, replaced > 0 AS replaced, projectMillis
