-- Dependencies between user objects, folded onto the objects a dump creates: a view's rule,
-- a column default and a CHECK constraint count as their table; a domain constraint as its
-- domain; an array type as its element; a table's row type as the table. Kinds: r = relation,
-- t = type, p = function, x = text search dictionary or configuration; these order the CREATE
-- statements, as do o = operator, y = operator family, k = operator class (their operators and
-- functions count as the class, or as the family when loose), a = cast, m = access method,
-- w = foreign data wrapper, v = foreign server, u = user mapping, n = transform. Objects of the
-- post-data section are kinds of their own, never folded onto their table (upper case, or i/g):
-- K = key or foreign key constraint, i = index, W = rule (not a view's), g = trigger, O = policy;
-- U = an object the engine does not reproduce (conversions, text search parsers and templates,
-- procedural languages outside extensions), with its description. They decide which views need
-- a key first, and what to leave out because it depends on something not reproduced.
-- default_column is the column number when the dependency comes from a column default (so a
-- default can be set apart from its table to break a cycle), 0 otherwise; check_constraint
-- likewise the CHECK constraint it comes from.
WITH target AS (
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid,
           CASE WHEN c.relkind = 'c' THEN 't' WHEN c.relkind IN ('i', 'I') THEN 'i' ELSE 'r' END AS kind,
           CASE WHEN c.relkind = 'c' THEN c.reltype ELSE c.oid END AS oid,
           0 AS default_column, 0::oid AS check_constraint
      FROM pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c', 'i', 'I')
    UNION ALL
    SELECT 'pg_type'::regclass, t.oid,
           CASE WHEN b.typrelid <> 0 AND bc.relkind <> 'c' THEN 'r' ELSE 't' END,
           CASE WHEN b.typrelid <> 0 AND bc.relkind <> 'c' THEN b.typrelid ELSE b.oid END,
           0, 0
      FROM pg_type t
      -- Joins, not a subquery per type: pg_type has no index on typarray (10,000 tables make 20,000 types).
      LEFT JOIN pg_type e ON e.typarray = t.oid
      LEFT JOIN pg_range mr ON (to_jsonb(mr) ->> 'rngmultitypid')::oid = t.oid
      JOIN pg_type b ON b.oid = COALESCE(e.oid, mr.rngtypid, t.oid)
      LEFT JOIN pg_class bc ON bc.oid = b.typrelid
     WHERE t.oid >= 16384
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 'p', p.oid, 0, 0 FROM pg_proc p WHERE p.oid >= 16384
    UNION ALL
    SELECT 'pg_ts_dict'::regclass, d.oid, 'x', d.oid, 0, 0 FROM pg_ts_dict d WHERE d.oid >= 16384
    UNION ALL
    SELECT 'pg_ts_config'::regclass, c.oid, 'x', c.oid, 0, 0 FROM pg_ts_config c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, CASE WHEN r.rulename = '_RETURN' THEN 'r' ELSE 'W' END,
           CASE WHEN r.rulename = '_RETURN' THEN r.ev_class ELSE r.oid END, 0, 0
      FROM pg_rewrite r WHERE r.oid >= 16384
    UNION ALL
    SELECT 'pg_attrdef'::regclass, a.oid, 'r', a.adrelid, a.adnum, 0 FROM pg_attrdef a WHERE a.oid >= 16384
    UNION ALL
    SELECT 'pg_constraint'::regclass, co.oid,
           CASE WHEN co.conrelid <> 0 THEN 'r' ELSE 't' END,
           CASE WHEN co.conrelid <> 0 THEN co.conrelid ELSE co.contypid END,
           0, CASE WHEN co.conrelid <> 0 THEN co.oid ELSE 0 END
      FROM pg_constraint co WHERE co.oid >= 16384 AND co.contype = 'c'
    UNION ALL
    SELECT 'pg_operator'::regclass, o.oid, 'o', o.oid, 0, 0 FROM pg_operator o WHERE o.oid >= 16384
    UNION ALL
    SELECT 'pg_opfamily'::regclass, f.oid, 'y', f.oid, 0, 0 FROM pg_opfamily f WHERE f.oid >= 16384
    UNION ALL
    SELECT 'pg_opclass'::regclass, c.oid, 'k', c.oid, 0, 0 FROM pg_opclass c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_amop'::regclass, ao.oid, CASE WHEN dc.refobjid IS NULL THEN 'y' ELSE 'k' END, COALESCE(dc.refobjid, ao.amopfamily), 0, 0
      FROM pg_amop ao
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amop'::regclass AND dc.objid = ao.oid AND dc.refclassid = 'pg_opclass'::regclass
     WHERE ao.oid >= 16384
    UNION ALL
    SELECT 'pg_amproc'::regclass, ap.oid, CASE WHEN dc.refobjid IS NULL THEN 'y' ELSE 'k' END, COALESCE(dc.refobjid, ap.amprocfamily), 0, 0
      FROM pg_amproc ap
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amproc'::regclass AND dc.objid = ap.oid AND dc.refclassid = 'pg_opclass'::regclass
     WHERE ap.oid >= 16384
    UNION ALL
    SELECT 'pg_cast'::regclass, c.oid, 'a', c.oid, 0, 0 FROM pg_cast c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_am'::regclass, a.oid, 'm', a.oid, 0, 0 FROM pg_am a WHERE a.oid >= 16384
    UNION ALL
    SELECT 'pg_foreign_data_wrapper'::regclass, w.oid, 'w', w.oid, 0, 0 FROM pg_foreign_data_wrapper w
    UNION ALL
    SELECT 'pg_foreign_server'::regclass, s.oid, 'v', s.oid, 0, 0 FROM pg_foreign_server s
    UNION ALL
    -- pg_user_mappings, not pg_user_mapping: only superusers may read the table
    SELECT 'pg_user_mapping'::regclass, u.umid, 'u', u.umid, 0, 0 FROM pg_user_mappings u
    UNION ALL
    SELECT 'pg_transform'::regclass, t.oid, 'n', t.oid, 0, 0 FROM pg_transform t WHERE t.oid >= 16384
    UNION ALL
    SELECT 'pg_constraint'::regclass, co.oid, 'K', co.oid, 0, 0
      FROM pg_constraint co WHERE co.oid >= 16384 AND co.contype IN ('p', 'u', 'x', 'f') AND co.conrelid <> 0
    UNION ALL
    SELECT 'pg_trigger'::regclass, t.oid, 'g', t.oid, 0, 0 FROM pg_trigger t WHERE t.oid >= 16384
    UNION ALL
    SELECT 'pg_policy'::regclass, p.oid, 'O', p.oid, 0, 0 FROM pg_policy p WHERE p.oid >= 16384
    UNION ALL
    SELECT u.classid, u.objid, 'U', u.objid, 0, 0
      FROM (SELECT 'pg_conversion'::regclass AS classid, oid AS objid FROM pg_conversion
            UNION ALL SELECT 'pg_ts_parser'::regclass, oid FROM pg_ts_parser
            UNION ALL SELECT 'pg_ts_template'::regclass, oid FROM pg_ts_template
            UNION ALL SELECT 'pg_language'::regclass, oid FROM pg_language) u
     WHERE u.objid >= 16384
       -- Not extension members, nor objects internal to another (the casts a range type makes for its multirange).
       AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = u.classid AND e.objid = u.objid AND e.deptype IN ('e', 'i'))
)
SELECT DISTINCT o.kind, o.oid, r.kind AS ref_kind, r.oid AS ref_oid, o.default_column, o.check_constraint,
       CASE WHEN r.kind = 'U' THEN pg_describe_object(r.classid, r.objid, 0) END AS ref_description
FROM pg_depend d
JOIN target o ON o.classid = d.classid AND o.objid = d.objid
JOIN target r ON r.classid = d.refclassid AND r.objid = d.refobjid
WHERE d.deptype IN ('n', 'a')
  AND (o.kind, o.oid) <> (r.kind, r.oid)
