-- Activity view for MySQL 8 and 9, one round trip: every connection with its transaction and,
-- for InnoDB lock waits, the connections blocking it (performance_schema.data_lock_waits).
-- MySQL only: MariaDB has no data_lock_waits and runs activity_mariadb.sql instead, so this
-- file cannot be tested against MariaDB. With performance_schema off, data_lock_waits is
-- empty: blocked sessions still show trx_state LOCK WAIT, without their blockers.
-- InnoDB serves INNODB_TRX (and its lock tables) from a snapshot refreshed at most every 0.1 s.
SELECT p.ID                                                         AS id,
       p.DB                                                         AS database_name,
       p.USER                                                       AS user_name,
       p.HOST                                                       AS client_address,
       p.COMMAND                                                    AS command,
       p.STATE                                                      AS state,
       p.TIME * 1000                                                AS query_ms,
       p.INFO                                                       AS query,
       t.trx_state,
       UNIX_TIMESTAMP(t.trx_started)                                AS xact_start,
       TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) DIV 1000   AS xact_ms,
       b.blocked_by,
       p.ID = CONNECTION_ID()                                       AS is_self,
       @@performance_schema                                         AS performance_schema_on,
       UNIX_TIMESTAMP(NOW(6))                                       AS server_time
FROM information_schema.PROCESSLIST p
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
LEFT JOIN (SELECT r.trx_mysql_thread_id AS waiting_id,
                  GROUP_CONCAT(DISTINCT k.trx_mysql_thread_id ORDER BY k.trx_mysql_thread_id) AS blocked_by
           FROM performance_schema.data_lock_waits w
           JOIN information_schema.INNODB_TRX r ON r.trx_id = w.REQUESTING_ENGINE_TRANSACTION_ID
           JOIN information_schema.INNODB_TRX k ON k.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
           GROUP BY r.trx_mysql_thread_id) b ON b.waiting_id = p.ID
ORDER BY t.trx_started IS NULL, t.trx_started, p.ID
