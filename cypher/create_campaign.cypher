// Create the campaign node. $name: str; $props: map of its other properties
// (model, params as JSON, budget, expectedReach, ciLow, ciHigh, createdAt, ...).
CREATE (c:Campaign {name: $name})
SET c += $props
