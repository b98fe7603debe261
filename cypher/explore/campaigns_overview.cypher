// Campaigns at a glance
// Every stored campaign, newest first: diffusion model, budget, expected reach with its
// confidence interval, and how many seeds and reached users it recorded.
// $limit  integer  how many campaigns to show, e.g. 20
MATCH (campaign:Campaign)
RETURN campaign.name AS campaign, campaign.model AS model, campaign.budget AS budget,
       campaign.expectedReach AS expectedReach, campaign.ciLow AS ciLow, campaign.ciHigh AS ciHigh,
       COUNT { (campaign)-[:SEEDS]->() } AS seeds, COUNT { (campaign)-[:REACHES]->() } AS reached,
       campaign.createdAt AS createdAt
ORDER BY createdAt DESC, campaign
LIMIT $limit
