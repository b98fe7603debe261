// A campaign as a graph
// Campaign $campaign with its seeds (SEEDS) and the $limit users it most likely reaches with
// probability at least $minProbability (REACHES): who starts the cascade and where it lands.
// $campaign        string   the campaign's name
// $minProbability  float    lowest activation probability to draw, e.g. 0.2
// $limit           integer  how many reached users to draw at most, e.g. 100
MATCH (campaign:Campaign {name: $campaign})
CALL (campaign) {
  MATCH (campaign)-[seeds:SEEDS]->(seed:User)
  WITH seeds, seed
  ORDER BY seeds.rank
  RETURN collect(seed) AS seedUsers, collect(seeds) AS seedLinks
}
CALL (campaign) {
  MATCH (campaign)-[reach:REACHES]->(user:User)
  WHERE reach.probability >= $minProbability
  WITH reach, user
  ORDER BY reach.probability DESC, user.id
  LIMIT $limit
  RETURN collect(user) AS reachedUsers, collect(reach) AS reachLinks
}
RETURN campaign, seedUsers, seedLinks, reachedUsers, reachLinks
