// Upsert one batch of strong ties, sent column-wise (see create_strong_ties for the parameters).
// A tie is keyed by its ends: new non-null values overwrite, other properties are kept. A tie
// stored as WEAK_TIE is re-typed: its properties move to the STRONG_TIE and the WEAK_TIE is deleted,
// so a tie is never held twice.
UNWIND range(0, size($source) - 1) AS i
MATCH (a:User {id: $source[i]})
MATCH (b:User {id: $target[i]})
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
