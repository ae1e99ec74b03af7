-- Table and domain constraints in user schemas. NOT NULL constraints of tables (PostgreSQL 18
-- keeps them in pg_constraint, with names) come with their column, those of domains
-- (PostgreSQL 17+) with their name; constraint triggers are written with the triggers.
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
       CASE WHEN co.contype = 'n' AND co.conrelid <> 0 THEN
           (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = co.conrelid AND a.attnum = co.conkey[1])
       END AS column_name,
       (SELECT dsc.description FROM pg_description dsc
         WHERE dsc.objoid = co.oid AND dsc.classoid = 'pg_constraint'::regclass AND dsc.objsubid = 0) AS comment
FROM pg_constraint co
JOIN pg_namespace n ON n.oid = co.connamespace
LEFT JOIN pg_class c ON c.oid = co.conrelid
LEFT JOIN pg_type t ON t.oid = co.contypid
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND co.contype IN ('c', 'p', 'u', 'f', 'x', 'n')
ORDER BY n.nspname, coalesce(c.relname, t.typname), co.conname
