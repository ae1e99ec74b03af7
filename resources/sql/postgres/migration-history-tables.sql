-- Columns of every table that may hold a migration tool's history, in all schemas, in one round trip.
-- The readers recognise each tool by table name and columns; names are compared lowercased.
SELECT c.table_schema AS table_schema,
       c.table_name   AS table_name,
       c.column_name  AS column_name,
       c.data_type    AS data_type
FROM information_schema.columns c
WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
  AND (lower(c.table_name) IN ('_prisma_migrations', '__drizzle_migrations', 'sequelizemeta', 'alembic_version',
                               'schema_migrations', 'ar_internal_metadata', 'databasechangelog',
                               'databasechangeloglock', 'flyway_schema_history')
       OR lower(c.table_name) LIKE '%migration%')
ORDER BY c.table_schema, c.table_name, c.ordinal_position
