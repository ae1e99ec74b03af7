-- Settings of the database (ALTER DATABASE ... SET, role NULL) and of roles in it (ALTER ROLE
-- ... IN DATABASE ... SET), each "name=value" as pg_db_role_setting holds it.
SELECT s.setrole AS oid,
       json_build_object(
           'role', CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END,
           'settings', array_to_json(s.setconfig)) AS data
FROM pg_db_role_setting s
WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY s.setrole
