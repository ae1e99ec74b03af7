-- Sent as one multi-statement batch: one round trip for the whole connection test.
SHOW SESSION STATUS LIKE 'Ssl_version';
SHOW GRANTS;
SELECT @@performance_schema, VERSION()
