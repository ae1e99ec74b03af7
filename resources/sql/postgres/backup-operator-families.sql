-- Operator families (kind y) and classes (kind k) in user schemas, not extension members, with
-- their operators and support functions: a class's own members (tied to it in pg_depend) and a
-- family's loose ones (tied to the family), as CREATE OPERATOR CLASS and ALTER OPERATOR FAMILY
-- ... ADD take them.
WITH member_operators AS (
    SELECT ao.amopfamily AS family, dc.refobjid AS opclass,
           json_build_object('strategy', ao.amopstrategy,
                             'operator', ao.amopopr::regoperator::text,
                             'left', format_type(ao.amoplefttype, NULL),
                             'right', format_type(ao.amoprighttype, NULL),
                             'orderBy', CASE WHEN ao.amoppurpose = 'o' THEN
                                 (SELECT quote_ident(fn.nspname) || '.' || quote_ident(f.opfname)
                                    FROM pg_opfamily f JOIN pg_namespace fn ON fn.oid = f.opfnamespace
                                   WHERE f.oid = ao.amopsortfamily) END) AS member,
           ao.amopstrategy AS number
      FROM pg_amop ao
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amop'::regclass AND dc.objid = ao.oid AND dc.refclassid = 'pg_opclass'::regclass
),
member_functions AS (
    SELECT ap.amprocfamily AS family, dc.refobjid AS opclass,
           json_build_object('number', ap.amprocnum,
                             'left', format_type(ap.amproclefttype, NULL),
                             'right', format_type(ap.amprocrighttype, NULL),
                             'function', ap.amproc::regprocedure::text) AS member,
           ap.amprocnum AS number
      FROM pg_amproc ap
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amproc'::regclass AND dc.objid = ap.oid AND dc.refclassid = 'pg_opclass'::regclass
)
SELECT f.oid,
       json_build_object(
           'kind', 'y',
           'schema', n.nspname,
           'name', f.opfname,
           'method', am.amname,
           'owner', pg_get_userbyid(f.opfowner),
           'comment', obj_description(f.oid, 'pg_opfamily'),
           'operators', (SELECT json_agg(m.member ORDER BY m.number) FROM member_operators m WHERE m.family = f.oid AND m.opclass IS NULL),
           'functions', (SELECT json_agg(m.member ORDER BY m.number) FROM member_functions m WHERE m.family = f.oid AND m.opclass IS NULL)) AS data
FROM pg_opfamily f
JOIN pg_namespace n ON n.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_opfamily'::regclass AND d.objid = f.oid AND d.deptype = 'e')
UNION ALL
SELECT c.oid,
       json_build_object(
           'kind', 'k',
           'schema', n.nspname,
           'name', c.opcname,
           'method', am.amname,
           'owner', pg_get_userbyid(c.opcowner),
           'comment', obj_description(c.oid, 'pg_opclass'),
           'isDefault', c.opcdefault,
           'type', format_type(c.opcintype, NULL),
           'family', (SELECT quote_ident(fn.nspname) || '.' || quote_ident(f.opfname)
                        FROM pg_opfamily f JOIN pg_namespace fn ON fn.oid = f.opfnamespace WHERE f.oid = c.opcfamily),
           'familyIsNamesake', EXISTS (SELECT 1 FROM pg_opfamily f WHERE f.oid = c.opcfamily AND f.opfname = c.opcname
                                          AND f.opfnamespace = c.opcnamespace),
           'storage', CASE WHEN c.opckeytype <> 0 THEN format_type(c.opckeytype, NULL) END,
           'operators', (SELECT json_agg(m.member ORDER BY m.number) FROM member_operators m WHERE m.opclass = c.oid),
           'functions', (SELECT json_agg(m.member ORDER BY m.number) FROM member_functions m WHERE m.opclass = c.oid)) AS data
FROM pg_opclass c
JOIN pg_namespace n ON n.oid = c.opcnamespace
JOIN pg_am am ON am.oid = c.opcmethod
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_opclass'::regclass AND d.objid = c.oid AND d.deptype = 'e')
