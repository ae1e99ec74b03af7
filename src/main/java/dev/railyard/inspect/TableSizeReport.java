package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tables view: top-level tables largest first, partitions nested under their parent.
 *
 * @param databaseBytes      the sum of the tables listed (the system catalogs are not counted), which
 *                           {@link TableSizeRow#shareOfDatabase()} is a share of
 * @param statsExpirySeconds MySQL 8+: how long information_schema may cache these figures; null where
 *                           they are read live (PostgreSQL, MariaDB)
 * @param statsNote          a sentence for the UI on how fresh the figures are; null when they are live
 */
public record TableSizeReport(
        Dialect dialect,
        Instant serverTime,
        long databaseBytes,
        List<TableSizeRow> tables,
        Long statsExpirySeconds,
        String statsNote) {

    public TableSizeReport {
        tables = List.copyOf(tables);
    }

    /** Every row, partitions right after their parent: for CSV export and filtering. */
    public List<TableSizeRow> flattened() {
        List<TableSizeRow> all = new ArrayList<>();
        tables.forEach(t -> addWithChildren(t, all));
        return all;
    }

    /** The largest {@code limit} top-level tables (the CLI's --limit). */
    public TableSizeReport limit(int limit) {
        if (limit < 0 || limit >= tables.size()) {
            return this;
        }
        return new TableSizeReport(dialect, serverTime, databaseBytes, tables.subList(0, limit), statsExpirySeconds, statsNote);
    }

    private static void addWithChildren(TableSizeRow row, List<TableSizeRow> into) {
        into.add(row);
        row.partitions().forEach(p -> addWithChildren(p, into));
    }
}
