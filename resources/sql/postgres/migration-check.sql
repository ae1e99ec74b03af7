-- Live facts for `railyard migrate check`, in one round trip: for each table a pending migration
-- names (the first parameter, text[], as written; an index name stands for its table), its size, row estimate,
-- columns, validated CHECKs, integer primary key with its sequence's last value, and the sessions
-- holding or waiting for a lock on it; plus one last row (name NULL) with the transactions open
-- longer than the second parameter's seconds anywhere in this database.
WITH wanted AS (
    SELECT w.name, w.ord, to_regclass(w.name) AS rel
    FROM unnest(?::text[]) WITH ORDINALITY AS w(name, ord)
), resolved AS (
    SELECT w.name, w.ord, COALESCE((SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = w.rel), w.rel) AS oid
    FROM wanted w
), target AS (
    SELECT r.*, EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = r.oid
                                                 AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
                                                 AND l.mode = 'AccessExclusiveLock' AND l.pid <> pg_backend_pid()) AS exclusive
    FROM resolved r
), sessions AS (
    SELECT a.pid, a.state, a.xact_start, a.query_start, a.application_name, a.usename, a.backend_type,
           COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - a.xact_start), 0)::bigint AS xact_seconds,
           left(a.query, 300) AS query,
           (a.backend_type = 'autovacuum worker' AND a.query LIKE '%to prevent wraparound%') AS wraparound
    FROM pg_stat_activity a
    WHERE a.pid <> pg_backend_pid() AND a.datname = current_database()
), holders AS (
    SELECT l.relation,
           json_agg(json_build_object(
               'pid', s.pid, 'mode', l.mode, 'granted', l.granted, 'state', s.state,
               'xact_start', s.xact_start, 'query_start', s.query_start, 'xact_seconds', s.xact_seconds,
               'query', s.query, 'application', s.application_name, 'user', s.usename,
               'backend_type', s.backend_type, 'wraparound', s.wraparound)
               ORDER BY s.xact_start NULLS LAST, s.pid) AS list
    FROM pg_locks l
    JOIN sessions s ON s.pid = l.pid
    WHERE l.locktype = 'relation'
      AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
      AND l.relation IN (SELECT t.oid FROM target t WHERE t.oid IS NOT NULL)
    GROUP BY l.relation
)
SELECT t.name,
       quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
       -- pg_relation_size takes ACCESS SHARE: behind a session holding (or waiting for) ACCESS EXCLUSIVE
       -- it would wait too, so then the sizes come from pg_class, as of the last VACUUM or ANALYZE.
       CASE WHEN c.oid IS NULL THEN 0
            WHEN t.exclusive THEN c.relpages::bigint * current_setting('block_size')::bigint
            ELSE pg_relation_size(c.oid) END AS heap_bytes,
       CASE WHEN c.oid IS NULL THEN 0
            WHEN t.exclusive THEN (c.relpages::bigint + COALESCE((SELECT sum(x.relpages) FROM pg_class x
                                                                  WHERE x.oid = c.reltoastrelid
                                                                     OR x.oid IN (SELECT i.indexrelid FROM pg_index i
                                                                                  WHERE i.indrelid = c.oid)), 0))
                                  * current_setting('block_size')::bigint
            ELSE pg_total_relation_size(c.oid) END AS total_bytes,
       c.reltuples::bigint AS reltuples,
       (SELECT json_object_agg(a.attname, format_type(a.atttypid, a.atttypmod))
        FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       -- Columns with a validated CHECK (col IS NOT NULL), read from the stored expression tree:
       -- pg_get_constraintdef would take ACCESS SHARE on the table (ruleutils opens it).
       (SELECT json_agg(a.attname)
        FROM pg_constraint co
        JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = co.conkey[1]
        WHERE co.conrelid = c.oid AND co.contype = 'c' AND co.convalidated AND cardinality(co.conkey) = 1
          AND co.conbin::text ~ '^\{NULLTEST :arg \{VAR .*:nulltesttype 1 ') AS checks,
       (SELECT json_build_object('column', a.attname, 'type', format_type(a.atttypid, NULL), 'sequence', seq.name,
                                 'last_value', (SELECT s.last_value FROM pg_sequences s
                                                WHERE (quote_ident(s.schemaname) || '.' || quote_ident(s.sequencename))::regclass
                                                      = seq.name::regclass))
        FROM pg_constraint p
        JOIN pg_attribute a ON a.attrelid = p.conrelid AND a.attnum = p.conkey[1]
        CROSS JOIN LATERAL (SELECT pg_get_serial_sequence(quote_ident(n.nspname) || '.' || quote_ident(c.relname),
                                                          a.attname) AS name) seq
        WHERE p.conrelid = c.oid AND p.contype = 'p' AND cardinality(p.conkey) = 1
          AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) AND seq.name IS NOT NULL) AS pk,
       h.list AS holders,
       NULL::json AS long_transactions,
       t.ord
FROM target t
LEFT JOIN pg_class c ON c.oid = t.oid
LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN holders h ON h.relation = c.oid
UNION ALL
SELECT NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL,
       (SELECT json_agg(json_build_object(
                   'pid', s.pid, 'mode', NULL, 'granted', true, 'state', s.state,
                   'xact_start', s.xact_start, 'query_start', s.query_start, 'xact_seconds', s.xact_seconds,
                   'query', s.query, 'application', s.application_name, 'user', s.usename,
                   'backend_type', s.backend_type, 'wraparound', s.wraparound)
                   ORDER BY s.xact_start, s.pid)
        FROM sessions s
        WHERE s.xact_start IS NOT NULL AND s.xact_seconds >= ?),
       NULL
ORDER BY ord NULLS LAST
