package dev.railyard.backup;

import java.util.List;

/**
 * One table's definition as a backup of that table writes it: the statements of its script
 * (CREATE TABLE, its sequences, keys, indexes, foreign keys, triggers, comments), and what such a
 * backup would warn about.
 *
 * @param text     the script text, byte for byte what a schema-only backup of the table holds
 * @param warnings what the backup would not reproduce, in its words
 */
public record TableDefinition(String text, List<String> warnings) {

    public TableDefinition {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
