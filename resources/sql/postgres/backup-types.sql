-- Enums, domains, composite, range, base and shell types in user schemas; not table row types,
-- arrays, multiranges (created with their range) or extension members. A base type comes with
-- its support functions and properties, and with the support functions written in a language
-- that cannot be recreated from the catalog (C and other loadable ones).
SELECT t.oid,
       n.nspname AS schema,
       t.typname AS name,
       t.typtype AS kind,
       pg_get_userbyid(t.typowner) AS owner,
       (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                          'privilege', a.privilege_type, 'grantable', a.is_grantable))
          FROM aclexplode(t.typacl) a) AS acl,
       t.typacl IS NOT NULL AS has_acl,
       obj_description(t.oid, 'pg_type') AS comment,
       CASE WHEN t.typtype = 'e' THEN
           (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
       END AS enum_labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS domain_base,
       t.typnotnull AS domain_not_null,
       CASE WHEN t.typtype = 'd' THEN pg_get_expr(t.typdefaultbin, 0) END AS domain_default,
       CASE WHEN t.typcollation <> 0 AND t.typcollation IS DISTINCT FROM
                 (SELECT b.typcollation FROM pg_type b WHERE b.oid = t.typbasetype)
            THEN (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                    FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation)
       END AS domain_collation,
       CASE WHEN t.typtype = 'c' THEN
           (SELECT json_agg(json_build_object(
                       'name', a.attname,
                       'type', format_type(a.atttypid, a.atttypmod),
                       'collation', CASE WHEN a.attcollation <> at.typcollation THEN
                           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                              FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                             WHERE co.oid = a.attcollation) END,
                       'comment', col_description(a.attrelid, a.attnum))
                   ORDER BY a.attnum)
              FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
             WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped)
       END AS composite_attributes,
       CASE WHEN t.typtype = 'r' THEN
           (SELECT json_build_object(
                       'subtype', format_type(r.rngsubtype, NULL),
                       'opclass', CASE WHEN NOT opc.opcdefault THEN quote_ident(ocn.nspname) || '.' || quote_ident(opc.opcname) END,
                       'collation', CASE WHEN r.rngcollation <> 0 AND r.rngcollation <> st.typcollation THEN
                           (SELECT quote_ident(cn.nspname) || '.' || quote_ident(co.collname)
                              FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                             WHERE co.oid = r.rngcollation) END,
                       'canonical', CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END,
                       'subtypeDiff', CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END,
                       'multirange', (SELECT quote_ident(mn.nspname) || '.' || quote_ident(m.typname)
                                        FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace
                                       WHERE m.oid = (to_jsonb(r) ->> 'rngmultitypid')::oid))
              FROM pg_range r
              JOIN pg_type st ON st.oid = r.rngsubtype
              JOIN pg_opclass opc ON opc.oid = r.rngsubopc
              JOIN pg_namespace ocn ON ocn.oid = opc.opcnamespace
             WHERE r.rngtypid = t.oid)
       END AS range_definition,
       CASE WHEN t.typtype = 'b' THEN
           json_build_object(
               'input', NULLIF(t.typinput::regproc::text, '-'),
               'output', NULLIF(t.typoutput::regproc::text, '-'),
               'receive', NULLIF(t.typreceive::regproc::text, '-'),
               'send', NULLIF(t.typsend::regproc::text, '-'),
               'typmodIn', NULLIF(t.typmodin::regproc::text, '-'),
               'typmodOut', NULLIF(t.typmodout::regproc::text, '-'),
               'analyze', NULLIF(t.typanalyze::regproc::text, '-'),
               'subscript', NULLIF(to_jsonb(t) ->> 'typsubscript', '-'),
               'length', t.typlen,
               'byValue', t.typbyval,
               'alignment', t.typalign,
               'storage', t.typstorage,
               'category', t.typcategory,
               'preferred', t.typispreferred,
               'default', t.typdefault,
               'element', CASE WHEN t.typelem <> 0 THEN format_type(t.typelem, NULL) END,
               'delimiter', t.typdelim,
               'collatable', t.typcollation <> 0,
               'functions', (SELECT json_agg(f) FROM unnest(ARRAY[t.typinput, t.typoutput, t.typreceive, t.typsend,
                                       t.typmodin, t.typmodout, t.typanalyze,
                                       COALESCE(NULLIF(to_jsonb(t) ->> 'typsubscript', '-'), '-')::regproc]::oid[]) f
                              WHERE f <> 0),
               'notReproducible',
               (SELECT string_agg(p.oid::regprocedure::text || ' (LANGUAGE ' || l.lanname || ')', ', ' ORDER BY p.oid)
                  FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                 WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze,
                                 COALESCE(NULLIF(to_jsonb(t) ->> 'typsubscript', '-'), '-')::regproc)
                   AND l.lanname NOT IN ('internal', 'sql', 'plpgsql')))
       END AS base_definition
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND t.typtype IN ('e', 'd', 'c', 'r', 'b', 'p')
  AND (t.typtype <> 'b' OR NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid))
  AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_class'::regclass AND d.objid = t.typrelid AND t.typrelid <> 0 AND d.deptype = 'e')
ORDER BY n.nspname, t.typname
