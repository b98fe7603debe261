// Target-segment users a campaign misses
// Users of segment $segment that campaign $campaign neither seeds nor reaches with probability at
// least $minProbability, most central (PageRank) first: candidates for another seed or a second
// wave. bestProbability is the reach they do get (0 when none was recorded).
// $campaign        string   the campaign's name
// $segment         string   the target segment, e.g. 'student'
// $minProbability  float    probability that counts as reached, e.g. 0.25
// $limit           integer  how many users to show, e.g. 50
MATCH (user:User {segment: $segment})
WHERE NOT EXISTS { (:Campaign {name: $campaign})-[:SEEDS]->(user) }
WITH user,
     coalesce(COLLECT { MATCH (:Campaign {name: $campaign})-[reach:REACHES]->(user)
                        RETURN max(reach.probability) }[0], 0.0) AS bestProbability
WHERE bestProbability < $minProbability
RETURN user.id AS user, user.community AS community, user.pagerank AS pagerank, bestProbability,
       COUNT { (user)-[:STRONG_TIE|WEAK_TIE]-() } AS ties
ORDER BY pagerank DESC, user
LIMIT $limit
