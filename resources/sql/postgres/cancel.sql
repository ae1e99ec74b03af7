-- Cancels the running query of one session. Parameter: its pid. Returns false when there is no such session.
SELECT pg_cancel_backend(?)
