package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.util.List;

/**
 * The Queries view: the statements that took the most time, largest total first.
 *
 * @param statementCount how many statements the source holds (more than {@code rows} when limited)
 * @param totalMillis    execution time of all of them
 */
public record QueryStatsReport(Dialect dialect, QueryStatsStatus status, List<QueryStatsRow> rows,
                               long statementCount, double totalMillis) {

    public QueryStatsReport {
        rows = List.copyOf(rows);
    }

    /** The same report with other rows (the totals still cover every statement of the source). */
    public QueryStatsReport withRows(List<QueryStatsRow> kept) {
        return new QueryStatsReport(dialect, status, kept, statementCount, totalMillis);
    }
}
