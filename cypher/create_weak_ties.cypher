// Create one batch of weak ties in a store that held no ties when the load began (the fast
// path of a first load; later loads use merge_weak_ties). Sent column-wise:
// $source, $target: lists of user ids (undirected ties oriented from the smaller id);
// $weight, $p, $labelledBy: lists aligned with $source (null = no value);
// $props: map of further property name -> aligned list.
UNWIND range(0, size($source) - 1) AS i
MATCH (a:User {id: $source[i]})
MATCH (b:User {id: $target[i]})
CREATE (a)-[r:WEAK_TIE]->(b)
SET r.weight = $weight[i], r.p = $p[i], r.labelledBy = $labelledBy[i]
FOREACH (key IN keys($props) | SET r[key] = $props[key][i])
