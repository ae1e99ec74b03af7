-- Indexes view, one round trip: every index on user tables with its size, scans and the catalog
-- facts the findings need (key columns, operator classes, collations, options, constraint).
-- Tables without any index appear once with NULL index columns, so the sequential-scan finding
-- sees them too.
SELECT t.schemaname                                  AS schema_name,
       t.relname                                     AS table_name,
       t.seq_scan,
       t.seq_tup_read,
       t.idx_scan                                    AS table_idx_scan,
       t.n_live_tup                                  AS live_rows,
       ci.relname                                    AS index_name,
       am.amname                                     AS method,
       pg_relation_size(x.indexrelid)                AS index_bytes,
       si.idx_scan,
       si.idx_tup_read,
       x.indisprimary                                AS is_primary,
       x.indisunique                                 AS is_unique,
       x.indisvalid                                  AS is_valid,
       x.indpred IS NOT NULL                         AS is_partial,
       x.indexprs IS NOT NULL                        AS has_expressions,
       x.indnkeyatts                                 AS key_count,
       x.indkey::text                                AS column_numbers,
       x.indclass::text                              AS opclasses,
       x.indcollation::text                          AS collations,
       x.indoption::text                             AS options,
       (SELECT json_agg(coalesce(a.attname::text, pg_get_indexdef(x.indexrelid, k.ord::int, true)) ORDER BY k.ord)
          FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
          LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
       )::text                                       AS column_names,
       con.conname                                   AS constraint_name,
       EXISTS (SELECT 1 FROM pg_inherits p WHERE p.inhrelid = x.indexrelid) AS is_attached,
       ci.relkind = 'I'                              AS is_partitioned,
       pg_get_indexdef(x.indexrelid)                 AS definition,
       -- Counts run since the later of the last reset and the server's start.
       GREATEST((SELECT d.stats_reset FROM pg_stat_database d WHERE d.datname = current_database()),
                pg_postmaster_start_time())          AS stats_since,
       -- The table's foreign keys, as arrays of column numbers: an index that serves one is never proposed for DROP.
       (SELECT json_agg(fk.conkey) FROM pg_constraint fk WHERE fk.conrelid = t.relid AND fk.contype = 'f')::text AS fk_keys
FROM pg_stat_user_tables t
LEFT JOIN pg_index x ON x.indrelid = t.relid
LEFT JOIN pg_class ci ON ci.oid = x.indexrelid
LEFT JOIN pg_am am ON am.oid = ci.relam
LEFT JOIN pg_stat_user_indexes si ON si.indexrelid = x.indexrelid
LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x')
ORDER BY t.schemaname, t.relname, ci.relname
