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
       (SELECT dsc.description FROM pg_description dsc
         WHERE dsc.objoid = i.indexrelid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = 0) AS comment,
       array_to_json(ic.reloptions) AS options,
       -- ALTER INDEX ... ALTER COLUMN n SET STATISTICS (expression columns); attstattarget is -1 for the default
       -- before 17 (integer), NULL from 17 (smallint).
       (SELECT json_object_agg(a.attnum, a.attstattarget::int ORDER BY a.attnum)
          FROM pg_attribute a
         WHERE a.attrelid = i.indexrelid AND a.attnum > 0
           AND coalesce(a.attstattarget::int, -1) >= 0) AS column_statistics
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND n.nspname NOT LIKE 'pg\_temp\_%'
ORDER BY n.nspname, ic.relname
