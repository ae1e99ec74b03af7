-- A look inside one table, one round trip: the table, then its columns, indexes (with size and
-- scans), foreign keys out and in, and triggers, each as a JSON array. Parameters: schema, name.
WITH t AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
), fk AS (
    SELECT f.oid, f.conname, f.conrelid, f.confrelid,
           pg_catalog.pg_get_constraintdef(f.oid) AS definition,
           (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.conkey) WITH ORDINALITY k(num, ord)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.num) AS from_columns,
           (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.confkey) WITH ORDINALITY k(num, ord)
              JOIN pg_catalog.pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.num) AS to_columns
    FROM pg_catalog.pg_constraint f
    WHERE f.contype = 'f' AND (f.conrelid IN (SELECT oid FROM t) OR f.confrelid IN (SELECT oid FROM t))
      -- A partition repeats its parent's key: show the parent's only.
      AND f.conparentid = 0
)
SELECT t.nspname AS schema_name,
       t.relname AS table_name,
       t.relkind AS kind,
       CASE WHEN t.reltuples < 0 OR t.relkind = 'v' THEN NULL ELSE t.reltuples::bigint END AS estimated_rows,
       CASE WHEN t.relkind = 'v' THEN NULL ELSE pg_catalog.pg_total_relation_size(t.oid) END AS total_bytes,
       pg_catalog.obj_description(t.oid, 'pg_class') AS comment,
       (SELECT json_agg(json_build_object(
                   'position', a.attnum,
                   'name', a.attname,
                   'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                   'not_null', a.attnotnull,
                   'default', CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
                   'generated', CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
                   'generated_kind', a.attgenerated,
                   'identity', a.attidentity,
                   'comment', pg_catalog.col_description(a.attrelid, a.attnum)) ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a
        LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT json_agg(json_build_object(
                   'name', i.relname,
                   'definition', pg_catalog.pg_get_indexdef(x.indexrelid),
                   'primary', x.indisprimary,
                   'unique', x.indisunique,
                   'valid', x.indisvalid,
                   'bytes', pg_catalog.pg_relation_size(x.indexrelid),
                   'scans', s.idx_scan) ORDER BY NOT x.indisprimary, i.relname)
        FROM pg_catalog.pg_index x
        JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
        LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = x.indexrelid
        WHERE x.indrelid = t.oid) AS indexes,
       (SELECT json_agg(json_build_object(
                   'name', fk.conname,
                   'from_schema', fn.nspname, 'from_table', fc.relname, 'from_columns', fk.from_columns,
                   'to_schema', tn.nspname, 'to_table', tc.relname, 'to_columns', fk.to_columns,
                   'definition', fk.definition,
                   'outgoing', fk.conrelid = t.oid,
                   'incoming', fk.confrelid = t.oid) ORDER BY fc.relname, fk.conname)
        FROM fk
        JOIN pg_catalog.pg_class fc ON fc.oid = fk.conrelid
        JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace
        JOIN pg_catalog.pg_class tc ON tc.oid = fk.confrelid
        JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace) AS foreign_keys,
       (SELECT json_agg(json_build_object(
                   'name', g.tgname,
                   'definition', pg_catalog.pg_get_triggerdef(g.oid),
                   -- tgtype's bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate, 64 instead of.
                   'timing', CASE WHEN g.tgtype & 2 = 2 THEN 'BEFORE' WHEN g.tgtype & 64 = 64 THEN 'INSTEAD OF' ELSE 'AFTER' END
                             || ' ' || concat_ws(' OR ', CASE WHEN g.tgtype & 4 = 4 THEN 'INSERT' END,
                                                 CASE WHEN g.tgtype & 16 = 16 THEN 'UPDATE' END,
                                                 CASE WHEN g.tgtype & 8 = 8 THEN 'DELETE' END,
                                                 CASE WHEN g.tgtype & 32 = 32 THEN 'TRUNCATE' END)
                             || CASE WHEN g.tgtype & 1 = 1 THEN ' FOR EACH ROW' ELSE ' FOR EACH STATEMENT' END,
                   'enabled', g.tgenabled <> 'D') ORDER BY g.tgname)
        FROM pg_catalog.pg_trigger g
        WHERE g.tgrelid = t.oid AND NOT g.tgisinternal) AS triggers
FROM t
