// A campaign's reach per community
// For campaign $campaign, the expected number of reached users in each community (the sum of
// REACHES probabilities, over everyone reached: in the target segment or not, so it can exceed
// the campaign's expectedReach, which counts the target only; REACHES.inTarget tells them apart
// for plans), how many users it reaches at all, and the expected share of the community reached.
// Shows which circles the campaign penetrates and which it misses.
// $campaign  string  the campaign's name
MATCH (:Campaign {name: $campaign})-[reach:REACHES]->(user:User)
WITH user.community AS community, sum(reach.probability) AS expectedReached, count(user) AS reachedUsers
OPTIONAL MATCH (circle:Community {id: community})
RETURN community, circle.size AS size, reachedUsers, round(expectedReached, 4) AS expectedReached,
       round(expectedReached / circle.size, 4) AS expectedShare
ORDER BY expectedReached DESC, community
