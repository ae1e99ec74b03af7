-- Event triggers not made by an extension: event, tags, function (schema-qualified) and
-- enabled state (O on, D disabled, R replica, A always).
SELECT e.oid,
       e.evtname AS name,
       e.evtevent AS event,
       array_to_json(e.evttags)::text AS tags,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS function,
       e.evtenabled AS enabled,
       pg_get_userbyid(e.evtowner) AS owner,
       obj_description(e.oid, 'pg_event_trigger') AS comment
FROM pg_event_trigger e
JOIN pg_proc p ON p.oid = e.evtfoid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d
                   WHERE d.classid = 'pg_event_trigger'::regclass AND d.objid = e.oid AND d.deptype IN ('e', 'i'))
ORDER BY e.evtname
