package dev.railyard.migrate.check;

import java.util.List;
import java.util.Map;

/**
 * What the live database says about one table a pending statement touches.
 *
 * @param name            the name as the migration wrote it
 * @param qualifiedName   schema.table as the server resolved it; null when the table does not exist
 * @param heapBytes       the table's own size (pg_relation_size)
 * @param totalBytes      with indexes and TOAST (pg_total_relation_size)
 * @param rowEstimate     pg_class.reltuples; null when the table was never analyzed or vacuumed
 * @param columnTypes     column name to format_type, for type changes
 * @param notNullChecked  columns with a validated {@code CHECK (col IS NOT NULL)}
 * @param key             its integer primary key's usage; null when it has none fed by a sequence
 * @param holders         sessions that hold or wait for a lock on it now, other than the check's own
 */
public record TableFacts(String name, String qualifiedName, long heapBytes, long totalBytes, Long rowEstimate,
                         Map<String, String> columnTypes, List<String> notNullChecked, KeyUsage key,
                         List<LockHolder> holders) {

    public TableFacts {
        columnTypes = Map.copyOf(columnTypes);
        notNullChecked = List.copyOf(notNullChecked);
        holders = List.copyOf(holders);
    }

    public static TableFacts missing(String name) {
        return new TableFacts(name, null, 0, 0, null, Map.of(), List.of(), null, List.of());
    }

    public boolean exists() {
        return qualifiedName != null;
    }

    /** No rows: nothing to scan or rewrite. An empty heap is certain; a zero estimate is trusted too. */
    public boolean empty() {
        return heapBytes == 0 || (rowEstimate != null && rowEstimate == 0);
    }

    /** "public.big: 1,000,000 rows (estimate), 42 MB with indexes". */
    public String sizeInWords() {
        if (!exists()) {
            return name + " does not exist yet";
        }
        String rows = rowEstimate == null ? "rows not counted yet (never analyzed)"
                : Durations.count(rowEstimate) + " rows (estimate)";
        return qualifiedName + ": " + rows + ", " + Durations.bytes(totalBytes) + " with indexes";
    }
}
