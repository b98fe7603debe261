// Every community's properties (id, size, ...).
MATCH (c:Community)
RETURN properties(c) AS props
