// Roles in each community
// How many users of each role (as written back by the analysis: circle leader, connector, bridge,
// peripheral) every community has, largest communities first. No parameters.
MATCH (user:User)
WHERE user.role IS NOT NULL AND user.community IS NOT NULL
WITH user.community AS community, user.role AS role, count(*) AS users
WITH community, collect({role: role, users: users}) AS roles, sum(users) AS members
UNWIND roles AS entry
RETURN community, members, entry.role AS role, entry.users AS users
ORDER BY members DESC, community, users DESC, role
