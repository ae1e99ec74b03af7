-- Access methods made with CREATE ACCESS METHOD, not by an extension.
SELECT a.oid,
       json_build_object(
           'name', a.amname,
           'type', a.amtype,
           'handler', a.amhandler::regproc::text,
           'comment', obj_description(a.oid, 'pg_am')) AS data
FROM pg_am a
WHERE a.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_am'::regclass AND d.objid = a.oid AND d.deptype = 'e')
ORDER BY a.amname
