// A community as a graph
// The members of community $community (the $limit with the highest leader score) and the strong
// and weak ties among them, to see the circle's shape: its core, its leaders, its loose ends.
// $community  integer  the community id
// $limit      integer  how many members to draw at most, e.g. 150
MATCH (member:User)-[:MEMBER_OF]->(:Community {id: $community})
WITH member
ORDER BY coalesce(member.leaderScore, 0.0) DESC, member.id
LIMIT $limit
WITH collect(member) AS members
CALL (members) {
  UNWIND members AS a
  MATCH (a)-[tie:STRONG_TIE|WEAK_TIE]->(b:User)
  WHERE b IN members
  RETURN collect(tie) AS ties
}
RETURN members, ties
