// Every user, column-wise: ids, and per user the values of the properties named in $keys
// (a list of property names; null where a user has no value).
MATCH (u:User)
RETURN collect(u.id) AS id, collect([key IN $keys | u[key]]) AS values
