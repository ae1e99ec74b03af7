-- Resets the performance_schema statement digests: only on the user's explicit, confirmed request.
TRUNCATE TABLE performance_schema.events_statements_summary_by_digest
