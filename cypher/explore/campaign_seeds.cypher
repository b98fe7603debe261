// A campaign's seeds and their marginal reach
// The seed users of campaign $campaign in the order the selection picked them, with what each
// added to the expected reach (SEEDS.marginalGain), the running total, and the seed's cost.
// $campaign  string  the campaign's name
MATCH (:Campaign {name: $campaign})-[seeds:SEEDS]->(seed:User)
WITH seeds, seed
ORDER BY seeds.rank
WITH collect({rank: seeds.rank, seed: seed.id, community: seed.community, role: seed.role,
              marginalGain: seeds.marginalGain, cost: seeds.cost}) AS rows
UNWIND range(0, size(rows) - 1) AS i
RETURN rows[i].rank AS rank, rows[i].seed AS seed, rows[i].community AS community,
       rows[i].role AS role, rows[i].marginalGain AS marginalGain,
       reduce(total = 0.0, row IN rows[0..i + 1] | total + row.marginalGain) AS cumulativeReach,
       rows[i].cost AS cost
ORDER BY rank
