-- Operators in user schemas, not extension members, and not shells (an operator only named as
-- another's commutator or negator: CREATE OPERATOR makes it again from that reference, as pg_dump
-- relies on). Names come schema-qualified where search_path (empty while backing up) needs it.
SELECT o.oid,
       json_build_object(
           'schema', n.nspname,
           'name', o.oprname,
           'left', CASE WHEN o.oprleft <> 0 THEN format_type(o.oprleft, NULL) END,
           'right', CASE WHEN o.oprright <> 0 THEN format_type(o.oprright, NULL) END,
           'function', o.oprcode::regproc::text,
           'commutator', (SELECT format('OPERATOR(%s.%s)', quote_ident(cn.nspname), c.oprname)
                            FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprcom),
           'negator', (SELECT format('OPERATOR(%s.%s)', quote_ident(cn.nspname), c.oprname)
                         FROM pg_operator c JOIN pg_namespace cn ON cn.oid = c.oprnamespace WHERE c.oid = o.oprnegate),
           'restrict', CASE WHEN o.oprrest <> 0 THEN o.oprrest::regproc::text END,
           'join', CASE WHEN o.oprjoin <> 0 THEN o.oprjoin::regproc::text END,
           'hashes', o.oprcanhash,
           'merges', o.oprcanmerge,
           'owner', pg_get_userbyid(o.oprowner),
           'comment', obj_description(o.oid, 'pg_operator')) AS data
FROM pg_operator o
JOIN pg_namespace n ON n.oid = o.oprnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND o.oprcode <> 0
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_operator'::regclass AND d.objid = o.oid AND d.deptype = 'e')
ORDER BY n.nspname, o.oprname, o.oid
