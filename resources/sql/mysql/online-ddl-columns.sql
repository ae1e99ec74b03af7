-- The columns of one table of the current database, for the online-DDL rules of migrate check:
-- COLUMN_TYPE as SHOW CREATE TABLE writes it, with ' not null' when the column is NOT NULL.
SELECT LOWER(column_name) AS name,
       CONCAT(LOWER(column_type), CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END) AS type
FROM information_schema.columns
WHERE table_schema = DATABASE() AND table_name = ?
ORDER BY ordinal_position
