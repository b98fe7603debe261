// Who a campaign reaches, and how likely
// The users campaign $campaign reaches with probability at least $minProbability (REACHES is
// written only above the simulation's threshold), most likely first, with community, segment and
// whether the user is one of the campaign's seeds (seeds are reached with probability 1).
// $campaign        string  the campaign's name
// $minProbability  float   lowest activation probability to list, e.g. 0.1
// $limit           integer how many users to show, e.g. 100
MATCH (campaign:Campaign {name: $campaign})-[reach:REACHES]->(user:User)
WHERE reach.probability >= $minProbability
RETURN user.id AS user, reach.probability AS probability, user.community AS community,
       user.segment AS segment, EXISTS { (campaign)-[:SEEDS]->(user) } AS seed
ORDER BY probability DESC, user
LIMIT $limit
