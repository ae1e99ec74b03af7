-- Extended statistics objects (CREATE STATISTICS).
SELECT s.oid,
       s.stxrelid AS relid,
       n.nspname AS schema,
       s.stxname AS name,
       pg_get_statisticsobjdef(s.oid) AS definition,
       NULLIF((to_jsonb(s) ->> 'stxstattarget')::int, -1) AS statistics_target,
       obj_description(s.oid, 'pg_statistic_ext') AS comment
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY n.nspname, s.stxname
