-- One table of the current database for migrate check: its size estimate.
SELECT table_rows, data_length, index_length
FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_name = ?
