-- Collations created by users (CREATE COLLATION), not extension members. Version-dependent
-- columns (colliculocale in 15-16, colllocale from 17, collicurules from 16) through to_jsonb.
-- Up to 14 an ICU collation keeps its locale in collcollate.
SELECT c.oid,
       n.nspname AS schema,
       c.collname AS name,
       c.collprovider AS provider,
       c.collisdeterministic AS deterministic,
       to_jsonb(c) ->> 'collcollate' AS lc_collate,
       to_jsonb(c) ->> 'collctype' AS lc_ctype,
       coalesce(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale',
                CASE WHEN c.collprovider = 'i' THEN to_jsonb(c) ->> 'collcollate' END) AS locale,
       to_jsonb(c) ->> 'collicurules' AS rules,
       pg_get_userbyid(c.collowner) AS owner,
       obj_description(c.oid, 'pg_collation') AS comment
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_collation'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY n.nspname, c.collname
