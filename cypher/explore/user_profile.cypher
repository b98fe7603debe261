// One user's profile
// Everything graphkit knows about user $userId: community, role, segment, scores written back by
// the analysis, strong and weak tie counts, the communities they lead and the campaigns they seed.
// $userId  string  the user's id
MATCH (user:User {id: $userId})
RETURN user.id AS user, user.community AS community, user.role AS role, user.segment AS segment,
       user.pagerank AS pagerank, user.coreness AS coreness, user.leaderScore AS leaderScore,
       user.communityRank AS communityRank,
       user.bridgeScore AS bridgeScore,
       COUNT { (user)-[:STRONG_TIE]-() } AS strongTies,
       COUNT { (user)-[:WEAK_TIE]-() } AS weakTies,
       COLLECT { MATCH (user)-[:LEADS]->(led:Community) RETURN led.id ORDER BY led.id } AS leads,
       COLLECT { MATCH (campaign:Campaign)-[:SEEDS]->(user) RETURN campaign.name ORDER BY campaign.name } AS seedOf
