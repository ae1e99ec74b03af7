-- User triggers (not the internal ones behind foreign keys), with clones on partitions
-- flagged by their parent. PostgreSQL 13 and 14 mark clones internal: they are read too, for
-- the state a partition may give its clone.
SELECT t.oid,
       t.tgname AS name,
       t.tgrelid AS relid,
       pg_get_triggerdef(t.oid) AS definition,
       t.tgenabled AS enabled,
       t.tgparentid AS parent_id,
       obj_description(t.oid, 'pg_trigger') AS comment
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE (NOT t.tgisinternal
       OR (t.tgparentid <> 0
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.oid = t.tgconstraint AND k.contype = 'f')))
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY n.nspname, c.relname, t.tgname
