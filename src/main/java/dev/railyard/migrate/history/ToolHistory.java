package dev.railyard.migrate.history;

import java.util.List;

/**
 * One history table and what it holds.
 *
 * @param problem why it could not be read (permissions, a column of an unexpected type); null when read
 */
public record ToolHistory(DetectedTable table, List<HistoryEntry> entries, String problem) {

    public ToolHistory {
        entries = List.copyOf(entries);
    }

    public HistoryTool tool() {
        return table.tool();
    }

    public long failed() {
        return entries.stream().filter(e -> e.status() == EntryStatus.FAILED).count();
    }

    /** "Prisma (public._prisma_migrations): 12 migrations, 1 failed". */
    public String summary() {
        String where = table.tool().displayName() + " (" + table.displayName() + "): ";
        if (problem != null) {
            return where + problem;
        }
        return where + (entries.isEmpty() ? "empty" : entries.size() + (entries.size() == 1 ? " migration" : " migrations"))
                + (failed() > 0 ? ", " + failed() + " failed" : "");
    }
}
