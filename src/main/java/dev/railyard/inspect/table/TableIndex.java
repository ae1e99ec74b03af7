package dev.railyard.inspect.table;

/**
 * One index of a table.
 *
 * @param definition CREATE INDEX (PostgreSQL) or the method and columns (MySQL)
 * @param bytes      its size; null where the server does not say (MySQL without access to mysql.innodb_index_stats)
 * @param uses       how often it was used since the statistics were reset: index scans (PostgreSQL) or rows read
 *                   through it (MySQL's performance_schema); null when not collected
 */
public record TableIndex(String name, String definition, boolean primary, boolean unique, boolean valid, Long bytes,
                         Long uses) {
}
