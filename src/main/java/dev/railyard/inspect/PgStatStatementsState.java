package dev.railyard.inspect;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What PostgreSQL says about pg_stat_statements, and the words and fix for each state. Shared by
 * the Queries view (after its read failed) and the Overview (which reads the same facts).
 *
 * @param preload          shared_preload_libraries; null when this role may not see it
 * @param createdVersion   the extension's version in this database; null when not created
 * @param schema           where it was created
 * @param availableVersion the version the server could create; null when not installed
 */
record PgStatStatementsState(String preload, String createdVersion, String schema, String availableVersion) {

    private static final String PGSS = "pg_stat_statements";

    boolean preloaded() {
        return preload != null && Arrays.stream(preload.split(","))
                .map(s -> s.trim().replace("\"", "").toLowerCase(Locale.ROOT))
                .anyMatch(PGSS::equals);
    }

    /** Known to be missing from shared_preload_libraries (not merely hidden from this role). */
    boolean knownNotPreloaded() {
        return preload != null && !preloaded();
    }

    String preloadStatement() {
        String current = preload == null ? "" : Arrays.stream(preload.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.joining(","));
        String wanted = current.isEmpty() ? PGSS : current + "," + PGSS;
        return "ALTER SYSTEM SET shared_preload_libraries = '" + wanted.replace("'", "''") + "';";
    }

    /** Null when pg_stat_statements should work; otherwise what is wrong and what would fix it. */
    QueryStatsStatus problem() {
        if (createdVersion != null && !knownNotPreloaded()) {
            return null;
        }
        return explain(null);
    }

    /** Why reading pg_stat_statements failed with {@code sqlState} (null: judge from the facts alone). */
    QueryStatsStatus explain(String sqlState) {
        if (createdVersion == null && availableVersion == null) {
            return QueryStatsStatus.missing("pg_stat_statements is not installed on this server, so there are no query statistics.",
                    null, "It ships with PostgreSQL's contrib package; the server's administrator has to install it.");
        }
        if ("42703".equals(sqlState) || "42883".equals(sqlState)) {
            return QueryStatsStatus.missing("pg_stat_statements " + createdVersion + " in this database is older than "
                            + "the 1.8 that PostgreSQL 13+ ships; update it to read query statistics.",
                    "ALTER EXTENSION pg_stat_statements UPDATE;", null);
        }
        if (createdVersion != null) {
            return QueryStatsStatus.missing("pg_stat_statements is created but not preloaded: add it to "
                            + "shared_preload_libraries and restart the server.",
                    preloadStatement() + "\n-- then restart the server", null);
        }
        if (preloaded()) {
            return QueryStatsStatus.missing("pg_stat_statements is preloaded but not created in this database.",
                    "CREATE EXTENSION pg_stat_statements;", "Creating it needs the CREATE privilege on the database.");
        }
        if (preload == null) {
            return QueryStatsStatus.missing("pg_stat_statements is not created in this database.",
                    "CREATE EXTENSION pg_stat_statements;",
                    "It must also be in shared_preload_libraries, which this role is not allowed to see.");
        }
        return QueryStatsStatus.missing("pg_stat_statements is not preloaded: add it to shared_preload_libraries, "
                        + "restart the server, then create it in this database.",
                preloadStatement() + "\n-- restart the server, then:\nCREATE EXTENSION pg_stat_statements;", null);
    }
}
