-- Indexes view for a user who may not read mysql.innodb_index_stats or performance_schema (MySQL
-- and MariaDB), used after indexes.sql was refused: as indexes.sql without index sizes and without
-- usage counts, so duplicates and redundant indexes are found but unused ones and full scans are
-- not. CURRENT_USER() names whom to grant.
-- Names are compared as binary strings: the sources use different collations.
SELECT s.TABLE_SCHEMA                                        AS schema_name,
       s.TABLE_NAME                                          AS table_name,
       s.INDEX_NAME                                          AS index_name,
       s.INDEX_TYPE                                          AS method,
       s.NON_UNIQUE                                          AS non_unique,
       s.SEQ_IN_INDEX                                        AS seq_in_index,
       s.COLUMN_NAME                                         AS column_name,
       s.SUB_PART                                            AS sub_part,
       NULL                                                  AS index_bytes,
       NULL                                                  AS rows_read,
       t.TABLE_ROWS                                          AS live_rows,
       @@performance_schema                                  AS performance_schema_on,
       NULL                                                  AS server_started,
       fk.fk_columns                                         AS fk_columns,
       CURRENT_USER()                                        AS grantee
FROM information_schema.STATISTICS s
JOIN information_schema.TABLES t
  ON t.TABLE_SCHEMA = s.TABLE_SCHEMA AND t.TABLE_NAME = s.TABLE_NAME
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
       NULL, t.TABLE_ROWS, @@performance_schema, NULL, NULL, CURRENT_USER()
FROM information_schema.TABLES t
WHERE t.TABLE_TYPE = 'BASE TABLE'
  AND (t.TABLE_SCHEMA = DATABASE()
       OR (DATABASE() IS NULL AND t.TABLE_SCHEMA NOT IN ('mysql', 'sys', 'performance_schema', 'information_schema')))
ORDER BY 1, 2, 3, 6
