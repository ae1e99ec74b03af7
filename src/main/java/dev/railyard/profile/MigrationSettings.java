package dev.railyard.profile;

import java.util.List;
import java.util.Map;

/**
 * Where a profile's migrations live and how Flyway should treat them.
 *
 * @param locations    Flyway locations: folders ({@code filesystem:} implied) or {@code classpath:}
 * @param schemas      schemas Flyway manages; empty for the connection's default
 * @param historyTable Flyway's history table; null for {@code flyway_schema_history}
 * @param placeholders Flyway placeholders
 * @param toolFolder   another tool's migration folder (prisma/migrations, a Drizzle folder), or null
 */
public record MigrationSettings(
        List<String> locations,
        List<String> schemas,
        String historyTable,
        Map<String, String> placeholders,
        String toolFolder) {

    public MigrationSettings {
        locations = locations == null ? List.of() : List.copyOf(locations);
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
    }

    public static MigrationSettings none() {
        return new MigrationSettings(List.of(), List.of(), null, Map.of(), null);
    }
}
