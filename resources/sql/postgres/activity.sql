-- Activity view, one round trip: every session of the server with durations measured by the
-- server, and for sessions waiting on a heavyweight lock the pids that block them.
-- pg_blocking_pids briefly takes locks of the lock manager, so it runs only for lock waiters.
SELECT a.pid::bigint                                                               AS id,
       a.datname                                                                   AS database_name,
       a.usename                                                                   AS user_name,
       a.application_name,
       host(a.client_addr)                                                         AS client_address,
       a.backend_type,
       a.state,
       a.wait_event_type,
       a.wait_event,
       a.backend_start,
       a.xact_start,
       a.query_start,
       (extract(epoch FROM statement_timestamp() - a.xact_start) * 1000)::bigint   AS xact_ms,
       (extract(epoch FROM statement_timestamp() - a.query_start) * 1000)::bigint  AS query_ms,
       a.query,
       CASE WHEN a.wait_event_type = 'Lock' THEN array_to_string(pg_blocking_pids(a.pid), ',') END AS blocked_by,
       w.lock_schema,
       w.lock_table,
       a.pid = pg_backend_pid()                                                    AS is_self,
       statement_timestamp()                                                       AS server_time
FROM pg_stat_activity a
-- The table a lock waiter waits for: what a double-click on the session opens.
LEFT JOIN LATERAL (SELECT n.nspname AS lock_schema, c.relname AS lock_table
                     FROM pg_locks l
                     JOIN pg_class c ON c.oid = l.relation
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE l.pid = a.pid AND NOT l.granted AND a.wait_event_type = 'Lock'
                    LIMIT 1) w ON true
ORDER BY a.xact_start NULLS LAST, a.pid
