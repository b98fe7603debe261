// Strong and weak ties inside and between communities
// How many ties join two users of the same community ("inside") or of different communities
// ("between"), and which share of each is strong. Expect mostly strong ties inside and mostly
// weak ties between. Users without a community are left out. No parameters.
MATCH (a:User)-[tie:STRONG_TIE|WEAK_TIE]->(b:User)
WHERE a.community IS NOT NULL AND b.community IS NOT NULL
WITH CASE WHEN a.community = b.community THEN 'inside' ELSE 'between' END AS placement,
     type(tie) = 'STRONG_TIE' AS strong
WITH placement, count(*) AS ties, count(CASE WHEN strong THEN 1 END) AS strongTies
RETURN placement, ties, strongTies, ties - strongTies AS weakTies,
       round(toFloat(strongTies) / ties, 4) AS strongShare
ORDER BY placement DESC
