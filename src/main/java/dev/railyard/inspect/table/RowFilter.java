package dev.railyard.inspect.table;

import java.util.Objects;

/**
 * One condition of the rows' filter: a column (an identifier, quoted when the SQL is written), an
 * operator and a value (always a bind parameter, never part of the SQL text).
 *
 * @param value ignored for IS NULL and IS NOT NULL; LIKE takes % and _ as the user types them
 */
public record RowFilter(String column, FilterOperator operator, String value) {

    public RowFilter {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(operator, "operator");
        value = operator.takesValue() ? Objects.requireNonNullElse(value, "") : null;
    }
}
