-- Everything the connection test wants to know, in one round trip.
-- pg_settings hides superuser-only settings from other users: preloaded is then NULL (unknown).
SELECT current_setting('server_version')                          AS server_version,
       current_setting('server_version_num')::int                 AS server_version_num,
       (SELECT s.version FROM pg_stat_ssl s
         WHERE s.pid = pg_backend_pid() AND s.ssl)                AS tls_protocol,
       r.rolsuper                                                 AS superuser,
       pg_has_role(current_user, 'pg_monitor', 'USAGE')           AS pg_monitor,
       pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')    AS pg_read_all_stats,
       EXISTS (SELECT 1 FROM pg_extension
                WHERE extname = 'pg_stat_statements')             AS pss_created,
       EXISTS (SELECT 1 FROM pg_available_extensions
                WHERE name = 'pg_stat_statements')                AS pss_available,
       (SELECT setting LIKE '%pg_stat_statements%' FROM pg_settings
         WHERE name = 'shared_preload_libraries')                 AS pss_preloaded
FROM pg_roles r
WHERE r.rolname = current_user
