-- Indexes view, one round trip: one row per index column of the current database (all user
-- schemas when none is selected), with the index size from mysql.innodb_index_stats and rows
-- read through it from performance_schema (NULL when performance_schema is off); then one row
-- per table with the rows read without an index (full scans), index_name NULL.
-- Names are compared as binary strings: the three sources use different collations.
SELECT s.TABLE_SCHEMA                                        AS schema_name,
       s.TABLE_NAME                                          AS table_name,
       s.INDEX_NAME                                          AS index_name,
       s.INDEX_TYPE                                          AS method,
       s.NON_UNIQUE                                          AS non_unique,
       s.SEQ_IN_INDEX                                        AS seq_in_index,
       s.COLUMN_NAME                                         AS column_name,
       s.SUB_PART                                            AS sub_part,
       sz.stat_value * @@innodb_page_size                    AS index_bytes,
       u.COUNT_READ                                          AS rows_read,
       t.TABLE_ROWS                                          AS live_rows,
       @@performance_schema                                  AS performance_schema_on,
       UNIX_TIMESTAMP(NOW(6)) - up.seconds                   AS server_started,
       fk.fk_columns                                         AS fk_columns
FROM information_schema.STATISTICS s
JOIN information_schema.TABLES t
  ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
LEFT JOIN mysql.innodb_index_stats sz
  ON CAST(sz.database_name AS BINARY) = CAST(s.TABLE_SCHEMA AS BINARY)
 AND CAST(sz.table_name AS BINARY) = CAST(s.TABLE_NAME AS BINARY)
 AND CAST(sz.index_name AS BINARY) = CAST(s.INDEX_NAME AS BINARY)
 AND sz.stat_name = 'size'
 AND s.SEQ_IN_INDEX = 1
LEFT JOIN performance_schema.table_io_waits_summary_by_index_usage u
  ON u.OBJECT_TYPE = 'TABLE'
 AND CAST(u.OBJECT_SCHEMA AS BINARY) = CAST(s.TABLE_SCHEMA AS BINARY)
 AND CAST(u.OBJECT_NAME AS BINARY) = CAST(s.TABLE_NAME AS BINARY)
 AND CAST(u.INDEX_NAME AS BINARY) = CAST(s.INDEX_NAME AS BINARY)
 AND s.SEQ_IN_INDEX = 1
LEFT JOIN (SELECT CAST(VARIABLE_VALUE AS UNSIGNED) AS seconds
           FROM performance_schema.global_status WHERE VARIABLE_NAME = 'Uptime') up ON 1 = 1
-- The table's foreign keys: columns joined by a tab, keys by a newline. An index a foreign key
-- needs is never proposed for DROP (MySQL refuses it anyway).
LEFT JOIN (SELECT f.TABLE_SCHEMA, f.TABLE_NAME, GROUP_CONCAT(f.cols SEPARATOR '\n') AS fk_columns
           FROM (SELECT k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME,
                        GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR '\t') AS cols
                 FROM information_schema.KEY_COLUMN_USAGE k
                 WHERE k.REFERENCED_TABLE_NAME IS NOT NULL
                 GROUP BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME) f
           GROUP BY f.TABLE_SCHEMA, f.TABLE_NAME) fk
  ON CAST(fk.TABLE_SCHEMA AS BINARY) = CAST(s.TABLE_SCHEMA AS BINARY)
 AND CAST(fk.TABLE_NAME AS BINARY) = CAST(s.TABLE_NAME AS BINARY)
 AND s.SEQ_IN_INDEX = 1
WHERE s.TABLE_SCHEMA = DATABASE()
   OR (DATABASE() IS NULL AND s.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema'))
UNION ALL
SELECT t.TABLE_SCHEMA, t.TABLE_NAME, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       u.COUNT_READ, t.TABLE_ROWS, @@performance_schema, NULL, NULL
FROM information_schema.TABLES t
LEFT JOIN performance_schema.table_io_waits_summary_by_index_usage u
  ON u.OBJECT_TYPE = 'TABLE'
 AND CAST(u.OBJECT_SCHEMA AS BINARY) = CAST(t.TABLE_SCHEMA AS BINARY)
 AND CAST(u.OBJECT_NAME AS BINARY) = CAST(t.TABLE_NAME AS BINARY)
 AND u.INDEX_NAME IS NULL
WHERE t.TABLE_TYPE = 'BASE TABLE'
  AND (t.TABLE_SCHEMA = DATABASE()
       OR (DATABASE() IS NULL AND t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')))
ORDER BY 1, 2, 3, 6
