// The ties leaving the users in $ids (one page of a full read), column-wise: ends, whether the
// tie is strong, and per tie the values of the properties named in $keys (null where absent).
// Seek each user by id, whatever the statistics say: planned on statistics taken just after the
// database was emptied and refilled, the planner scanned the whole id index for every id (20 s a
// page of 10,000 users). Ties join users only, so the far end needs no label.
UNWIND $ids AS id
MATCH (a:User {id: id})-[r:STRONG_TIE|WEAK_TIE]->(b) USING INDEX SEEK a:User(id)
RETURN collect(a.id) AS source, collect(b.id) AS target, collect(type(r) = 'STRONG_TIE') AS strong,
       collect([key IN $keys | r[key]]) AS values
