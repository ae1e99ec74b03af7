-- Extensions created by users (plpgsql and other initdb-time ones have OIDs below 16384), with
-- their configuration tables (pg_extension_config_dump): the rows matching extcondition are the
-- user's (PostGIS's spatial_ref_sys: custom SRIDs), which CREATE EXTENSION does not recreate.
SELECT e.oid,
       e.extname AS name,
       n.nspname AS schema,
       e.extversion AS version,
       e.extconfig IS NOT NULL AS has_config_tables,
       obj_description(e.oid, 'pg_extension') AS comment,
       (SELECT json_agg(json_build_object('oid', c.oid, 'schema', cn.nspname, 'name', c.relname,
                                          'condition', coalesce(e.extcondition[i], ''),
                                          'columns', (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
                                                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                                         AND a.attgenerated = '')) ORDER BY i)
          FROM generate_subscripts(e.extconfig, 1) i
          JOIN pg_class c ON c.oid = e.extconfig[i]
          JOIN pg_namespace cn ON cn.oid = c.relnamespace
         WHERE c.relkind = 'r') AS config_tables,
       (SELECT count(*) FROM unnest(e.extconfig) x JOIN pg_class c ON c.oid = x WHERE c.relkind <> 'r') AS config_sequences
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.oid >= 16384
ORDER BY e.extname
