package dev.railyard.migrate.history;

import java.util.List;
import java.util.Optional;

/**
 * Every other tool's history found in a database, with notes from companion tables ("Knex's
 * migrations are locked", "Rails environment: production").
 */
public record HistoryScan(List<ToolHistory> histories, List<String> notes) {

    public HistoryScan {
        histories = List.copyOf(histories);
        notes = List.copyOf(notes);
    }

    public boolean isEmpty() {
        return histories.isEmpty();
    }

    public List<HistoryTool> tools() {
        return histories.stream().map(ToolHistory::tool).distinct().toList();
    }

    /** The first table of this tool, if found. */
    public Optional<ToolHistory> of(HistoryTool tool) {
        return histories.stream().filter(h -> h.tool() == tool).findFirst();
    }

    /** Every entry of every table, table by table. */
    public List<HistoryEntry> entries() {
        return histories.stream().flatMap(h -> h.entries().stream()).toList();
    }

    /** This scan without one tool's tables: drop FLYWAY when Flyway's status already covers it. */
    public HistoryScan without(HistoryTool tool) {
        return new HistoryScan(histories.stream().filter(h -> h.tool() != tool).toList(), notes);
    }
}
