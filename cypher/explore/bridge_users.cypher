// Bridge users
// The users with the highest bridge score, with how many ties leave their own community and how
// many other communities those ties reach: the people who carry a campaign across circles.
// $limit  integer  how many users to show, e.g. 20
MATCH (user:User)
WHERE user.bridgeScore IS NOT NULL
CALL (user) {
  OPTIONAL MATCH (user)-[tie:STRONG_TIE|WEAK_TIE]-(other:User)
  WHERE other.community <> user.community
  RETURN count(tie) AS crossTies, count(DISTINCT other.community) AS otherCommunities
}
RETURN user.id AS user, user.community AS community, user.bridgeScore AS bridgeScore,
       user.role AS role, crossTies, otherCommunities
ORDER BY bridgeScore DESC, user
LIMIT $limit
