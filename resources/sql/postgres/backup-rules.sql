-- Rewrite rules other than the _RETURN rule of views.
SELECT r.oid,
       r.rulename AS name,
       r.ev_class AS relid,
       pg_get_ruledef(r.oid) AS definition,
       r.ev_enabled AS enabled,
       obj_description(r.oid, 'pg_rewrite') AS comment
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
ORDER BY n.nspname, c.relname, r.rulename
