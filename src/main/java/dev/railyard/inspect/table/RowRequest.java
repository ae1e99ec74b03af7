package dev.railyard.inspect.table;

import java.util.List;

/**
 * Which rows of a table to read: the first {@code limit} that match every filter, in the order
 * of one column (the server's order when {@code sortColumn} is null).
 */
public record RowRequest(String sortColumn, boolean descending, List<RowFilter> filters, int limit) {

    /** What a table opens with. */
    public static final int DEFAULT_LIMIT = 200;
    /** Rows are shown, not exported: more than this would only fill memory. */
    public static final int MAX_LIMIT = 10_000;

    public RowRequest {
        filters = filters == null ? List.of() : List.copyOf(filters);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("Rows to read: " + limit + " is out of range (1 to " + MAX_LIMIT + ")");
        }
    }

    /** The first rows, in the server's order, unfiltered. */
    public static RowRequest first() {
        return new RowRequest(null, false, List.of(), DEFAULT_LIMIT);
    }

    public RowRequest sortedBy(String column, boolean descendingOrder) {
        return new RowRequest(column, descendingOrder, filters, limit);
    }

    public RowRequest filteredBy(List<RowFilter> next) {
        return new RowRequest(sortColumn, descending, next, limit);
    }
}
