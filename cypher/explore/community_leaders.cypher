// Top leaders of each community
// For every community, its leaders up to rank $limit (LEADS.rank 1 is the strongest), with the
// leader score, PageRank and role the analysis wrote back. Largest communities first.
// $limit  integer  how many leaders per community, e.g. 3
MATCH (leader:User)-[leads:LEADS]->(community:Community)
WHERE leads.rank <= $limit
RETURN community.id AS community, community.size AS size, leads.rank AS rank, leader.id AS leader,
       leads.score AS score, leader.pagerank AS pagerank, leader.role AS role
ORDER BY size DESC, community, rank
