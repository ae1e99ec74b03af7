-- Text search dictionaries (kind d) and configurations (kind c) created by users, not extension
-- members (unaccent's dictionary comes back with CREATE EXTENSION). Templates, parsers and the
-- dictionaries of each mapping come schema-qualified; mappings as [token alias, [dictionaries]]
-- in token order, each token's dictionaries in the order they are consulted. Dictionaries first.
WITH user_ns AS (
    SELECT oid, nspname FROM pg_namespace
     WHERE nspname NOT IN ('pg_catalog', 'information_schema')
       AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%'
)
SELECT d.oid,
       'd' AS kind,
       n.nspname AS schema,
       d.dictname AS name,
       pg_get_userbyid(d.dictowner) AS owner,
       obj_description(d.oid, 'pg_ts_dict') AS comment,
       quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname) AS template,
       d.dictinitoption AS options,
       NULL AS parser,
       NULL AS mappings
FROM pg_ts_dict d
JOIN user_ns n ON n.oid = d.dictnamespace
JOIN pg_ts_template t ON t.oid = d.dicttemplate
JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                   WHERE e.classid = 'pg_ts_dict'::regclass AND e.objid = d.oid AND e.deptype IN ('e', 'i'))
UNION ALL
SELECT c.oid,
       'c',
       n.nspname,
       c.cfgname,
       pg_get_userbyid(c.cfgowner),
       obj_description(c.oid, 'pg_ts_config'),
       NULL,
       NULL,
       quote_ident(pn.nspname) || '.' || quote_ident(p.prsname),
       (SELECT json_agg(json_build_array(tt.alias, m.dicts) ORDER BY m.maptokentype)::text
          FROM (SELECT mm.maptokentype,
                       json_agg(quote_ident(dn.nspname) || '.' || quote_ident(dd.dictname) ORDER BY mm.mapseqno) AS dicts
                  FROM pg_ts_config_map mm
                  JOIN pg_ts_dict dd ON dd.oid = mm.mapdict
                  JOIN pg_namespace dn ON dn.oid = dd.dictnamespace
                 WHERE mm.mapcfg = c.oid
                 GROUP BY mm.maptokentype) m
          JOIN ts_token_type(c.cfgparser) tt ON tt.tokid = m.maptokentype)
FROM pg_ts_config c
JOIN user_ns n ON n.oid = c.cfgnamespace
JOIN pg_ts_parser p ON p.oid = c.cfgparser
JOIN pg_namespace pn ON pn.oid = p.prsnamespace
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                   WHERE e.classid = 'pg_ts_config'::regclass AND e.objid = c.oid AND e.deptype IN ('e', 'i'))
ORDER BY kind DESC, schema, name
