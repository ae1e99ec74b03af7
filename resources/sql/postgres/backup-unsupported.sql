-- Objects the built-in engine does not reproduce, counted so the backup can say so
-- (a warning in the log and the manifest) instead of dropping them silently.
WITH user_ns AS (
    SELECT oid FROM pg_namespace
     WHERE nspname NOT IN ('pg_catalog', 'information_schema')
       AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
),
-- Extension members, and objects internal to another (the cast a range type creates for its multirange).
ext_member AS (
    SELECT classid, objid FROM pg_depend WHERE deptype IN ('e', 'i')
)
SELECT kind, count, examples FROM (
    SELECT 'foreign data wrappers' AS kind, count(*) AS count, string_agg(quote_ident(fdwname), ', ') AS examples
      FROM pg_foreign_data_wrapper w
     WHERE NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_foreign_data_wrapper'::regclass AND e.objid = w.oid)
    UNION ALL
    SELECT 'foreign servers', count(*), string_agg(quote_ident(srvname), ', ') FROM pg_foreign_server
    UNION ALL
    SELECT 'user mappings', count(*), NULL FROM pg_user_mapping
    UNION ALL
    SELECT 'subscriptions', count(*), string_agg(quote_ident(subname), ', ')
      FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL
    SELECT 'conversions', count(*), string_agg(quote_ident(conname), ', ')
      FROM pg_conversion c WHERE c.connamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_conversion'::regclass AND e.objid = c.oid)
    UNION ALL
    SELECT 'operators', count(*), string_agg(o.oprname, ', ')
      FROM pg_operator o WHERE o.oprnamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_operator'::regclass AND e.objid = o.oid)
    UNION ALL
    SELECT 'operator classes', count(*), string_agg(quote_ident(opcname), ', ')
      FROM pg_opclass o WHERE o.opcnamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_opclass'::regclass AND e.objid = o.oid)
    UNION ALL
    SELECT 'operator families', count(*), string_agg(quote_ident(opfname), ', ')
      FROM pg_opfamily o WHERE o.opfnamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_opfamily'::regclass AND e.objid = o.oid)
    UNION ALL
    SELECT 'casts', count(*), string_agg(format_type(castsource, NULL) || ' -> ' || format_type(casttarget, NULL), ', ')
      FROM pg_cast c WHERE c.oid >= 16384
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_cast'::regclass AND e.objid = c.oid)
    UNION ALL
    SELECT 'text search parsers and templates (C-language, outside extensions)', count(*), NULL
      FROM (SELECT oid, 'pg_ts_parser'::regclass AS classid, prsnamespace AS ns FROM pg_ts_parser
            UNION ALL SELECT oid, 'pg_ts_template'::regclass, tmplnamespace FROM pg_ts_template) x
     WHERE x.ns IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = x.classid AND e.objid = x.oid)
    UNION ALL
    SELECT 'transforms', count(*), NULL FROM pg_transform t WHERE t.oid >= 16384
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_transform'::regclass AND e.objid = t.oid)
    UNION ALL
    SELECT 'access methods', count(*), string_agg(quote_ident(amname), ', ') FROM pg_am a WHERE a.oid >= 16384
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_am'::regclass AND e.objid = a.oid)
    UNION ALL
    SELECT 'procedural languages', count(*), string_agg(quote_ident(lanname), ', ') FROM pg_language l WHERE l.oid >= 16384
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_language'::regclass AND e.objid = l.oid)
    UNION ALL
    SELECT 'default privileges (ALTER DEFAULT PRIVILEGES)', count(*), NULL FROM pg_default_acl
    UNION ALL
    SELECT 'security labels', count(*), NULL FROM pg_seclabel
    UNION ALL
    SELECT 'database settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET)', count(*), NULL
      FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
    UNION ALL
    SELECT 'foreign tables', count(*), string_agg(quote_ident(c.relname), ', ')
      FROM pg_class c WHERE c.relkind = 'f' AND c.relnamespace IN (SELECT oid FROM user_ns)
       AND NOT EXISTS (SELECT 1 FROM ext_member e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
) x
WHERE count > 0
