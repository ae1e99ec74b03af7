-- MySQL 8 and 9: inspection session settings in one round trip. Parameter: timeout in milliseconds.
-- MariaDB has neither variable (see session_setup_mariadb.sql), so this file runs only on MySQL.
SET SESSION max_execution_time = ?, SESSION transaction_read_only = 1
