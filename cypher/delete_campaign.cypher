// Delete the campaign named $name with its SEEDS and REACHES relationships.
MATCH (c:Campaign {name: $name})
DETACH DELETE c
