// Constraints graphkit relies on; each is created only if missing, so running this is idempotent.
// Statements are separated by ';' at the end of a line (the store runs them one by one).
CREATE CONSTRAINT graphkit_user_id IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;
CREATE CONSTRAINT graphkit_community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT graphkit_campaign_name IF NOT EXISTS FOR (c:Campaign) REQUIRE c.name IS UNIQUE;
CREATE CONSTRAINT graphkit_meta_key IF NOT EXISTS FOR (m:GraphkitMeta) REQUIRE m.key IS UNIQUE;
