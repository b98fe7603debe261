// Remove whole user properties before they are re-written, in batches of 10,000 users.
// $cleared: map of property name -> null (setting a property to null removes it).
// Runs in its own implicit transaction (CALL ... IN TRANSACTIONS).
MATCH (u:User)
CALL (u) { SET u += $cleared } IN TRANSACTIONS OF 10000 ROWS
