// Create or update the metadata node.
// $directed: bool (kept if already set); $schemaVersion: int;
// $userColumns, $tieColumns: the full lists of column names to record.
MERGE (m:GraphkitMeta {key: 'graph'})
ON CREATE SET m.directed = $directed
SET m.schemaVersion = $schemaVersion, m.userColumns = $userColumns, m.tieColumns = $tieColumns
RETURN m.directed AS directed
