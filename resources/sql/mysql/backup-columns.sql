-- Columns of every table and view of one database, in their order. EXTRA tells generated
-- (VIRTUAL/STORED/PERSISTENT) and system-versioning (ROW START/END) columns; GENERATION_EXPRESSION
-- is not read because MySQL 5.6 and MariaDB before 10.2 lack it.
SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, EXTRA
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ?
ORDER BY TABLE_NAME, ORDINAL_POSITION
