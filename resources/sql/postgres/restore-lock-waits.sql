-- The restore's sessions that wait for a lock another session holds, and who holds it.
-- Railyard's own restore sessions are left out as holders: the parts of a parallel restore
-- wait for one another for a moment by design.
SELECT w.pid AS waiting_pid,
       floor(extract(epoch FROM (now() - w.query_start)) * 1000)::bigint AS waited_ms,
       (SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
          FROM pg_catalog.pg_locks l
          JOIN pg_catalog.pg_class c ON c.oid = l.relation
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE l.pid = w.pid AND NOT l.granted LIMIT 1) AS relation,
       (SELECT l.mode FROM pg_catalog.pg_locks l WHERE l.pid = w.pid AND NOT l.granted LIMIT 1) AS wanted_mode,
       h.pid AS holder_pid,
       h.usename AS holder_user,
       h.application_name AS holder_application,
       h.state AS holder_state,
       floor(extract(epoch FROM (now() - coalesce(h.xact_start, h.query_start))) * 1000)::bigint AS holder_ms,
       left(h.query, 200) AS holder_query
  FROM pg_catalog.pg_stat_activity w
 CROSS JOIN LATERAL unnest(pg_catalog.pg_blocking_pids(w.pid)) AS b(pid)
  JOIN pg_catalog.pg_stat_activity h ON h.pid = b.pid
 WHERE w.datname = ?
   AND w.application_name LIKE 'railyard-restore%'
   AND w.wait_event_type = 'Lock'
   AND w.pid <> pg_catalog.pg_backend_pid()
   AND coalesce(h.application_name, '') NOT LIKE 'railyard-restore%'
 ORDER BY waited_ms DESC, h.pid
