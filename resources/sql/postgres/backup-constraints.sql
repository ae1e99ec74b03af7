-- Table and domain constraints in user schemas (NOT NULL constraints of PostgreSQL 18 are
-- written with their columns; constraint triggers with the triggers).
SELECT co.oid,
       co.conname AS name,
       co.contype AS type,
       co.conrelid AS relid,
       co.contypid AS typid,
       pg_get_constraintdef(co.oid) AS definition,
       co.conislocal AS local,
       co.coninhcount AS inherit_count,
       co.conparentid AS parent_id,
       co.convalidated AS validated,
       co.conindid AS index_id,
       co.confrelid AS referenced_relid,
       obj_description(co.oid, 'pg_constraint') AS comment
FROM pg_constraint co
JOIN pg_namespace n ON n.oid = co.connamespace
LEFT JOIN pg_class c ON c.oid = co.conrelid
LEFT JOIN pg_type t ON t.oid = co.contypid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND co.contype IN ('c', 'p', 'u', 'f', 'x')
ORDER BY n.nspname, coalesce(c.relname, t.typname), co.conname
