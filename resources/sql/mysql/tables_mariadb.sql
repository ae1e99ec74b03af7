-- Tables view, one round trip: base tables of the current database (all user schemas when none
-- is selected), then one row per partition of partitioned tables.
-- MariaDB: as tables.sql without the statistics cache age, which MariaDB does not have
-- (its figures are read from the engine on every query).
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
       NULL                                    AS stats_expiry_seconds,
       UNIX_TIMESTAMP(NOW(6))                  AS server_time
FROM information_schema.TABLES t
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
