-- Other sessions with an open transaction, oldest first: one of them holds the metadata lock the
-- restore waits for (performance_schema, which would say exactly, is off on Railway).
SELECT p.ID, p.USER, p.HOST, p.COMMAND, p.TIME, LEFT(p.INFO, 200) AS info,
       TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS trx_seconds
FROM information_schema.INNODB_TRX t
JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE p.ID NOT IN (%s)
ORDER BY t.trx_started
LIMIT 3
