-- Extensions created by users (plpgsql and other initdb-time ones have OIDs below 16384).
SELECT e.oid,
       e.extname AS name,
       n.nspname AS schema,
       e.extversion AS version,
       e.extconfig IS NOT NULL AS has_config_tables,
       obj_description(e.oid, 'pg_extension') AS comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.oid >= 16384
ORDER BY e.extname
