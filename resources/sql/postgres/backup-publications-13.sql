-- Publications on PostgreSQL 13 and 14: no row filters, column lists or TABLES IN SCHEMA yet.
-- The same columns as backup-publications.sql.
SELECT p.oid,
       p.pubname AS name,
       pg_get_userbyid(p.pubowner) AS owner,
       p.puballtables AS all_tables,
       concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                 CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END) AS publish,
       p.pubviaroot AS via_root,
       obj_description(p.oid, 'pg_publication') AS comment,
       (SELECT json_agg(json_build_object('relid', pr.prrelid, 'columns', NULL, 'filter', NULL) ORDER BY pr.prrelid)::text
          FROM pg_publication_rel pr WHERE pr.prpubid = p.oid) AS tables,
       NULL AS schemas
FROM pg_publication p
ORDER BY p.pubname
