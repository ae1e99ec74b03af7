package dev.railyard.inspect.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rows of a table as text, one list per row (null for SQL NULL).
 *
 * @param numeric per column, whether it holds numbers (shown right-aligned)
 * @param more    true when the table has more matching rows than were read
 * @param sql   the statement sent, with its ? placeholders (the values went as bind parameters)
 */
public record TableRows(List<String> columns, List<Boolean> numeric, List<List<String>> rows, boolean more, String sql) {

    public TableRows {
        columns = List.copyOf(columns);
        numeric = List.copyOf(numeric);
        List<List<String>> copy = new ArrayList<>(rows.size());
        // Values may be null (SQL NULL): List.copyOf would refuse them.
        rows.forEach(r -> copy.add(Collections.unmodifiableList(new ArrayList<>(r))));
        rows = Collections.unmodifiableList(copy);
    }
}
