-- Tables view, one round trip: every table, partitioned table, partition and materialized view
-- of the current database with sizes and vacuum state. Partitions carry their parent oid so the
-- service can roll a partitioned table up. Row counts are the planner estimate (reltuples),
-- which is -1 (PG 14+) or 0 before the first VACUUM or ANALYZE.
-- Sizes are read from the files, one relation at a time (main, free space map and visibility
-- map forks; not the init fork of unlogged tables). That is what pg_total_relation_size does,
-- but it opens each table three times over; with 10,000 tables that difference is seconds.
-- Vacuum state comes from the pg_stat_get_* functions that pg_stat_user_tables is built on,
-- without that view summing index scans this view does not show.
WITH t AS (
    SELECT c.oid, c.relname, c.relkind, c.reltuples, c.reltoastrelid, c.relispartition, n.nspname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
      AND n.nspname NOT LIKE 'pg\_temp\_%'
), index_sizes AS (
    SELECT x.indrelid AS table_oid,
           sum(pg_relation_size(x.indexrelid) + pg_relation_size(x.indexrelid, 'fsm')) AS bytes
    FROM pg_index x
    JOIN t ON t.oid = x.indrelid
    GROUP BY x.indrelid
), toast_sizes AS (
    SELECT t.oid AS table_oid,
           pg_relation_size(t.reltoastrelid) + pg_relation_size(t.reltoastrelid, 'fsm')
             + pg_relation_size(t.reltoastrelid, 'vm')
             + coalesce((SELECT sum(pg_relation_size(x.indexrelid)) FROM pg_index x WHERE x.indrelid = t.reltoastrelid), 0) AS bytes
    FROM t
    WHERE t.reltoastrelid <> 0
)
SELECT t.oid::bigint                                   AS oid,
       t.nspname                                       AS schema_name,
       t.relname                                       AS table_name,
       t.relkind::text                                 AS relkind,
       i.inhparent::bigint                             AS parent_oid,
       CASE WHEN t.reltuples < 0 THEN NULL ELSE t.reltuples::bigint END AS estimated_rows,
       CASE WHEN t.relkind = 'p' THEN 0
            ELSE pg_relation_size(t.oid) + pg_relation_size(t.oid, 'fsm') + pg_relation_size(t.oid, 'vm')
       END                                             AS heap_bytes,
       coalesce(ts.bytes, 0)                           AS toast_bytes,
       coalesce(xs.bytes, 0)                           AS index_bytes,
       pg_stat_get_live_tuples(t.oid)                  AS live_rows,
       pg_stat_get_dead_tuples(t.oid)                  AS dead_rows,
       pg_stat_get_last_vacuum_time(t.oid)             AS last_vacuum,
       pg_stat_get_last_autovacuum_time(t.oid)         AS last_autovacuum,
       pg_stat_get_last_analyze_time(t.oid)            AS last_analyze,
       pg_stat_get_last_autoanalyze_time(t.oid)        AS last_autoanalyze,
       statement_timestamp()                           AS server_time
FROM t
LEFT JOIN index_sizes xs ON xs.table_oid = t.oid
LEFT JOIN toast_sizes ts ON ts.table_oid = t.oid
LEFT JOIN pg_inherits i ON i.inhrelid = t.oid AND t.relispartition
