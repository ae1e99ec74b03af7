-- Transforms made with CREATE TRANSFORM, not by an extension.
SELECT t.oid,
       json_build_object(
           'type', format_type(t.trftype, NULL),
           'language', l.lanname,
           'fromSql', CASE WHEN t.trffromsql <> 0 THEN t.trffromsql::regprocedure::text END,
           'toSql', CASE WHEN t.trftosql <> 0 THEN t.trftosql::regprocedure::text END,
           'comment', obj_description(t.oid, 'pg_transform')) AS data
FROM pg_transform t
JOIN pg_language l ON l.oid = t.trflang
WHERE t.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_transform'::regclass AND d.objid = t.oid AND d.deptype = 'e')
ORDER BY t.oid
