-- Objects the built-in engine does not reproduce, counted so the backup can say so
-- (a warning in the log and the manifest) instead of dropping them silently.
WITH user_ns AS (
    SELECT oid FROM pg_namespace
     WHERE nspname NOT IN ('pg_catalog', 'information_schema')
       AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
),
-- Extension members, and objects internal to another (the cast a range type creates for its multirange).
-- Not materialized: each check below then looks its objects up through pg_depend's index, where a
-- materialized list would be scanned whole for every object (a second with 10,000 tables).
ext_member AS NOT MATERIALIZED (
    SELECT classid, objid FROM pg_depend WHERE deptype IN ('e', 'i')
)
SELECT kind, count, examples FROM (
    SELECT 'subscriptions' AS kind, count(*) AS count, string_agg(quote_ident(subname), ', ') AS examples
      FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL
    SELECT 'conversions', count(*), string_agg(quote_ident(conname), ', ')
      FROM pg_conversion c WHERE c.connamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_conversion'::regclass AND e.objid = c.oid)
    UNION ALL
    SELECT 'text search parsers and templates (C-language, outside extensions)', count(*), NULL
      FROM (SELECT oid, 'pg_ts_parser'::regclass AS classid, prsnamespace AS ns FROM pg_ts_parser
            UNION ALL SELECT oid, 'pg_ts_template'::regclass, tmplnamespace FROM pg_ts_template) x
     WHERE x.ns IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = x.classid AND e.objid = x.oid)
    UNION ALL
    SELECT 'procedural languages', count(*), string_agg(quote_ident(lanname), ', ') FROM pg_language l WHERE l.oid >= 16384
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_language'::regclass AND e.objid = l.oid)
    UNION ALL
    SELECT 'default privileges (ALTER DEFAULT PRIVILEGES)', count(*), NULL FROM pg_default_acl
    UNION ALL
    SELECT 'security labels', count(*), NULL FROM pg_seclabel
) x
WHERE count > 0
