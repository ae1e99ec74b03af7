-- Tables of one database with FLOAT columns, whose values the dump tools write with six digits only.
SELECT DISTINCT TABLE_NAME
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ? AND DATA_TYPE = 'float'
ORDER BY TABLE_NAME
