-- Columns of user tables, views and foreign tables, in order, with what CREATE TABLE needs.
-- PostgreSQL 13, which has no attcompression (14 and later: backup-columns.sql); its attstattarget is -1 for the default.
-- Comments come from pg_description itself: col_description, a SQL function, costs ten times as much per row.
SELECT a.attrelid AS relid,
       a.attnum AS num,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       a.attislocal AS local,
       a.attinhcount AS inherit_count,
       a.attidentity AS identity,
       a.attgenerated AS generated,
       CASE WHEN a.atthasdef THEN pg_get_expr(d.adbin, d.adrelid) END AS default_expression,
       CASE WHEN a.attcollation <> t.typcollation THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END AS collation,
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END AS storage,
       NULLIF(a.attstattarget::int, -1) AS statistics_target,
       array_to_json(a.attoptions) AS options,
       NULL::text AS compression,
       (SELECT dsc.description FROM pg_description dsc
         WHERE dsc.objoid = a.attrelid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = a.attnum) AS comment,
       (SELECT json_agg(json_build_object('grantee', CASE WHEN x.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(x.grantee) END,
                                          'privilege', x.privilege_type, 'grantable', x.is_grantable))
          FROM aclexplode(a.attacl) x) AS acl
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attnum > 0
  AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY a.attrelid, a.attnum
