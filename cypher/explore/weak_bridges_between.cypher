// Weak ties bridging two communities
// The WEAK_TIEs with one end in community $communityA and the other in $communityB, heaviest
// first: the channels through which news can jump from one circle to the other (Granovetter's
// "strength of weak ties").
// $communityA  integer  one community id
// $communityB  integer  the other community id (a different one)
// $limit       integer  how many ties to show at most, e.g. 50
MATCH (a:User {community: $communityA})-[tie:WEAK_TIE]-(b:User {community: $communityB})
RETURN a, tie, b
ORDER BY tie.weight DESC, a.id, b.id
LIMIT $limit
