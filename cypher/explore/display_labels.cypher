// Label users for the graphkit style (writes)
// Browser styles nodes by label only, not by property value, so this adds display-only labels the
// graphkit GraSS style colours and sizes: Circle0 ... Circle11 (community id modulo 12), Leader
// (leads a community) and Seed (seeds any campaign). Re-run it after new analysis or campaign
// results; it first removes the old display labels. Returns how many users got each label.
// No parameters.
MATCH (user:User)
REMOVE user:Leader:Seed:Circle0:Circle1:Circle2:Circle3:Circle4:Circle5:Circle6:Circle7:Circle8:Circle9:Circle10:Circle11
SET user:$(CASE WHEN user.community IS NULL THEN [] ELSE ['Circle' + toString(toInteger(user.community) % 12)] END)
SET user:$(CASE WHEN EXISTS { (user)-[:LEADS]->(:Community) } THEN ['Leader'] ELSE [] END)
SET user:$(CASE WHEN EXISTS { (:Campaign)-[:SEEDS]->(user) } THEN ['Seed'] ELSE [] END)
RETURN count(user) AS users, count(CASE WHEN user:Leader THEN 1 END) AS leaders,
       count(CASE WHEN user:Seed THEN 1 END) AS seeds,
       count(CASE WHEN user.community IS NOT NULL THEN 1 END) AS coloured
