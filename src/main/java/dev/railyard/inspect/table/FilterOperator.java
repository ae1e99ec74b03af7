package dev.railyard.inspect.table;

/** How a filter compares a column with its value; the value is always sent as a bind parameter. */
public enum FilterOperator {
    EQUALS("=", true),
    NOT_EQUALS("<>", true),
    LESS("<", true),
    GREATER(">", true),
    LIKE("LIKE", true),
    IS_NULL("IS NULL", false),
    IS_NOT_NULL("IS NOT NULL", false);

    private final String sql;
    private final boolean takesValue;

    FilterOperator(String sql, boolean takesValue) {
        this.sql = sql;
        this.takesValue = takesValue;
    }

    /** The operator as SQL writes it, and as the filter box shows it. */
    public String sql() {
        return sql;
    }

    /** False for IS NULL and IS NOT NULL. */
    public boolean takesValue() {
        return takesValue;
    }

    @Override
    public String toString() {
        return sql;
    }
}
