package dev.railyard.inspect;

/** Where the Queries view's statistics come from. */
public enum QuerySource {
    PG_STAT_STATEMENTS("pg_stat_statements"),
    PERFORMANCE_SCHEMA("performance_schema statement digests"),
    SLOW_LOG("mysql.slow_log"),
    NONE("none");

    private final String displayName;

    QuerySource(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
