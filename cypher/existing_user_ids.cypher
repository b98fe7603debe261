// Which of $ids (list of str) are ids of stored users.
UNWIND $ids AS id
MATCH (u:User {id: id}) USING INDEX SEEK u:User(id)
RETURN u.id AS id
