package dev.railyard.inspect.table;

import java.util.List;

/**
 * What is inside a table, short of its rows: its columns, indexes with their size and use,
 * foreign keys both ways, and triggers.
 *
 * @param kind           "table", "partitioned table", "view", "materialized view", "foreign table"
 * @param estimatedRows  the server's estimate; null when it has none (never analyzed)
 * @param totalBytes     with indexes and TOAST; null for a view
 * @param references     foreign keys of this table, to the tables it references
 * @param referencedBy   foreign keys of other tables (or itself) that reference this one
 * @param usageNote      what the index figures cannot say, in a sentence; "" when nothing is missing
 * @param triggerNote    why the trigger list may be incomplete, in a sentence; "" when it is not
 */
public record TableDetails(String schema, String name, String kind, Long estimatedRows, Long totalBytes, String comment,
                           List<TableColumn> columns, List<TableIndex> indexes, List<ForeignKey> references,
                           List<ForeignKey> referencedBy, List<TableTrigger> triggers, String usageNote,
                           String triggerNote) {

    public TableDetails {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        references = List.copyOf(references);
        referencedBy = List.copyOf(referencedBy);
        triggers = List.copyOf(triggers);
        usageNote = usageNote == null ? "" : usageNote;
        triggerNote = triggerNote == null ? "" : triggerNote;
    }

    /** The column of that exact name, or null. */
    public TableColumn column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
}
