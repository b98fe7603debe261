// Upsert one batch of users, sent column-wise.
// $id: list of str; $props: map of property name -> list aligned with $id (null = no value).
// New non-null values overwrite, other properties are kept (null never removes a property).
UNWIND range(0, size($id) - 1) AS i
MERGE (u:User {id: $id[i]})
FOREACH (key IN keys($props) | SET u[key] = coalesce($props[key][i], u[key]))
