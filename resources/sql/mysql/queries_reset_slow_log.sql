-- Empties mysql.slow_log: only on the user's explicit, confirmed request.
TRUNCATE TABLE mysql.slow_log
