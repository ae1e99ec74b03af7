-- Ends one session, rolling back its transaction. Parameter: its pid. Returns false when there is no such session.
SELECT pg_terminate_backend(?)
