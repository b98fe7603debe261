// Seeds by GDS CELF beside a graphkit campaign's
// gds.influenceMaximization.celf on $graphName: $seedSetSize seeds under Independent Cascade with
// one activation probability, $propagationProbability, on every tie (100 Monte Carlo simulations,
// randomSeed 1), with what GDS's own simulation says each adds to the spread, largest first, and
// the rank at which campaign $campaign seeds the same user (null: not one of its seeds). GDS's
// spread figures come from its own simulator: to weigh the two seed sets under one model, give
// each to graphkit simulate --seeds with --p-strong and --p-weak both set to that probability.
// $graphName  string  the projection's name in the GDS catalogue, e.g. 'graphkit'
// $seedSetSize  integer  how many seeds GDS picks, e.g. as many as the campaign has
// $propagationProbability  float  activation probability of every tie, e.g. 0.1
// $campaign  string  the campaign to compare with, e.g. 'spring'
CALL gds.influenceMaximization.celf.stream($graphName, {seedSetSize: $seedSetSize,
  propagationProbability: $propagationProbability, monteCarloSimulations: 100, randomSeed: 1})
YIELD nodeId, spread
WITH gds.util.asNode(nodeId) AS user, spread
OPTIONAL MATCH (:Campaign {name: $campaign})-[seed:SEEDS]->(user)
RETURN user.id AS user, spread AS gdsAddedSpread, seed.rank AS campaignRank, user.community AS community,
       user.leaderScore AS leaderScore
ORDER BY gdsAddedSpread DESC, user
