-- Resets the performance_schema statement digests: only on an explicit request the user confirmed.
TRUNCATE TABLE performance_schema.events_statements_summary_by_digest
