-- Columns of every table in the current database that may hold a migration tool's history, in one round trip.
-- The readers recognise each tool by table name and columns; names are compared lowercased
-- (Liquibase creates DATABASECHANGELOG in capitals on MySQL).
SELECT c.TABLE_SCHEMA AS table_schema,
       c.TABLE_NAME   AS table_name,
       c.COLUMN_NAME  AS column_name,
       c.DATA_TYPE    AS data_type
FROM information_schema.COLUMNS c
WHERE c.TABLE_SCHEMA = DATABASE()
  AND (LOWER(c.TABLE_NAME) IN ('_prisma_migrations', '__drizzle_migrations', 'sequelizemeta', 'alembic_version',
                               'schema_migrations', 'ar_internal_metadata', 'databasechangelog',
                               'databasechangeloglock', 'flyway_schema_history')
       OR LOWER(c.TABLE_NAME) LIKE '%migration%')
ORDER BY c.TABLE_SCHEMA, c.TABLE_NAME, c.ORDINAL_POSITION
