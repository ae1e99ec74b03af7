-- Queries view (PostgreSQL 13+, pg_stat_statements 1.8+), one round trip: the statements of the
-- current database that took the most execution time. Totals (share, count) cover every
-- statement of the database, not only the rows returned. Parameter: the row limit.
-- The service falls back to queries_status.sql only when this fails (extension missing).
SELECT s.queryid::text                                          AS query_id,
       r.rolname                                                AS user_name,
       s.query,
       s.calls,
       s.total_exec_time                                        AS total_ms,
       s.mean_exec_time                                         AS mean_ms,
       s.max_exec_time                                          AS max_ms,
       s.rows,
       s.shared_blks_hit,
       s.shared_blks_read,
       s.plans,
       s.total_plan_time                                        AS plan_ms,
       s.total_exec_time / nullif(sum(s.total_exec_time) OVER (), 0) AS share,
       count(*) OVER ()                                         AS statement_count,
       sum(s.total_exec_time) OVER ()                           AS all_ms
FROM pg_stat_statements s
LEFT JOIN pg_roles r ON r.oid = s.userid
WHERE s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
  -- Railyard's own catalog queries (each starts with this comment) are not the user's workload,
  -- unless the first parameter asks for them.
  AND (? OR s.query NOT LIKE '/* railyard */%')
ORDER BY s.total_exec_time DESC
LIMIT ?
