// Paths from a campaign's seeds to a target user
// For each seed of campaign $campaign, its shortest paths (up to 6 ties, strong or weak, either
// direction) to user $userId: how influence could travel. Nearest seeds first; the graph view
// draws the paths, the table gives hops and how many of them are strong ties.
// $campaign  string   the campaign's name
// $userId    string   the target user's id
// $limit     integer  how many paths to show at most, e.g. 10
MATCH (:Campaign {name: $campaign})-[seeds:SEEDS]->(seed:User), (target:User {id: $userId})
WHERE seed <> target
MATCH path = allShortestPaths((seed)-[:STRONG_TIE|WEAK_TIE*..6]-(target))
RETURN path, seed.id AS seed, seeds.rank AS seedRank, length(path) AS hops,
       size([tie IN relationships(path) WHERE type(tie) = 'STRONG_TIE']) AS strongTies,
       [user IN nodes(path) | user.id] AS via
ORDER BY hops, seedRank, via
LIMIT $limit
