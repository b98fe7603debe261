// Upsert one batch of weak ties, sent column-wise:
// $ids: the batch's user ids, each once, in ascending order (code points), as every graphkit writer
// locks users; $source, $target: each tie's users as positions in $ids (undirected ties oriented
// from the smaller id); $weight, $p, $labelledBy: lists aligned with $source (null = no value);
// $props: map of further property name -> aligned list.
// A tie is keyed by its two users, and every writer of ties holds both users' write locks before
// it looks at their ties: the batch's users are looked up once and write-locked first (`SET u:User`
// changes nothing but takes the lock, held until commit), in the order all writers share, so
// concurrent loads wait for each other instead of deadlocking. Under those locks no other writer
// can add or remove a tie between two of these users, so a pair found without a WEAK_TIE here is
// new, and is CREATEd with its values (no MERGE); a held one gets the new non-null values, other
// properties kept. A tie stored as STRONG_TIE is re-typed: its properties move to the WEAK_TIE
// and the STRONG_TIE is deleted, so a tie is never held twice, and never lost to a writer of the
// other kind. A missing user (a concurrent clear) fails the batch: the tie cannot be created.
UNWIND $ids AS id
OPTIONAL MATCH (u:User {id: id}) USING INDEX SEEK u:User(id)
SET u:User
WITH collect([u]) AS users
UNWIND range(0, size($source) - 1) AS i
WITH users[$source[i]][0] AS a, users[$target[i]][0] AS b, i
OPTIONAL MATCH (a)-[held:WEAK_TIE]->(b)
FOREACH (_ IN CASE WHEN held IS NULL THEN [1] ELSE [] END |
  CREATE (a)-[r:WEAK_TIE {weight: $weight[i], p: $p[i], labelledBy: $labelledBy[i]}]->(b)
  FOREACH (key IN keys($props) | SET r[key] = $props[key][i]))
FOREACH (_ IN CASE WHEN held IS NULL THEN [] ELSE [1] END |
  SET held.weight = coalesce($weight[i], held.weight), held.p = coalesce($p[i], held.p),
      held.labelledBy = coalesce($labelledBy[i], held.labelledBy)
  FOREACH (key IN keys($props) | SET held[key] = coalesce($props[key][i], held[key])))
WITH a, b, i
MATCH (a)-[old:STRONG_TIE]->(b)
MATCH (a)-[r:WEAK_TIE]->(b)
SET r += properties(old)
SET r.weight = coalesce($weight[i], r.weight), r.p = coalesce($p[i], r.p),
    r.labelledBy = coalesce($labelledBy[i], r.labelledBy)
FOREACH (key IN keys($props) | SET r[key] = coalesce($props[key][i], r[key]))
DELETE old
