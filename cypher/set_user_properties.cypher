// Set user properties for one batch, sent column-wise.
// $id: list of user ids; $props: map of property name -> list aligned with $id (null = none).
UNWIND range(0, size($id) - 1) AS i
MATCH (u:User {id: $id[i]}) USING INDEX SEEK u:User(id)
FOREACH (key IN keys($props) | SET u[key] = $props[key][i])
