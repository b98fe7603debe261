// Upsert one batch of strong ties, sent column-wise:
// $source, $target: lists of user ids (undirected ties oriented from the smaller id);
// $weight, $p, $labelledBy: lists aligned with $source (null = no value);
// $props: map of further property name -> aligned list.
// A tie is keyed by its two users, and every writer of ties holds both users' write locks before
// it looks at their ties: the batch's users are locked first, in one order (ascending id) that all
// writers share, so concurrent loads wait for each other instead of deadlocking, and a tie is
// never created twice. New non-null values overwrite, other properties are kept. A tie stored as
// WEAK_TIE is re-typed: its properties move to the STRONG_TIE and the WEAK_TIE is deleted, so a
// tie is never held twice, and never lost to a writer of the other kind.
UNWIND $source + $target AS id
WITH DISTINCT id ORDER BY id
MATCH (u:User {id: id}) USING INDEX SEEK u:User(id)
SET u.graphkitLock = true
REMOVE u.graphkitLock
WITH count(*) AS locked
UNWIND range(0, size($source) - 1) AS i
MATCH (a:User {id: $source[i]}) USING INDEX SEEK a:User(id)
MATCH (b:User {id: $target[i]}) USING INDEX SEEK b:User(id)
MERGE (a)-[r:STRONG_TIE]->(b)
SET r.weight = coalesce($weight[i], r.weight), r.p = coalesce($p[i], r.p),
    r.labelledBy = coalesce($labelledBy[i], r.labelledBy)
FOREACH (key IN keys($props) | SET r[key] = coalesce($props[key][i], r[key]))
WITH a, b, r, i
MATCH (a)-[old:WEAK_TIE]->(b)
SET r += properties(old)
SET r.weight = coalesce($weight[i], r.weight), r.p = coalesce($p[i], r.p),
    r.labelledBy = coalesce($labelledBy[i], r.labelledBy)
FOREACH (key IN keys($props) | SET r[key] = coalesce($props[key][i], r[key]))
DELETE old
