-- Overview for MariaDB, one round trip: as overview.sql, with status variables from
-- information_schema.GLOBAL_STATUS (MySQL 8 removed that table).
-- One row: server, database size, connections, buffer pool, counters, the longest open
-- transaction, replication and key settings. Counters are cumulative: the tracker turns two
-- refreshes into rates (InnoDB commits + rollbacks as transactions, Questions as statements).
-- InnoDB serves INNODB_TRX (and its lock tables) from a snapshot refreshed at most every 0.1 s.
SELECT VERSION()                                              AS server_version,
       @@version_comment                                      AS version_comment,
       UNIX_TIMESTAMP(NOW(6))                                 AS server_time,
       st.uptime                                              AS uptime_seconds,
       DATABASE()                                             AS database_name,
       (SELECT SUM(t.DATA_LENGTH + t.INDEX_LENGTH) FROM information_schema.TABLES t
         WHERE t.TABLE_SCHEMA = DATABASE())                   AS database_bytes,
       st.threads_connected                                   AS connections_used,
       st.threads_running                                     AS connections_active,
       st.max_used_connections                                AS max_used_connections,
       @@max_connections                                      AS max_connections,
       st.read_requests                                       AS buffer_pool_read_requests,
       st.disk_reads                                          AS buffer_pool_reads,
       st.commits + st.rollbacks                              AS transactions,
       st.questions                                           AS statements,
       (SELECT COUNT(*) FROM information_schema.PROCESSLIST p
         WHERE p.USER = 'system user'
           AND p.COMMAND IN ('Connect', 'Slave_IO', 'Slave_SQL', 'Slave_worker')) > 0 AS replica_running,
       (SELECT COUNT(*) FROM information_schema.PROCESSLIST p
         WHERE p.COMMAND IN ('Binlog Dump', 'Binlog Dump GTID'))  AS replicas,
       @@read_only                                            AS read_only,
       l.trx_mysql_thread_id                                  AS longest_id,
       l.user_name                                            AS longest_user,
       l.trx_state                                            AS longest_state,
       UNIX_TIMESTAMP(l.trx_started)                          AS longest_start,
       TIMESTAMPDIFF(MICROSECOND, l.trx_started, NOW(6)) DIV 1000 AS longest_ms,
       LEFT(l.trx_query, 1000)                                AS longest_query,
       @@performance_schema                                   AS performance_schema,
       @@innodb_buffer_pool_size                              AS innodb_buffer_pool_size,
       @@slow_query_log                                       AS slow_query_log,
       @@log_output                                           AS log_output,
       @@long_query_time                                      AS long_query_time,
       @@sql_mode                                             AS sql_mode,
       @@time_zone                                            AS time_zone,
       @@system_time_zone                                     AS system_time_zone
FROM (SELECT
        MAX(CASE WHEN s.VARIABLE_NAME = 'Uptime' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)                          AS uptime,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Threads_connected' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)               AS threads_connected,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Threads_running' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)                 AS threads_running,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Max_used_connections' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)            AS max_used_connections,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Innodb_buffer_pool_read_requests' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END) AS read_requests,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Innodb_buffer_pool_reads' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)        AS disk_reads,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Handler_commit' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)                  AS commits,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Handler_rollback' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)                AS rollbacks,
        MAX(CASE WHEN s.VARIABLE_NAME = 'Questions' THEN CAST(s.VARIABLE_VALUE AS UNSIGNED) END)                       AS questions
      FROM information_schema.GLOBAL_STATUS s
      WHERE s.VARIABLE_NAME IN ('Uptime', 'Threads_connected', 'Threads_running', 'Max_used_connections',
                                'Innodb_buffer_pool_read_requests', 'Innodb_buffer_pool_reads',
                                'Handler_commit', 'Handler_rollback', 'Questions')) st
LEFT JOIN (SELECT t.trx_mysql_thread_id, t.trx_state, t.trx_started, t.trx_query, p.USER AS user_name
           FROM information_schema.INNODB_TRX t
           LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
           WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
           ORDER BY t.trx_started
           LIMIT 1) l ON 1 = 1
