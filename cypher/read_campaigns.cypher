// Every campaign's properties.
MATCH (c:Campaign)
RETURN properties(c) AS props
