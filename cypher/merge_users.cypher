// Upsert one batch of users, sent column-wise.
// $id: list of str; $props: map of property name -> list aligned with $id (null = no value).
// New non-null values overwrite, other properties are kept (null never removes a property).
// The client sends $id in ascending order (code points), the order in which tie writers lock
// users, so that concurrent loads wait for each other instead of deadlocking.
UNWIND range(0, size($id) - 1) AS i
MERGE (u:User {id: $id[i]})
FOREACH (key IN keys($props) | SET u[key] = coalesce($props[key][i], u[key]))
