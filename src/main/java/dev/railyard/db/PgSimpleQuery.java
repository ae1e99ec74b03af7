package dev.railyard.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseStatement;
import org.postgresql.core.QueryExecutor;

/**
 * Runs one statement over PostgreSQL's simple query protocol. PgJDBC otherwise parses with the
 * extended protocol, where the server counts {@code $1} in the text as a parameter and then refuses
 * the statement for want of its value: {@code EXPLAIN (GENERIC_PLAN)} of a normalised statement
 * must reach the server as plain text.
 */
public final class PgSimpleQuery {

    private PgSimpleQuery() {
    }

    /** The result of {@code sql} run on {@code statement} (a PgJDBC statement) as a simple query. */
    public static ResultSet executeQuery(Statement statement, String sql) throws SQLException {
        statement.unwrap(BaseStatement.class).executeWithFlags(sql, QueryExecutor.QUERY_EXECUTE_AS_SIMPLE);
        ResultSet rs = statement.getResultSet();
        if (rs == null) {
            throw new SQLException("The statement returned no rows: " + sql.lines().findFirst().orElse(""));
        }
        return rs;
    }
}
