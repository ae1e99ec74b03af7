-- MariaDB: inspection session settings in one round trip. Parameter: timeout in seconds.
SET SESSION max_statement_time = ?, SESSION tx_read_only = 1
