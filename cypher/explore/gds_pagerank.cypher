// PageRank by GDS beside graphkit's
// gds.pageRank on the projection $graphName (damping 0.85, every tie weight 1, tolerance 1e-10),
// scaled to sum 1 as graphkit's is, beside the pagerank graphkit wrote, highest GDS score first,
// every user (cut to the top few, the query ran out of transaction memory at 4,000 users, and
// Browser shows the first 1,000 rows anyway).
// graphkit weights a weak tie 0.3 by default, so the two differ a little; with equal tie weights
// on an undirected graph they agree to about 1e-10.
// $graphName  string  the projection's name in the GDS catalogue, e.g. 'graphkit'
CALL gds.pageRank.stream($graphName, {dampingFactor: 0.85, tolerance: 1e-10, maxIterations: 100})
YIELD nodeId, score
WITH collect({nodeId: nodeId, score: score}) AS ranked, sum(score) AS total
UNWIND ranked AS row
WITH gds.util.asNode(row.nodeId) AS user, row.score / total AS gdsPagerank
RETURN user.id AS user, gdsPagerank, user.pagerank AS graphkitPagerank, user.community AS community
ORDER BY gdsPagerank DESC, user

