-- Tables, partitioned tables, views, materialized views, sequences and foreign tables in
-- user schemas, not extension members: what a CREATE statement needs besides columns.
SELECT c.oid,
       n.nspname AS schema,
       c.relname AS name,
       c.relkind AS kind,
       c.relpersistence AS persistence,
       -- The TOAST table's storage parameters travel with its table's, as CREATE TABLE takes them.
       array_to_json(c.reloptions || (SELECT array_agg('toast.' || o ORDER BY ord)
                                        FROM pg_class tc, unnest(tc.reloptions) WITH ORDINALITY AS x(o, ord)
                                       WHERE tc.oid = c.reltoastrelid)) AS options,
       c.relispartition AS is_partition,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       (SELECT json_agg(i.inhparent ORDER BY i.inhseqno) FROM pg_inherits i WHERE i.inhrelid = c.oid) AS parents,
       am.amname AS access_method,
       c.relrowsecurity AS row_security,
       c.relforcerowsecurity AS force_row_security,
       c.relreplident AS replica_identity,
       c.reltuples::bigint AS estimated_rows,
       -- relpages, not pg_relation_size(): the estimate needs no lock on every table of the database.
       CASE WHEN c.relkind IN ('r', 'm') THEN c.relpages::bigint * current_setting('block_size')::bigint ELSE 0 END AS bytes,
       CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS view_definition,
       c.relispopulated AS populated,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
       (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = c.reltablespace) AS tablespace,
       pg_get_userbyid(c.relowner) AS owner,
       (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                          'privilege', a.privilege_type, 'grantable', a.is_grantable))
          FROM aclexplode(c.relacl) a) AS acl,
       c.relacl IS NOT NULL AS has_acl,
       (SELECT dsc.description FROM pg_description dsc
         WHERE dsc.objoid = c.oid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = 0) AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_am am ON am.oid = c.relam
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
