-- User schemas (not pg_catalog, information_schema, toast or temp schemas).
SELECT n.oid,
       n.nspname AS name,
       pg_get_userbyid(n.nspowner) AS owner,
       (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                          'privilege', a.privilege_type, 'grantable', a.is_grantable))
          FROM aclexplode(n.nspacl) a) AS acl,
       n.nspacl IS NOT NULL AS has_acl,
       obj_description(n.oid, 'pg_namespace') AS comment,
       EXISTS (SELECT 1 FROM pg_depend d
                WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e') AS extension_member
FROM pg_namespace n
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY n.nspname
