-- Tables view, one round trip: every table, partitioned table, partition and materialized view
-- of the current database with sizes and vacuum state. Partitions carry their parent oid so the
-- service can roll a partitioned table up. Sizes come from the files; row counts are the
-- planner estimate (reltuples), which is -1 (PG 14+) or 0 before the first VACUUM or ANALYZE.
WITH db AS (
    SELECT pg_database_size(current_database()) AS bytes, statement_timestamp() AS server_time
)
SELECT c.oid::bigint                                   AS oid,
       n.nspname                                       AS schema_name,
       c.relname                                       AS table_name,
       c.relkind::text                                 AS relkind,
       i.inhparent::bigint                             AS parent_oid,
       CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END AS estimated_rows,
       pg_table_size(c.oid)                            AS table_bytes,
       CASE WHEN c.reltoastrelid <> 0 THEN pg_total_relation_size(c.reltoastrelid) ELSE 0 END AS toast_bytes,
       pg_indexes_size(c.oid)                          AS index_bytes,
       s.n_live_tup                                    AS live_rows,
       s.n_dead_tup                                    AS dead_rows,
       s.last_vacuum,
       s.last_autovacuum,
       s.last_analyze,
       s.last_autoanalyze,
       db.bytes                                        AS database_bytes,
       db.server_time
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN db
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND c.relispartition
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
