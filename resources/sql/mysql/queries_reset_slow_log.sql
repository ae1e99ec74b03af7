-- Empties mysql.slow_log: only on an explicit request the user confirmed.
TRUNCATE TABLE mysql.slow_log
