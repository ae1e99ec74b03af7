package dev.railyard.console;

import dev.railyard.backup.script.MysqlVersion;
import dev.railyard.db.Dialect;
import dev.railyard.db.PgSimpleQuery;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Asks the server for a plan in the richest form it has. Every EXPLAIN runs in a transaction that
 * is rolled back, so EXPLAIN ANALYZE of a write leaves nothing behind.
 */
final class Explainer {

    private final ConsoleSession session;
    private final Connection connection;

    Explainer(ConsoleSession session, Connection connection) {
        this.session = session;
        this.connection = connection;
    }

    /**
     * @param writable run the analysed statement read-write although the session is read-only
     *                 (the caller checked the clearance); it is rolled back all the same
     */
    ExplainResult explain(String sql, boolean analyze, boolean writable) throws SQLException {
        return session.dialect() == Dialect.POSTGRESQL ? postgres(sql, analyze, writable, false)
                : mysql(sql, analyze, writable);
    }

    /** PostgreSQL 16+'s generic plan of a statement with $n parameters: planned for any values, never run. */
    ExplainResult generic(String sql) throws SQLException {
        return postgres(sql, false, false, true);
    }

    private ExplainResult postgres(String sql, boolean analyze, boolean writable, boolean generic) throws SQLException {
        boolean lift = writable && session.readOnly();
        connection.rollback();
        if (lift) {
            connection.setReadOnly(false);
        }
        try (Statement s = session.trackedStatement()) {
            if (lift) {
                s.execute("SET LOCAL transaction_read_only = off");
            }
            String options = analyze ? "FORMAT JSON, ANALYZE, BUFFERS" : generic ? "FORMAT JSON, GENERIC_PLAN" : "FORMAT JSON";
            String raw;
            String explain = "EXPLAIN (" + options + ") " + sql;
            try (ResultSet rs = generic ? PgSimpleQuery.executeQuery(s, explain) : s.executeQuery(explain)) {
                StringBuilder text = new StringBuilder();
                while (rs.next()) {
                    text.append(rs.getString(1));
                }
                raw = text.toString();
            }
            return PlanParser.postgresResult(raw, analyze, generic);
        } finally {
            session.untrack();
            connection.rollback();
            if (lift) {
                connection.setReadOnly(true);
            }
        }
    }

    private ExplainResult mysql(String sql, boolean analyze, boolean writable) throws SQLException {
        MysqlVersion version = session.mysqlVersion();
        boolean readOnly = session.readOnly() && !writable;
        boolean jsonV2 = !version.mariaDb() && (version.major() > 8 || (version.major() == 8 && version.minor() >= 3));
        try (Statement s = session.trackedStatement()) {
            s.execute(readOnly ? "SET SESSION TRANSACTION READ ONLY" : "SET SESSION TRANSACTION READ WRITE");
            s.execute(readOnly ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
            if (jsonV2) {
                s.execute("SET @@SESSION.explain_json_format_version = 2");
            }
            String statement;
            String format = "json";
            if (!analyze) {
                statement = "EXPLAIN FORMAT=JSON " + sql;
            } else if (version.mariaDb()) {
                statement = "ANALYZE FORMAT=JSON " + sql;
            } else if (jsonV2) {
                statement = "EXPLAIN ANALYZE FORMAT=JSON " + sql;
            } else {
                statement = "EXPLAIN ANALYZE " + sql;
                format = "tree";
            }
            String raw;
            try (ResultSet rs = s.executeQuery(statement)) {
                raw = rs.next() ? rs.getString(1) : "";
            }
            return format.equals("tree") ? new ExplainResult(format, raw, PlanParser.mysqlTree(raw), analyze)
                    : PlanParser.mysqlJsonResult(raw, analyze);
        } finally {
            session.untrack();
            try (Statement s = connection.createStatement()) {
                s.execute("ROLLBACK");
                s.execute(session.readOnly() ? "SET SESSION TRANSACTION READ ONLY" : "SET SESSION TRANSACTION READ WRITE");
            }
        }
    }
}
