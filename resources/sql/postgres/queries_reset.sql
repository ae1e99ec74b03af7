-- Resets pg_stat_statements for everyone: run only on an explicit request the user confirmed.
SELECT pg_stat_statements_reset()
