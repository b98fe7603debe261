// The ties leaving the users in $ids (one page of a full read), column-wise: ends, whether the
// tie is strong, and per tie the values of the properties named in $keys (null where absent).
UNWIND $ids AS id
MATCH (a:User {id: id})-[r:STRONG_TIE|WEAK_TIE]->(b:User)
RETURN collect(a.id) AS source, collect(b.id) AS target, collect(type(r) = 'STRONG_TIE') AS strong,
       collect([key IN $keys | r[key]]) AS values
