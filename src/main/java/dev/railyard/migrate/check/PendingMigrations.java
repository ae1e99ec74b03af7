package dev.railyard.migrate.check;

import dev.railyard.migrate.FlywayMigrations;
import dev.railyard.migrate.MigrationException;
import dev.railyard.migrate.MigrationRow;
import dev.railyard.migrate.MigrationStatus;
import dev.railyard.migrate.StatusReport;
import dev.railyard.migrate.history.FileState;
import dev.railyard.migrate.history.FolderComparison;
import dev.railyard.migrate.history.FolderFile;
import dev.railyard.migrate.history.HistoryScan;
import dev.railyard.migrate.history.HistoryTool;
import dev.railyard.migrate.history.OtherToolsHistory;
import dev.railyard.migrate.history.ToolFolders;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.MigrationSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Finds what has not run yet: Flyway scripts pending in Flyway's status, and the files of other
 * tools' folders (Prisma, Drizzle, numbered SQL) missing from that tool's history table.
 *
 * @param scripts in the order their tools would run them, Flyway's first
 * @param notes   folders or files that could not be checked, and why
 */
public record PendingMigrations(List<PendingScript> scripts, List<String> notes) {

    private static final Pattern FLYWAY_NAME = Pattern.compile("^([VUR][0-9._]*__.*|R__.*)\\.sql$", Pattern.CASE_INSENSITIVE);

    public PendingMigrations {
        scripts = List.copyOf(scripts);
        notes = List.copyOf(notes);
    }

    /**
     * Reads what is pending in {@code locations} (the profile's locations and tool folder when empty).
     * A folder of Flyway-named scripts (V1__x.sql) or a classpath: location goes to Flyway; any other
     * folder is compared with its tool's history table.
     */
    public static PendingMigrations find(ConnectionProfile profile, DataSource dataSource, List<String> locations)
            throws MigrationException, SQLException {
        MigrationSettings settings = profile.migrations();
        List<String> flywayLocations = new ArrayList<>();
        List<Path> toolFolders = new ArrayList<>();
        List<String> given = locations.isEmpty() ? settings.locations() : locations;
        for (String location : given) {
            if (location == null || location.isBlank()) {
                continue;
            }
            Optional<Path> folder = toolFolder(location);
            if (folder.isPresent()) {
                toolFolders.add(folder.get());
            } else {
                flywayLocations.add(location);
            }
        }
        if (locations.isEmpty() && settings.toolFolder() != null && !settings.toolFolder().isBlank()) {
            toolFolders.add(Path.of(settings.toolFolder()));
        }
        List<PendingScript> scripts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!flywayLocations.isEmpty()) {
            FlywayMigrations flyway = new FlywayMigrations(dataSource, profile, new MigrationSettings(flywayLocations,
                    settings.schemas(), settings.historyTable(), settings.placeholders(), null));
            StatusReport status = flyway.status();
            notes.addAll(status.warnings());
            for (MigrationRow row : status.rows()) {
                if (row.status() != MigrationStatus.PENDING && row.status() != MigrationStatus.OUTDATED) {
                    continue;
                }
                Optional<String> text = flyway.scriptText(row);
                if (text.isEmpty()) {
                    notes.add("Could not read " + row.script() + ": not checked");
                    continue;
                }
                Path file = row.file() == null ? null : Path.of(row.file());
                scripts.add(new PendingScript("Flyway", row.script(), file, text.get(),
                        outsideTransactionByConf(file) ? TransactionMode.NONE : TransactionMode.FLYWAY));
            }
        }
        if (!toolFolders.isEmpty()) {
            HistoryScan scan;
            try (Connection c = dataSource.getConnection()) {
                scan = new OtherToolsHistory(profile.dialect()).scan(c);
            }
            for (Path folder : toolFolders) {
                FolderComparison comparison;
                try {
                    comparison = ToolFolders.compare(folder, scan);
                } catch (IOException e) {
                    notes.add("Could not read " + folder + ": " + e.getMessage());
                    continue;
                }
                notes.addAll(comparison.notes());
                TransactionMode mode = switch (comparison.tool()) {
                    case PRISMA -> TransactionMode.ONE_QUERY;
                    case DRIZZLE -> TransactionMode.ALL_PENDING;
                    default -> TransactionMode.RUNNER;
                };
                String tool = comparison.tool() == HistoryTool.HAND_ROLLED ? "numbered SQL" : comparison.tool().displayName();
                for (FolderFile file : comparison.files()) {
                    if (file.state() != FileState.PENDING || file.file() == null) {
                        continue;
                    }
                    if (!file.file().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql")) {
                        notes.add(file.name() + " is not an SQL file: not checked");
                        continue;
                    }
                    try {
                        scripts.add(new PendingScript(tool, file.name(), file.file(),
                                Files.readString(file.file(), StandardCharsets.UTF_8), mode));
                    } catch (IOException e) {
                        notes.add("Could not read " + file.file() + ": " + e.getMessage());
                    }
                }
            }
        }
        if (flywayLocations.isEmpty() && toolFolders.isEmpty()) {
            notes.add("No migration folder given (--locations DIR) and none set for the profile: nothing to check");
        }
        return new PendingMigrations(scripts, notes);
    }

    /** The folder, when {@code location} is a folder of another tool's migrations rather than Flyway's. */
    static Optional<Path> toolFolder(String location) {
        String trimmed = location.strip();
        if (trimmed.contains(":") && !Path.of(trimmed).isAbsolute() && trimmed.indexOf(':') > 1) {
            return trimmed.startsWith("filesystem:") ? toolFolder(trimmed.substring("filesystem:".length())) : Optional.empty();
        }
        Path folder = Path.of(trimmed);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(folder, 2)) {
            boolean flyway = files.filter(Files::isRegularFile)
                    .anyMatch(f -> FLYWAY_NAME.matcher(f.getFileName().toString()).matches());
            return flyway ? Optional.empty() : Optional.of(folder);
        } catch (IOException e) {
            return Optional.empty(); // Flyway reports the unreadable folder
        }
    }

    /** True when the script's Flyway config file (V1__x.sql.conf) says executeInTransaction=false. */
    static boolean outsideTransactionByConf(Path script) {
        if (script == null) {
            return false;
        }
        Path conf = script.resolveSibling(script.getFileName() + ".conf");
        if (!Files.isRegularFile(conf)) {
            return false;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            return false;
        }
        return "false".equalsIgnoreCase(properties.getProperty("executeInTransaction", "").strip());
    }
}
