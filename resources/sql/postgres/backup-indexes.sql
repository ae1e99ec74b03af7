-- Indexes of user tables and materialized views; those behind PRIMARY KEY / UNIQUE /
-- EXCLUDE constraints are flagged (the constraint creates them).
SELECT i.indexrelid AS oid,
       n.nspname AS schema,
       ic.relname AS name,
       i.indrelid AS relid,
       pg_get_indexdef(i.indexrelid) AS definition,
       i.indisclustered AS clustered,
       i.indisreplident AS replica_identity,
       (SELECT h.inhparent FROM pg_inherits h WHERE h.inhrelid = i.indexrelid) AS parent_index,
       EXISTS (SELECT 1 FROM pg_constraint co
                WHERE co.conindid = i.indexrelid AND co.conrelid = i.indrelid AND co.contype IN ('p', 'u', 'x')) AS constraint_index,
       (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = ic.reltablespace) AS tablespace,
       obj_description(i.indexrelid, 'pg_class') AS comment
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY n.nspname, ic.relname
