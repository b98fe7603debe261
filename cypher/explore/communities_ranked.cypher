// Communities by size and internal density
// Every community with its member count, the ties inside it (and how many are strong), and its
// density: inside ties / (members * (members - 1) / 2), the share of possible pairs that are tied
// (for directed graphs this counts each direction as a tie). Largest first.
// $limit  integer  how many communities to show, e.g. 25
MATCH (community:Community)
CALL (community) {
  MATCH (member:User)-[:MEMBER_OF]->(community)
  RETURN count(member) AS members
}
CALL (community) {
  OPTIONAL MATCH (community)<-[:MEMBER_OF]-(:User)-[tie:STRONG_TIE|WEAK_TIE]->(:User)-[:MEMBER_OF]->(community)
  RETURN count(tie) AS insideTies, count(CASE WHEN type(tie) = 'STRONG_TIE' THEN 1 END) AS strongInside
}
RETURN community.id AS community, members, insideTies, strongInside,
       CASE WHEN members > 1 THEN round(insideTies / (members * (members - 1) / 2.0), 4) ELSE 0.0 END AS density
ORDER BY members DESC, density DESC, community
LIMIT $limit
