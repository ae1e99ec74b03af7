-- Queries view for a user who may read neither the performance_schema digests nor mysql.slow_log,
-- used after queries.sql was refused: only the settings that decide the source, so the view can
-- name the grant that would show statements. CURRENT_USER() names whom to grant.
SELECT @@performance_schema AS performance_schema_on,
       @@log_output         AS log_output,
       @@slow_query_log     AS slow_query_log,
       @@long_query_time    AS long_query_time,
       CURRENT_USER()       AS grantee
