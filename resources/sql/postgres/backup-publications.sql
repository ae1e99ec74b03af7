-- Publications (PostgreSQL 15+: row filters, column lists, TABLES IN SCHEMA). tables: the tables
-- added one by one, with their column list (null for all columns) and row filter; schemas: the
-- schemas added whole. FOR ALL TABLES publications list neither.
SELECT p.oid,
       p.pubname AS name,
       pg_get_userbyid(p.pubowner) AS owner,
       p.puballtables AS all_tables,
       concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                 CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END) AS publish,
       p.pubviaroot AS via_root,
       obj_description(p.oid, 'pg_publication') AS comment,
       (SELECT json_agg(json_build_object(
                   'relid', pr.prrelid,
                   'columns', (SELECT json_agg(a.attname ORDER BY k.ord)
                                 FROM unnest(pr.prattrs::int2[]) WITH ORDINALITY AS k(attnum, ord)
                                 JOIN pg_attribute a ON a.attrelid = pr.prrelid AND a.attnum = k.attnum),
                   'filter', pg_get_expr(pr.prqual, pr.prrelid)) ORDER BY pr.prrelid)::text
          FROM pg_publication_rel pr WHERE pr.prpubid = p.oid) AS tables,
       (SELECT json_agg(n.nspname ORDER BY n.nspname)::text
          FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
         WHERE pn.pnpubid = p.oid) AS schemas
FROM pg_publication p
ORDER BY p.pubname
