-- The source server and database: version, encoding, who we are, how big it is.
SELECT current_setting('server_version') AS server_version,
       current_setting('server_version_num')::int AS server_version_num,
       current_database() AS database,
       pg_encoding_to_char(d.encoding) AS encoding,
       current_user AS current_user,
       (SELECT r.rolsuper FROM pg_roles r WHERE r.rolname = current_user) AS superuser,
       pg_database_size(current_database()) AS database_size
FROM pg_database d
WHERE d.datname = current_database()
