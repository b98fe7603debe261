// Create or update the metadata node, under its write lock (taken first), so that concurrent
// loads add their columns to the recorded lists without losing each other's.
// $directed: bool (recorded by the first load; a load of the other kind changes nothing here);
// $schemaVersion: int; $userColumns, $tieColumns: the load's column names, appended when new.
// Returns what is recorded afterwards, so the caller can refuse a directedness mismatch.
MERGE (m:GraphkitMeta {key: 'graph'})
ON CREATE SET m.directed = $directed, m.userColumns = [], m.tieColumns = []
SET m.graphkitLock = true
WITH m
FOREACH (_ IN CASE WHEN m.directed = $directed THEN [1] ELSE [] END |
  SET m.schemaVersion = $schemaVersion,
      m.userColumns = m.userColumns + [c IN $userColumns WHERE NOT c IN m.userColumns],
      m.tieColumns = m.tieColumns + [c IN $tieColumns WHERE NOT c IN m.tieColumns])
REMOVE m.graphkitLock
RETURN m.directed AS directed, m.userColumns AS userColumns, m.tieColumns AS tieColumns
