// A user's strong-tie circle
// The user and the people tied to them by a STRONG_TIE, closest (heaviest tie) first. In the
// graph view Browser also draws the ties among the friends, so a tight circle shows as a clique;
// compare the friends' colours (communities) with the user's.
// $userId  string   the user's id
// $limit   integer  how many friends to show at most, e.g. 25
MATCH (user:User {id: $userId})-[tie:STRONG_TIE]-(friend:User)
RETURN user, tie, friend
ORDER BY tie.weight DESC, friend.id
LIMIT $limit
