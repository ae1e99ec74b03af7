-- Activity view for a user without PROCESS or performance_schema grants (MySQL and MariaDB), used
-- after activity.sql / activity_mariadb.sql was refused: the process list alone, which shows such
-- a user its own connections (all of them with PROCESS), without transactions or lock waits
-- (INNODB_TRX needs PROCESS, data_lock_waits SELECT on performance_schema). CURRENT_USER() names
-- whom to grant.
SELECT p.ID                                                         AS id,
       p.DB                                                         AS database_name,
       p.USER                                                       AS user_name,
       p.HOST                                                       AS client_address,
       p.COMMAND                                                    AS command,
       p.STATE                                                      AS state,
       p.TIME * 1000                                                AS query_ms,
       p.INFO                                                       AS query,
       NULL                                                         AS trx_state,
       NULL                                                         AS xact_start,
       NULL                                                         AS xact_ms,
       NULL                                                         AS blocked_by,
       p.ID = CONNECTION_ID()                                       AS is_self,
       @@performance_schema                                         AS performance_schema_on,
       CURRENT_USER()                                               AS grantee,
       UNIX_TIMESTAMP(NOW(6))                                       AS server_time
FROM information_schema.PROCESSLIST p
ORDER BY p.ID
