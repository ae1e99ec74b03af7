package dev.railyard.migrate;

import dev.railyard.migrate.history.EntryStatus;
import dev.railyard.migrate.history.HistoryEntry;
import dev.railyard.migrate.history.HistoryTool;
import java.util.ArrayList;
import java.util.List;

/**
 * Flyway's view of a database: every migration row, the current version, a one-line summary
 * for the header ("12 applied, 2 pending, 1 failed, checksum changed in V7"), the applied
 * migrations whose files changed, and warnings about the configuration (a missing folder).
 *
 * @param currentVersion null when nothing is applied
 * @param historyTable   Flyway's table, qualified when schemas are configured
 */
public record StatusReport(
        List<MigrationRow> rows,
        String currentVersion,
        String summary,
        List<ChangedScript> changedScripts,
        List<String> warnings,
        String historyTable) {

    public StatusReport {
        rows = List.copyOf(rows);
        changedScripts = List.copyOf(changedScripts);
        warnings = List.copyOf(warnings);
    }

    public List<MigrationRow> pending() {
        return rows.stream().filter(r -> r.status() == MigrationStatus.PENDING).toList();
    }

    public List<MigrationRow> failed() {
        return rows.stream().filter(r -> r.status().failed()).toList();
    }

    public long count(MigrationStatus status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /** True when nothing is failed, changed, missing or ignored: safe to migrate. */
    public boolean healthy() {
        return rows.stream().noneMatch(r -> r.status().tone() == Tone.DANGER || r.status().tone() == Tone.WARN);
    }

    /** These rows as timeline entries: applied ones with their time, pending ones undated. */
    public List<HistoryEntry> historyEntries() {
        List<HistoryEntry> entries = new ArrayList<>();
        for (MigrationRow row : rows) {
            EntryStatus status;
            if (row.status().failed()) {
                status = EntryStatus.FAILED;
            } else if (row.status() == MigrationStatus.UNDONE) {
                status = EntryStatus.ROLLED_BACK;
            } else if (row.status().applied()) {
                status = EntryStatus.SUCCEEDED;
            } else if (row.status() == MigrationStatus.PENDING) {
                status = EntryStatus.PENDING;
            } else {
                continue; // ignored, below baseline, above target: not part of the history
            }
            String detail = row.status().displayName()
                    + (row.installedBy() == null ? "" : ", by " + row.installedBy())
                    + (row.executionMillis() == null ? "" : ", " + row.executionMillis() + " ms");
            entries.add(new HistoryEntry(HistoryTool.FLYWAY, historyTable, row.installedOn(), row.description(),
                    row.version(), status, detail, row.checksum() == null ? null : row.checksum().toString()));
        }
        return entries;
    }
}
