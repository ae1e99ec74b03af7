package dev.railyard.migrate;

import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.FileState;
import dev.railyard.migrate.history.FolderComparison;
import dev.railyard.migrate.history.FolderFile;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.HistoryScan;
import dev.railyard.migrate.history.HistoryTool;
import dev.railyard.migrate.history.OtherToolsHistory;
import dev.railyard.migrate.history.Timeline;
import dev.railyard.migrate.history.ToolFolders;
import dev.railyard.migrate.history.ToolHistory;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.task.JobContext;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Where a database stands with its migrations, as the Migrations tab and {@code railyard migrate
 * status} both show it: Flyway's status (files and history table), the history tables of other
 * tools, their merged timeline, notes (including a comparison with the tool folder), and the
 * text of each pending or changed script.
 *
 * @param otherTools the other tools' histories (Flyway's own left out)
 * @param notes      what the scan and the tool-folder comparison found worth saying (the histories' own
 *                   summaries are not repeated here)
 * @param scripts    script text by {@link #key(MigrationRow)}, for pending, changed and outdated rows
 */
public record MigrationOverview(ConnectionProfile profile, StatusReport status, List<ToolHistory> otherTools,
                                Timeline timeline, List<String> notes, Map<String, String> scripts) {

    public MigrationOverview {
        otherTools = List.copyOf(otherTools);
        notes = List.copyOf(notes);
        scripts = Map.copyOf(scripts);
    }

    /**
     * Reads the overview: other tools' tables on one connection from {@code scanSource} (given back
     * before Flyway takes its own two), then Flyway through {@code flyway}.
     */
    public static MigrationOverview read(ConnectionProfile profile, DataSource scanSource, FlywayMigrations flyway,
                                         JobContext context) throws MigrationException {
        context.message("Looking for other tools' history tables");
        List<String> notes = new ArrayList<>();
        HistoryScan others;
        try (Connection c = scanSource.getConnection()) {
            others = new OtherToolsHistory(profile.dialect()).scan(c).without(HistoryTool.FLYWAY);
        } catch (SQLException e) {
            others = new HistoryScan(List.of(), List.of());
            notes.add("Could not look for other tools' history tables: " + e.getMessage());
        }
        context.checkCancelled();
        context.message("Reading Flyway's status");
        StatusReport status = flyway.status();
        Map<String, String> scripts = new HashMap<>();
        for (MigrationRow row : status.rows()) {
            if (showsScript(row.status())) {
                flyway.scriptText(row).ifPresent(text -> scripts.put(key(row), text));
            }
        }
        notes.addAll(others.notes());
        String toolFolder = flyway.settings().toolFolder();
        if (toolFolder != null && !toolFolder.isBlank()) {
            notes.addAll(compareFolder(Path.of(toolFolder), others));
        }
        List<HistoryEntry> flywayEntries = status.historyEntries().stream()
                .filter(e -> e.status() != EntryStatus.PENDING) // the status table lists those
                .toList();
        Timeline merged = Timeline.merge(flywayEntries, others.entries());
        return new MigrationOverview(profile, status, others.histories(), merged, notes, scripts);
    }

    /** Stays the same when a pending row becomes applied, so a selection survives a refresh. */
    public static String key(MigrationRow row) {
        return row.version() + "|" + row.script();
    }

    private static boolean showsScript(MigrationStatus status) {
        return status == MigrationStatus.PENDING || status == MigrationStatus.CHANGED || status == MigrationStatus.OUTDATED;
    }

    private static List<String> compareFolder(Path folder, HistoryScan scan) {
        List<String> notes = new ArrayList<>();
        try {
            FolderComparison comparison = ToolFolders.compare(folder, scan);
            notes.add(comparison.tool().displayName() + " folder " + folder + ": " + comparison.summary());
            for (FolderFile file : comparison.files()) {
                if (file.state() != FileState.APPLIED) {
                    notes.add("  " + file.name() + ": " + file.state().displayName()
                            + (file.detail().isEmpty() ? "" : " — " + file.detail()));
                }
            }
            notes.addAll(comparison.notes());
        } catch (IOException e) {
            notes.add("Could not compare the tool folder: " + e.getMessage());
        }
        return notes;
    }
}
