// First statement of every result write-back (circles, leaders, user properties, campaigns):
// takes the write lock of the results node, so write-backs run one after another, each in one
// transaction that readers see whole or not at all. Counts the write-backs in m.version.
MERGE (m:GraphkitMeta {key: 'results'})
SET m.version = coalesce(m.version, 0) + 1
