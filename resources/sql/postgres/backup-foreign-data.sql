-- Foreign data wrappers (kind w), foreign servers (v) and user mappings (u), not extension
-- members. Options are pairs [name, value]. A user mapping's options (often a password) are read
-- from pg_user_mappings, which shows them to the server's owner and superusers only.
SELECT w.oid,
       json_build_object(
           'kind', 'w',
           'name', w.fdwname,
           'handler', CASE WHEN w.fdwhandler <> 0 THEN w.fdwhandler::regproc::text END,
           'validator', CASE WHEN w.fdwvalidator <> 0 THEN w.fdwvalidator::regproc::text END,
           'options', (SELECT json_agg(json_build_array(o.option_name, o.option_value)) FROM pg_options_to_table(w.fdwoptions) o),
           'owner', pg_get_userbyid(w.fdwowner),
           'acl', (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                                     'privilege', a.privilege_type, 'grantable', a.is_grantable))
                     FROM aclexplode(w.fdwacl) a),
           'hasAcl', w.fdwacl IS NOT NULL,
           'comment', obj_description(w.oid, 'pg_foreign_data_wrapper')) AS data
FROM pg_foreign_data_wrapper w
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_foreign_data_wrapper'::regclass AND d.objid = w.oid AND d.deptype = 'e')
UNION ALL
SELECT s.oid,
       json_build_object(
           'kind', 'v',
           'name', s.srvname,
           'wrapper', w.fdwname,
           'type', s.srvtype,
           'version', s.srvversion,
           'options', (SELECT json_agg(json_build_array(o.option_name, o.option_value)) FROM pg_options_to_table(s.srvoptions) o),
           'owner', pg_get_userbyid(s.srvowner),
           'acl', (SELECT json_agg(json_build_object('grantee', CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END,
                                                     'privilege', a.privilege_type, 'grantable', a.is_grantable))
                     FROM aclexplode(s.srvacl) a),
           'hasAcl', s.srvacl IS NOT NULL,
           'comment', obj_description(s.oid, 'pg_foreign_server')) AS data
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_foreign_server'::regclass AND d.objid = s.oid AND d.deptype = 'e')
UNION ALL
SELECT m.umid,
       json_build_object(
           'kind', 'u',
           'name', CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename END,
           'server', m.srvname,
           'options', (SELECT json_agg(json_build_array(o.option_name, o.option_value)) FROM pg_options_to_table(m.umoptions) o),
           -- Hidden from anyone but a superuser or the server's owner (and the mapped user itself).
           'optionsHidden', m.umoptions IS NULL
                            AND NOT (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user)
                            AND NOT pg_has_role(s.srvowner, 'USAGE')) AS data
FROM pg_user_mappings m
JOIN pg_foreign_server s ON s.oid = m.srvid
