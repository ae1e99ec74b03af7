-- Other sessions that hold or wait for a metadata lock on one table of the current database, with
-- their open transaction: DDL queues behind them, and every new query on the table behind the DDL.
-- Needs performance_schema (on by default in MySQL 8 and 9).
-- A lock held for the transaction's duration means an open transaction even before InnoDB's
-- INNODB_TRX snapshot (refreshed at most every 0.1 s) shows it.
SELECT th.processlist_id, ml.lock_type, ml.lock_status, ml.lock_duration, th.processlist_user, th.processlist_command,
       th.processlist_info, tx.trx_started, TIMESTAMPDIFF(SECOND, tx.trx_started, NOW()) AS trx_seconds
FROM performance_schema.metadata_locks ml
JOIN performance_schema.threads th ON th.thread_id = ml.owner_thread_id
LEFT JOIN information_schema.innodb_trx tx ON tx.trx_mysql_thread_id = th.processlist_id
WHERE ml.object_type = 'TABLE' AND ml.object_schema = DATABASE() AND ml.object_name = ?
  AND th.processlist_id IS NOT NULL AND th.processlist_id <> CONNECTION_ID()
ORDER BY tx.trx_started
