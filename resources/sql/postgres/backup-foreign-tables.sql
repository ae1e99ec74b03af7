-- What a foreign table has besides a table's columns: its server, its options and its columns'
-- options (keyed by column name). Options are pairs [name, value].
SELECT f.ftrelid AS oid,
       json_build_object(
           'server', s.srvname,
           'options', (SELECT json_agg(json_build_array(o.option_name, o.option_value)) FROM pg_options_to_table(f.ftoptions) o),
           'columnOptions', (SELECT json_object_agg(a.attname,
                                        (SELECT json_agg(json_build_array(o.option_name, o.option_value))
                                           FROM pg_options_to_table(a.attfdwoptions) o))
                               FROM pg_attribute a
                              WHERE a.attrelid = f.ftrelid AND a.attnum > 0 AND NOT a.attisdropped AND a.attfdwoptions IS NOT NULL)) AS data
FROM pg_foreign_table f
JOIN pg_foreign_server s ON s.oid = f.ftserver
