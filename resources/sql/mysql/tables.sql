-- Tables view, one round trip: base tables of the current database (all user schemas when none
-- is selected), then one row per partition of partitioned tables.
-- MySQL 8 caches these figures for information_schema_stats_expiry seconds (default 86400);
-- the session value is read so the UI can say how old they may be.
-- MySQL only: MariaDB has neither the cache nor performance_schema.session_variables and runs
-- tables_mariadb.sql, so this file cannot be tested against MariaDB.
SELECT t.TABLE_SCHEMA                          AS schema_name,
       t.TABLE_NAME                            AS table_name,
       NULL                                    AS partition_name,
       t.ENGINE                                AS engine,
       t.CREATE_OPTIONS LIKE '%partitioned%'   AS partitioned,
       t.TABLE_ROWS                            AS estimated_rows,
       t.DATA_LENGTH                           AS data_bytes,
       t.INDEX_LENGTH                          AS index_bytes,
       t.DATA_FREE                             AS free_bytes,
       UNIX_TIMESTAMP(t.UPDATE_TIME)           AS updated_at,
       expiry.seconds                          AS stats_expiry_seconds,
       UNIX_TIMESTAMP(NOW(6))                  AS server_time
FROM information_schema.TABLES t
LEFT JOIN (SELECT CAST(VARIABLE_VALUE AS UNSIGNED) AS seconds
           FROM performance_schema.session_variables
           WHERE VARIABLE_NAME = 'information_schema_stats_expiry') expiry ON 1 = 1
WHERE t.TABLE_TYPE = 'BASE TABLE'
  AND (t.TABLE_SCHEMA = DATABASE()
       OR (DATABASE() IS NULL AND t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')))
UNION ALL
SELECT p.TABLE_SCHEMA,
       p.TABLE_NAME,
       CASE WHEN p.SUBPARTITION_NAME IS NULL THEN p.PARTITION_NAME
            ELSE CONCAT(p.PARTITION_NAME, '.', p.SUBPARTITION_NAME) END,
       NULL,
       0,
       p.TABLE_ROWS,
       p.DATA_LENGTH,
       p.INDEX_LENGTH,
       p.DATA_FREE,
       UNIX_TIMESTAMP(p.UPDATE_TIME),
       NULL,
       NULL
FROM information_schema.PARTITIONS p
WHERE p.PARTITION_NAME IS NOT NULL
  AND (p.TABLE_SCHEMA = DATABASE()
       OR (DATABASE() IS NULL AND p.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')))
