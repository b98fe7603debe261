// Remove whole user properties from the users a write-back does not set (inside its transaction).
// $cleared: map of property name -> null (setting a property to null removes it);
// $kept: ids of the users whose values the write-back sets next (left alone here).
MATCH (u:User)
WHERE any(key IN keys($cleared) WHERE u[key] IS NOT NULL) AND NOT u.id IN $kept
SET u += $cleared
