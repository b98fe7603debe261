// Leiden circles by GDS beside graphkit's
// gds.leiden on the UNDIRECTED projection $graphName (no weights, randomSeed 1, one thread: the
// same circles on every run over one database; another node order may give others). One row for
// each GDS circle and graphkit circle (User.community) that share users, with the users, largest
// first: where the two agree, each GDS circle lies almost whole in one graphkit circle.
// $graphName  string  the projection's name in the GDS catalogue, e.g. 'graphkit'
// $limit  integer  how many rows, e.g. 25
CALL gds.leiden.stream($graphName, {randomSeed: 1, concurrency: 1})
YIELD nodeId, communityId
WITH communityId AS gdsCommunity, gds.util.asNode(nodeId) AS user
ORDER BY user.id
WITH gdsCommunity, user.community AS graphkitCommunity, collect(user.id) AS members
RETURN gdsCommunity, graphkitCommunity, size(members) AS users, members
ORDER BY users DESC, gdsCommunity, graphkitCommunity
LIMIT $limit
