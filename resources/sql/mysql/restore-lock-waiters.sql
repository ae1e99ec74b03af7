-- The restore's own sessions (their ids are put in by the caller) that wait for a lock, longest first.
SELECT ID, TIME, STATE, LEFT(INFO, 200) AS info
FROM information_schema.PROCESSLIST
WHERE ID IN (%s) AND STATE LIKE 'Waiting for%%lock%%'
ORDER BY TIME DESC
