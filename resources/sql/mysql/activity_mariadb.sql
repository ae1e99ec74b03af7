-- Activity view for MariaDB, one round trip: as activity.sql, with the lock waits from
-- information_schema.INNODB_LOCK_WAITS (MariaDB keeps it; MySQL 8 moved it to performance_schema).
-- InnoDB serves INNODB_TRX (and its lock tables) from a snapshot refreshed at most every 0.1 s.
SELECT p.ID                                                         AS id,
       p.DB                                                         AS database_name,
       p.USER                                                       AS user_name,
       p.HOST                                                       AS client_address,
       p.COMMAND                                                    AS command,
       p.STATE                                                      AS state,
       ROUND(p.TIME_MS)                                             AS query_ms,
       p.INFO                                                       AS query,
       t.trx_state,
       UNIX_TIMESTAMP(t.trx_started)                                AS xact_start,
       TIMESTAMPDIFF(MICROSECOND, t.trx_started, NOW(6)) DIV 1000   AS xact_ms,
       b.blocked_by,
       p.ID = CONNECTION_ID()                                       AS is_self,
       UNIX_TIMESTAMP(NOW(6))                                       AS server_time
FROM information_schema.PROCESSLIST p
LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
LEFT JOIN (SELECT r.trx_mysql_thread_id AS waiting_id,
                  GROUP_CONCAT(DISTINCT k.trx_mysql_thread_id ORDER BY k.trx_mysql_thread_id) AS blocked_by
           FROM information_schema.INNODB_LOCK_WAITS w
           JOIN information_schema.INNODB_TRX r ON r.trx_id = w.requesting_trx_id
           JOIN information_schema.INNODB_TRX k ON k.trx_id = w.blocking_trx_id
           GROUP BY r.trx_mysql_thread_id) b ON b.waiting_id = p.ID
ORDER BY t.trx_started IS NULL, t.trx_started, p.ID
