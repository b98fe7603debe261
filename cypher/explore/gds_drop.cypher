// Drop a GDS projection
// Removes $graphName from GDS's in-memory catalogue and frees the server memory it held; the
// stored graph stays as it is. No row when there is no such projection.
// $graphName  string  the projection's name in the GDS catalogue, e.g. 'graphkit'
CALL gds.graph.drop($graphName, false)
YIELD graphName, nodeCount, relationshipCount
RETURN graphName, nodeCount, relationshipCount
