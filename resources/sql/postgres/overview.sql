-- Overview, one round trip: server, database, connections, cache, transaction counters,
-- the longest open transaction, replication, extensions and the facts behind the findings.
-- One row; lists come as JSON. Counters are cumulative: the tracker turns two refreshes into rates.
-- shared_preload_libraries is hidden from roles without pg_read_all_settings: NULL then.
WITH db AS (
    SELECT d.xact_commit, d.xact_rollback, d.blks_hit, d.blks_read, d.stats_reset
    FROM pg_stat_database d
    WHERE d.datname = current_database()
), heap AS (
    SELECT sum(heap_blks_hit) AS hit, sum(heap_blks_read) AS read FROM pg_statio_user_tables
), idx AS (
    SELECT sum(idx_blks_hit) AS hit, sum(idx_blks_read) AS read FROM pg_statio_user_indexes
), sessions AS (
    SELECT count(*) FILTER (WHERE backend_type = 'client backend')                                        AS used,
           count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active')                   AS active,
           count(*) FILTER (WHERE backend_type = 'client backend' AND state LIKE 'idle in transaction%')  AS idle_in_transaction
    FROM pg_stat_activity
), longest AS (
    SELECT a.pid, a.usename, a.application_name, a.state, a.xact_start, left(a.query, 1000) AS query,
           (extract(epoch FROM statement_timestamp() - a.xact_start) * 1000)::bigint AS xact_ms
    FROM pg_stat_activity a
    WHERE a.xact_start IS NOT NULL AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
    ORDER BY a.xact_start
    LIMIT 1
)
SELECT current_setting('server_version')                                         AS server_version,
       current_setting('server_version_num')::int                                AS server_version_num,
       pg_postmaster_start_time()                                                AS started_at,
       statement_timestamp()                                                     AS server_time,
       current_database()                                                        AS database_name,
       pg_database_size(current_database())                                      AS database_bytes,
       s.used                                                                    AS connections_used,
       s.active                                                                  AS connections_active,
       s.idle_in_transaction                                                     AS connections_idle_in_transaction,
       current_setting('max_connections')::int                                   AS max_connections,
       current_setting('superuser_reserved_connections')::int
         + coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0) AS reserved_connections,
       heap.hit AS heap_hit, heap.read AS heap_read, idx.hit AS index_hit, idx.read AS index_read,
       db.xact_commit + db.xact_rollback                                         AS transactions,
       db.stats_reset,
       l.pid AS longest_pid, l.usename AS longest_user, l.application_name AS longest_application,
       l.state AS longest_state, l.xact_start AS longest_start, l.xact_ms AS longest_ms, l.query AS longest_query,
       pg_is_in_recovery()                                                       AS in_recovery,
       (SELECT count(*) FROM pg_stat_replication)                                AS replicas,
       CASE WHEN pg_is_in_recovery()
            THEN (extract(epoch FROM statement_timestamp() - pg_last_xact_replay_timestamp()) * 1000)::bigint
       END                                                                       AS replay_lag_ms,
       (SELECT json_agg(json_build_object('name', r.slot_name, 'type', r.slot_type) ORDER BY r.slot_name)
          FROM pg_replication_slots r WHERE NOT r.active)::text                  AS inactive_slots,
       (SELECT json_agg(json_build_object('name', e.extname, 'version', e.extversion) ORDER BY e.extname)
          FROM pg_extension e)::text                                             AS extensions,
       (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
       (SELECT a.default_version FROM pg_available_extensions a WHERE a.name = 'pg_stat_statements') AS pgss_available_version,
       (SELECT json_object_agg(g.name, current_setting(g.name)) FROM pg_settings g
         WHERE g.name IN ('shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem',
                          'autovacuum', 'statement_timeout', 'TimeZone', 'wal_level', 'max_wal_size'))::text AS settings,
       (SELECT json_agg(json_build_object('schema', n.nspname, 'name', c.relname, 'table', t.relname) ORDER BY n.nspname, c.relname)
          FROM pg_index x
          JOIN pg_class c ON c.oid = x.indexrelid
          JOIN pg_class t ON t.oid = x.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE NOT x.indisvalid)::text                                           AS invalid_indexes,
       (SELECT json_agg(d ORDER BY d.dead DESC) FROM (
            SELECT u.schemaname AS schema, u.relname AS name, u.n_live_tup AS live, u.n_dead_tup AS dead,
                   u.last_autovacuum AS "lastAutovacuum", u.last_vacuum AS "lastVacuum"
            FROM pg_stat_user_tables u
            WHERE u.n_dead_tup > 0
            ORDER BY u.n_dead_tup DESC
            LIMIT 20) d)::text                                                   AS dead_rows
FROM sessions s
CROSS JOIN heap
CROSS JOIN idx
LEFT JOIN db ON true
LEFT JOIN longest l ON true
