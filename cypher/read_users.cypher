// Every user, column-wise: ids, internal node ids (what read_ties returns for a tie's target), and
// for each property named in $keys (a list of property names) the users' values in the same order
// (null where a user has no value). Flat lists decode several times faster than a list per user.
MATCH (u:User)
WITH collect(u) AS users
RETURN [u IN users | u.id] AS id, [u IN users | id(u)] AS node,
       [key IN $keys | [u IN users | u[key]]] AS columns
