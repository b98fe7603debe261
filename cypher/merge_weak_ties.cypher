// Upsert one batch of weak ties, sent column-wise:
// $source, $target: lists of user ids (undirected ties oriented from the smaller id);
// $weight, $p, $labelledBy: lists aligned with $source (null = no value);
// $props: map of further property name -> aligned list.
// A tie is keyed by its two users. MERGE locks both users before it creates the relationship and
// looks again under the locks, so concurrent and repeated loads never create it twice. New
// non-null values overwrite, other properties are kept. A tie stored as STRONG_TIE is re-typed
// (after the MERGE, so under the same locks when this load created the WEAK_TIE): its
// properties move to the WEAK_TIE and the STRONG_TIE is deleted, so a tie is never held twice.
UNWIND range(0, size($source) - 1) AS i
MATCH (a:User {id: $source[i]})
MATCH (b:User {id: $target[i]})
MERGE (a)-[r:WEAK_TIE]->(b)
SET r.weight = coalesce($weight[i], r.weight), r.p = coalesce($p[i], r.p),
    r.labelledBy = coalesce($labelledBy[i], r.labelledBy)
FOREACH (key IN keys($props) | SET r[key] = coalesce($props[key][i], r[key]))
WITH a, b, r, i
MATCH (a)-[old:STRONG_TIE]->(b)
SET r += properties(old)
SET r.weight = coalesce($weight[i], r.weight), r.p = coalesce($p[i], r.p),
    r.labelledBy = coalesce($labelledBy[i], r.labelledBy)
FOREACH (key IN keys($props) | SET r[key] = coalesce($props[key][i], r[key]))
DELETE old
