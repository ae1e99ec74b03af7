-- Resets pg_stat_statements for everyone: run only on the user's explicit, confirmed request.
SELECT pg_stat_statements_reset()
