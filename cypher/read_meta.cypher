// The graph's metadata node: directedness, schema version and the original (snake_case) names
// of user and tie columns, so property names convert back exactly. No row while the store is empty.
MATCH (m:GraphkitMeta {key: 'graph'})
RETURN m.directed AS directed, m.schemaVersion AS schemaVersion,
       coalesce(m.userColumns, []) AS userColumns, coalesce(m.tieColumns, []) AS tieColumns
