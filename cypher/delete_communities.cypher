// Delete every stored community with its MEMBER_OF and LEADS relationships (inside the
// write-back's transaction).
MATCH (c:Community)
DETACH DELETE c
