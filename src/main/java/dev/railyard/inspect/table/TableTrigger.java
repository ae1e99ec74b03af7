package dev.railyard.inspect.table;

/**
 * One trigger of a table.
 *
 * @param timing     "BEFORE UPDATE", "AFTER INSERT OR DELETE", ...
 * @param definition CREATE TRIGGER (PostgreSQL) or its body (MySQL)
 * @param enabled    false when disabled (PostgreSQL's ALTER TABLE ... DISABLE TRIGGER)
 */
public record TableTrigger(String name, String timing, String definition, boolean enabled) {
}
