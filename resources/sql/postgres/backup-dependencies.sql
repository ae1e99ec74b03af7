-- Dependencies between user objects, folded onto the objects a dump creates: a view's rule,
-- a column default and a CHECK constraint count as their table; a domain constraint as its
-- domain; an array type as its element; a table's row type as the table. Kinds: r = relation,
-- t = type, p = function, x = text search dictionary or configuration. Foreign keys, indexes and key constraints are left out: they are
-- created after the data and never decide the order of CREATE statements. default_column is
-- the column number when the dependency comes from a column default (so a default can be set
-- apart from its table to break a cycle), 0 otherwise.
WITH target AS (
    SELECT 'pg_class'::regclass AS classid, c.oid AS objid,
           CASE WHEN c.relkind = 'c' THEN 't' ELSE 'r' END AS kind,
           CASE WHEN c.relkind = 'c' THEN c.reltype ELSE c.oid END AS oid,
           0 AS default_column
      FROM pg_class c WHERE c.oid >= 16384 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
    UNION ALL
    SELECT 'pg_type'::regclass, t.oid,
           CASE WHEN b.typrelid <> 0 AND bc.relkind <> 'c' THEN 'r' ELSE 't' END,
           CASE WHEN b.typrelid <> 0 AND bc.relkind <> 'c' THEN b.typrelid ELSE b.oid END,
           0
      FROM pg_type t
      -- Joins, not a subquery per type: pg_type has no index on typarray (10,000 tables make 20,000 types).
      LEFT JOIN pg_type e ON e.typarray = t.oid
      LEFT JOIN pg_range mr ON (to_jsonb(mr) ->> 'rngmultitypid')::oid = t.oid
      JOIN pg_type b ON b.oid = COALESCE(e.oid, mr.rngtypid, t.oid)
      LEFT JOIN pg_class bc ON bc.oid = b.typrelid
     WHERE t.oid >= 16384
    UNION ALL
    SELECT 'pg_proc'::regclass, p.oid, 'p', p.oid, 0 FROM pg_proc p WHERE p.oid >= 16384
    UNION ALL
    SELECT 'pg_ts_dict'::regclass, d.oid, 'x', d.oid, 0 FROM pg_ts_dict d WHERE d.oid >= 16384
    UNION ALL
    SELECT 'pg_ts_config'::regclass, c.oid, 'x', c.oid, 0 FROM pg_ts_config c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_rewrite'::regclass, r.oid, 'r', r.ev_class, 0 FROM pg_rewrite r WHERE r.oid >= 16384
    UNION ALL
    SELECT 'pg_attrdef'::regclass, a.oid, 'r', a.adrelid, a.adnum FROM pg_attrdef a WHERE a.oid >= 16384
    UNION ALL
    SELECT 'pg_constraint'::regclass, co.oid,
           CASE WHEN co.conrelid <> 0 THEN 'r' ELSE 't' END,
           CASE WHEN co.conrelid <> 0 THEN co.conrelid ELSE co.contypid END,
           0
      FROM pg_constraint co WHERE co.oid >= 16384 AND co.contype = 'c'
    -- Operators (o), operator families (y) and classes (k; their operators and functions count as
    -- the class, or as the family when loose), casts (a), access methods (m), foreign data wrappers
    -- (w), servers (v), user mappings (u), transforms (n).
    UNION ALL
    SELECT 'pg_operator'::regclass, o.oid, 'o', o.oid, 0 FROM pg_operator o WHERE o.oid >= 16384
    UNION ALL
    SELECT 'pg_opfamily'::regclass, f.oid, 'y', f.oid, 0 FROM pg_opfamily f WHERE f.oid >= 16384
    UNION ALL
    SELECT 'pg_opclass'::regclass, c.oid, 'k', c.oid, 0 FROM pg_opclass c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_amop'::regclass, ao.oid, CASE WHEN dc.refobjid IS NULL THEN 'y' ELSE 'k' END, COALESCE(dc.refobjid, ao.amopfamily), 0
      FROM pg_amop ao
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amop'::regclass AND dc.objid = ao.oid AND dc.refclassid = 'pg_opclass'::regclass
     WHERE ao.oid >= 16384
    UNION ALL
    SELECT 'pg_amproc'::regclass, ap.oid, CASE WHEN dc.refobjid IS NULL THEN 'y' ELSE 'k' END, COALESCE(dc.refobjid, ap.amprocfamily), 0
      FROM pg_amproc ap
      LEFT JOIN pg_depend dc ON dc.classid = 'pg_amproc'::regclass AND dc.objid = ap.oid AND dc.refclassid = 'pg_opclass'::regclass
     WHERE ap.oid >= 16384
    UNION ALL
    SELECT 'pg_cast'::regclass, c.oid, 'a', c.oid, 0 FROM pg_cast c WHERE c.oid >= 16384
    UNION ALL
    SELECT 'pg_am'::regclass, a.oid, 'm', a.oid, 0 FROM pg_am a WHERE a.oid >= 16384
    UNION ALL
    SELECT 'pg_foreign_data_wrapper'::regclass, w.oid, 'w', w.oid, 0 FROM pg_foreign_data_wrapper w
    UNION ALL
    SELECT 'pg_foreign_server'::regclass, s.oid, 'v', s.oid, 0 FROM pg_foreign_server s
    UNION ALL
    -- pg_user_mappings, not pg_user_mapping: only superusers may read the table
    SELECT 'pg_user_mapping'::regclass, u.umid, 'u', u.umid, 0 FROM pg_user_mappings u
    UNION ALL
    SELECT 'pg_transform'::regclass, t.oid, 'n', t.oid, 0 FROM pg_transform t WHERE t.oid >= 16384
)
SELECT DISTINCT o.kind, o.oid, r.kind AS ref_kind, r.oid AS ref_oid, o.default_column
FROM pg_depend d
JOIN target o ON o.classid = d.classid AND o.objid = d.objid
JOIN target r ON r.classid = d.refclassid AND r.objid = d.refobjid
WHERE d.deptype IN ('n', 'a')
  AND (o.kind, o.oid) <> (r.kind, r.oid)
