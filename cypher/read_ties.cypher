// The ties leaving the users in $ids (one page of a full read), column-wise: each tie's source as
// its position in $ids, its target as an internal node id (as read_users returns them: cheaper
// to read and to send than the target's id property), whether it is strong, and for each property
// named in $keys the ties' values in the same order (null where absent).
// Seek each user by id, whatever the statistics say: planned on statistics taken just after the
// database was emptied and refilled, the planner scanned the whole id index for every id (20 s a
// page of 10,000 users). Ties join users only, so the far end needs no label.
UNWIND range(0, size($ids) - 1) AS i
MATCH (a:User {id: $ids[i]})-[r:STRONG_TIE|WEAK_TIE]->(b) USING INDEX SEEK a:User(id)
WITH collect(i) AS source, collect(id(b)) AS target, collect(r) AS ties
RETURN source, target, [r IN ties | type(r) = 'STRONG_TIE'] AS strong,
       [key IN $keys | [r IN ties | r[key]]] AS columns
