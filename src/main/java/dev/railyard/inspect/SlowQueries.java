package dev.railyard.inspect;

import static dev.railyard.inspect.ResultRows.doubleOrNull;
import static dev.railyard.inspect.ResultRows.epochSeconds;
import static dev.railyard.inspect.ResultRows.longOrNull;

import dev.railyard.db.Dialect;
import dev.railyard.guard.Clearance;
import dev.railyard.guard.GuardedAction;
import dev.railyard.db.Identifiers;
import dev.railyard.db.SqlResources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Queries view: the statements that took the most time, in one round trip when the source is
 * there. PostgreSQL reads pg_stat_statements and asks why only when that fails; MySQL reads
 * performance_schema digests, or mysql.slow_log when performance_schema is off, and the same
 * statement returns the settings that tell which. Statistics are reset only by
 * {@link #resetStatistics}, which the UI calls after the user confirmed.
 */
public final class SlowQueries {

    public static final int DEFAULT_LIMIT = 100;
    /** Extra rows read when Railyard's own statements are left out, so they do not eat the limit. */
    private static final int OWN_MARGIN = 40;

    private static final String PGSS = "pg_stat_statements";
    // undefined_table, object_not_in_prerequisite_state (not preloaded), undefined_column and
    // undefined_function (an extension older than 1.8)
    private static final Set<String> PGSS_MISSING = Set.of("42P01", "55000", "42703", "42883");

    private final Dialect dialect;

    public SlowQueries(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
    }

    public QueryStatsReport read(Connection connection) throws SQLException {
        return read(connection, DEFAULT_LIMIT);
    }

    /** Without Railyard's own statements ({@link OwnStatements}). */
    public QueryStatsReport read(Connection connection, int limit) throws SQLException {
        return read(connection, limit, false);
    }

    /**
     * @param includeOwn also Railyard's own statements (its catalog queries, session set-up, health
     *                   checks); they are left out otherwise, as they are not the user's workload
     */
    public QueryStatsReport read(Connection connection, int limit, boolean includeOwn) throws SQLException {
        int rows = limit <= 0 ? DEFAULT_LIMIT : limit;
        // Railyard's own statements are left out after the server's LIMIT: read a few more so the
        // limit still counts the user's statements.
        int asked = includeOwn ? rows : rows + OWN_MARGIN;
        QueryStatsReport report = dialect == Dialect.POSTGRESQL ? readPostgres(connection, asked, includeOwn)
                : readMysql(connection, asked);
        List<QueryStatsRow> kept = includeOwn ? report.rows() : OwnStatements.withoutOwn(dialect, report.rows());
        return report.withRows(kept.subList(0, Math.min(rows, kept.size())));
    }


    /**
     * Resets the statistics of {@code source}: pg_stat_statements_reset(), or TRUNCATE of the
     * performance_schema digests or mysql.slow_log. Only on the user's explicit request: it
     * discards history every other user of the server sees too.
     */
    public void resetStatistics(dev.railyard.profile.ConnectionProfile target, Connection connection, QuerySource source,
                                Clearance clearance) throws SQLException {
        java.util.Objects.requireNonNull(clearance, "clearance").check(GuardedAction.RESET_STATISTICS,
                java.util.Objects.requireNonNull(target, "target"));
        switch (source) {
            case PG_STAT_STATEMENTS -> {
                requireDialect(Dialect.POSTGRESQL, source);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(SqlResources.load(dialect, "queries_reset"));
                }
            }
            case PERFORMANCE_SCHEMA, SLOW_LOG -> {
                requireDialect(Dialect.MYSQL, source);
                String sql = SqlResources.load(dialect,
                        source == QuerySource.SLOW_LOG ? "queries_reset_slow_log" : "queries_reset_digest");
                // TRUNCATE is refused in a read-only session, which inspection sessions are.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET SESSION TRANSACTION READ WRITE");
                    try {
                        statement.execute(sql);
                    } finally {
                        statement.execute("SET SESSION TRANSACTION READ ONLY");
                    }
                }
            }
            case NONE -> throw new IllegalArgumentException("There are no statistics to reset");
        }
    }

    private void requireDialect(Dialect expected, QuerySource source) {
        if (dialect != expected) {
            throw new IllegalArgumentException(source.displayName() + " is not a " + dialect + " source");
        }
    }

    // ---- PostgreSQL

    private QueryStatsReport readPostgres(Connection connection, int limit, boolean includeOwn) throws SQLException {
        String sql = SqlResources.load(dialect, "queries");
        try {
            return readPgStatStatements(connection, sql, limit, includeOwn);
        } catch (SQLException e) {
            if (!PGSS_MISSING.contains(e.getSQLState())) {
                throw e;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            PgStatStatementsState status = pgStatus(connection);
            if (status.createdVersion() != null && status.schema() != null && "42P01".equals(e.getSQLState())) {
                // Created in a schema that is not on the search_path: read it by its full name.
                String qualified = Identifiers.qualified(dialect, status.schema(), PGSS);
                return readPgStatStatements(connection, sql.replace("FROM " + PGSS + " s", "FROM " + qualified + " s"), limit, includeOwn);
            }
            return new QueryStatsReport(dialect, status.explain(e.getSQLState()), List.of(), 0, 0);
        }
    }

    private QueryStatsReport readPgStatStatements(Connection connection, String sql, int limit, boolean includeOwn) throws SQLException {
        List<QueryStatsRow> rows = new ArrayList<>();
        long count = 0;
        double all = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBoolean(1, includeOwn);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    count = rs.getLong("statement_count");
                    all = rs.getDouble("all_ms");
                    Long plans = longOrNull(rs, "plans");
                    rows.add(new QueryStatsRow(rs.getString("query_id"), null, rs.getString("user_name"),
                            rs.getString("query"), rs.getLong("calls"), rs.getDouble("total_ms"),
                            doubleOrNull(rs, "mean_ms"), doubleOrNull(rs, "max_ms"), longOrNull(rs, "rows"),
                            share(rs), longOrNull(rs, "shared_blks_hit"), longOrNull(rs, "shared_blks_read"),
                            plans == null || plans == 0 ? null : doubleOrNull(rs, "plan_ms"), null, null));
                }
            }
        }
        String message = count == 0
                ? "pg_stat_statements has no statements for this database yet."
                : "pg_stat_statements: " + count + " statements in this database, " + Math.round(all) + " ms of execution in total.";
        return new QueryStatsReport(dialect, QueryStatsStatus.ready(QuerySource.PG_STAT_STATEMENTS, message,
                "Counts run since the last pg_stat_statements_reset() or since the statistics were lost in a crash."),
                rows, count, all);
    }

    private PgStatStatementsState pgStatus(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, "queries_status"));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new PgStatStatementsState(rs.getString("preload"), rs.getString("created_version"), rs.getString("schema_name"),
                    rs.getString("available_version"));
        }
    }

    // ---- MySQL

    private QueryStatsReport readMysql(Connection connection, int limit) throws SQLException {
        List<QueryStatsRow> rows = new ArrayList<>();
        boolean performanceSchema = false;
        String logOutput = "";
        boolean slowLogOn = false;
        double longQueryTime = 10;
        long count = 0;
        double all = 0;
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, "queries"))) {
            statement.setInt(1, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    performanceSchema = rs.getBoolean("performance_schema_on");
                    logOutput = Objects.requireNonNullElse(rs.getString("log_output"), "");
                    slowLogOn = rs.getBoolean("slow_query_log");
                    longQueryTime = rs.getDouble("long_query_time");
                    if (rs.getString("source") == null) {
                        continue;
                    }
                    count = rs.getLong("statement_count");
                    all = rs.getDouble("all_ms");
                    rows.add(new QueryStatsRow(rs.getString("query_id"), rs.getString("schema_name"), null,
                            rs.getString("query"), rs.getLong("calls"), rs.getDouble("total_ms"),
                            doubleOrNull(rs, "mean_ms"), doubleOrNull(rs, "max_ms"), longOrNull(rs, "rows_sent"),
                            share(rs), null, null, null, longOrNull(rs, "rows_examined"), epochSeconds(rs, "last_seen")));
                }
            }
        } catch (SQLException e) {
            if (!MysqlGrants.denied(e)) {
                throw e;
            }
            return limitedMysql(connection);
        }
        QueryStatsStatus status = mysqlStatus(performanceSchema, logOutput, slowLogOn, longQueryTime, count);
        return new QueryStatsReport(dialect, status, rows, count, all);
    }

    /** For a user who may read neither the digests nor mysql.slow_log: no rows, and the grant that would show them. */
    private QueryStatsReport limitedMysql(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SqlResources.load(dialect, "queries_limited"));
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            boolean performanceSchema = rs.getBoolean("performance_schema_on");
            String grantee = rs.getString("grantee");
            List<String> grants = List.of(performanceSchema ? MysqlGrants.PERFORMANCE_SCHEMA : MysqlGrants.SLOW_LOG);
            QueryStatsStatus source = mysqlStatus(performanceSchema, Objects.requireNonNullElse(rs.getString("log_output"), ""),
                    rs.getBoolean("slow_query_log"), rs.getDouble("long_query_time"), 0);
            String message = "Queries " + MysqlGrants.needs(grants) + ": this user may not read "
                    + (performanceSchema ? "the performance_schema statement digests" : "mysql.slow_log")
                    + ", so no statements are shown.";
            String note = source.available() ? null : source.message() + " " + source.note();
            return new QueryStatsReport(dialect, QueryStatsStatus.missing(message, MysqlGrants.statements(grants, grantee), note),
                    List.of(), 0, 0);
        }
    }

    static QueryStatsStatus mysqlStatus(boolean performanceSchema, String logOutput, boolean slowLogOn,
                                        double longQueryTime, long count) {
        if (performanceSchema) {
            return QueryStatsStatus.ready(QuerySource.PERFORMANCE_SCHEMA,
                    "performance_schema statement digests: " + count + " statements since the server started or the digests were reset.",
                    null);
        }
        String seconds = formatSeconds(longQueryTime);
        Set<String> outputs = Arrays.stream(logOutput.toUpperCase(Locale.ROOT).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        String restart = "SET GLOBAL settings are lost when the server restarts (MySQL 8 keeps them with SET PERSIST); "
                + "long_query_time applies to connections opened after the change.";
        if (outputs.contains("TABLE")) {
            if (slowLogOn) {
                return QueryStatsStatus.ready(QuerySource.SLOW_LOG,
                        "performance_schema is off; showing mysql.slow_log: statements slower than long_query_time ("
                                + seconds + " s), grouped by their text.",
                        "Only slow statements are logged; lower long_query_time to see more (SET GLOBAL long_query_time = 0.5).");
            }
            return new QueryStatsStatus(QuerySource.SLOW_LOG, true,
                    "performance_schema is off and the slow query log is OFF: mysql.slow_log holds only what was logged before.",
                    "SET GLOBAL slow_query_log = ON;", restart);
        }
        outputs.remove("NONE");
        outputs.add("TABLE");
        String newOutput = outputs.stream().sorted().collect(Collectors.joining(","));
        return QueryStatsStatus.missing(
                "performance_schema is off and the slow query log does not write to a table, so there are no query statistics.",
                "SET GLOBAL slow_query_log = ON;\nSET GLOBAL log_output = '" + newOutput + "';\nSET GLOBAL long_query_time = 1;",
                restart + " performance_schema itself can only be turned on in the server's configuration, with a restart.");
    }

    private static String formatSeconds(double seconds) {
        String text = String.format(Locale.ROOT, "%.3f", seconds);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static double share(ResultSet rs) throws SQLException {
        Double share = doubleOrNull(rs, "share");
        return share == null ? 0 : share;
    }
}
