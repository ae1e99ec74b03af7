package dev.railyard.migrate.history;

import dev.railyard.db.Dialect;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A table that looked like a migration history table, with its columns as the catalog reports
 * them. Column lookups ignore case (Liquibase's columns are upper case on MySQL).
 *
 * @param tool     whose table it is
 * @param role     a history table, or a companion (Knex's lock, Rails' metadata) read for notes
 * @param columns  column name -> data type as the catalog says ("timestamp with time zone", "bigint")
 */
public record DetectedTable(Dialect dialect, String schema, String name, HistoryTool tool, Role role,
                            Map<String, String> columns) {

    public enum Role { HISTORY, COMPANION }

    public DetectedTable {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** "public._prisma_migrations" */
    public String displayName() {
        return schema == null || schema.isEmpty() ? name : schema + "." + name;
    }

    /** The table quoted for this dialect, schema included. */
    String quotedName() {
        return SqlNames.qualified(dialect, schema, name);
    }

    Set<String> lowerColumns() {
        return columns.keySet().stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    boolean has(String column) {
        return actual(column).isPresent();
    }

    /** The column's name as stored, for a case-insensitive name. */
    Optional<String> actual(String column) {
        return columns.keySet().stream().filter(c -> c.equalsIgnoreCase(column)).findFirst();
    }

    /** The first of these columns the table has, as stored. */
    Optional<String> first(List<String> candidates) {
        for (String candidate : candidates) {
            Optional<String> found = actual(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The column quoted for this dialect. */
    String quoted(String column) {
        return SqlNames.quote(dialect, actual(column).orElse(column));
    }

    /** The catalog's data type for a column, lower case; "" if unknown. */
    String type(String column) {
        return actual(column).map(c -> columns.get(c).toLowerCase(Locale.ROOT)).orElse("");
    }

    DetectedTable as(HistoryTool tool, Role role) {
        return new DetectedTable(dialect, schema, name, tool, role, columns);
    }
}
