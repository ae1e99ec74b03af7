package dev.railyard.profile;

import java.util.List;
import java.util.Map;

/**
 * Where a profile's migrations live and how Flyway should treat them.
 *
 * @param locations      Flyway locations: folders ({@code filesystem:} implied) or {@code classpath:}
 * @param schemas        schemas Flyway manages; empty for the connection's default
 * @param historyTable   Flyway's history table; null for {@code flyway_schema_history}
 * @param placeholders   Flyway placeholders
 * @param toolFolder     another tool's migration folder (prisma/migrations, a Drizzle folder), or null
 * @param migrateCommand the command that runs the profile's own migrator ({@code npx prisma migrate deploy}),
 *                       run by {@code release} without {@code --run} and by "Back up, then migrate"; null for none
 */
public record MigrationSettings(
        List<String> locations,
        List<String> schemas,
        String historyTable,
        Map<String, String> placeholders,
        String toolFolder,
        String migrateCommand) {

    public MigrationSettings {
        locations = locations == null ? List.of() : List.copyOf(locations);
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        placeholders = placeholders == null ? Map.of() : Map.copyOf(placeholders);
        migrateCommand = migrateCommand == null || migrateCommand.isBlank() ? null : migrateCommand.strip();
    }

    /**
     * Settings without a migration command. Code that edits settings should start from the saved
     * ones ({@link #withLocations}) so the command is kept.
     */
    public MigrationSettings(List<String> locations, List<String> schemas, String historyTable,
                             Map<String, String> placeholders, String toolFolder) {
        this(locations, schemas, historyTable, placeholders, toolFolder, null);
    }

    public static MigrationSettings none() {
        return new MigrationSettings(List.of(), List.of(), null, Map.of(), null, null);
    }

    public boolean hasMigrateCommand() {
        return migrateCommand != null;
    }

    public MigrationSettings withLocations(List<String> value) {
        return new MigrationSettings(value, schemas, historyTable, placeholders, toolFolder, migrateCommand);
    }

    /** The same settings with another migration command; null or blank removes it. */
    public MigrationSettings withMigrateCommand(String command) {
        return new MigrationSettings(locations, schemas, historyTable, placeholders, toolFolder, command);
    }
}
