-- Why pg_stat_statements cannot be read: run only after queries.sql failed.
-- shared_preload_libraries is hidden from roles without pg_read_all_settings: NULL then.
SELECT (SELECT setting FROM pg_settings WHERE name = 'shared_preload_libraries') AS preload,
       e.extversion                                                               AS created_version,
       n.nspname                                                                  AS schema_name,
       (SELECT a.default_version FROM pg_available_extensions a WHERE a.name = 'pg_stat_statements') AS available_version
FROM (SELECT 1) AS one
LEFT JOIN pg_extension e ON e.extname = 'pg_stat_statements'
LEFT JOIN pg_namespace n ON n.oid = e.extnamespace
