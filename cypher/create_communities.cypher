// Create one batch of communities, sent column-wise.
// $id: list of int; $props: map of property name -> aligned list (size, ...; null = none).
UNWIND range(0, size($id) - 1) AS i
CREATE (c:Community {id: $id[i]})
FOREACH (key IN keys($props) | SET c[key] = $props[key][i])
