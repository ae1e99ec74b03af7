-- Casts made with CREATE CAST: not built in, not extension members, not internal to another
-- object (the cast a range type makes for its multirange).
SELECT c.oid,
       json_build_object(
           'source', format_type(c.castsource, NULL),
           'target', format_type(c.casttarget, NULL),
           'method', c.castmethod,
           'function', CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END,
           'context', c.castcontext,
           'comment', obj_description(c.oid, 'pg_cast')) AS data
FROM pg_cast c
WHERE c.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY c.oid
