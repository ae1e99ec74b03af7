package dev.railyard.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of another DataSource with a lock timeout and a statement timeout set for as long
 * as they are borrowed, and reset when given back: a pooled connection must not carry a
 * migration's 5 s lock timeout into the next backup. Made by {@link Connections#withSessionTimeouts}.
 */
final class SessionTimeoutsDataSource implements DataSource {

    private final DataSource delegate;
    private final Dialect dialect;
    private final Duration lockTimeout;
    private final Duration statementTimeout;

    SessionTimeoutsDataSource(DataSource delegate, Dialect dialect, Duration lockTimeout, Duration statementTimeout) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.lockTimeout = lockTimeout == null ? Duration.ZERO : lockTimeout;
        this.statementTimeout = statementTimeout == null ? Duration.ZERO : statementTimeout;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withTimeouts(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withTimeouts(delegate.getConnection(username, password));
    }

    private Connection withTimeouts(Connection connection) throws SQLException {
        boolean mariaDb;
        try {
            mariaDb = dialect == Dialect.MYSQL && InspectionSettings.isMariaDb(connection);
            execute(connection, setSql(mariaDb));
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        String reset = resetSql(mariaDb);
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0 && !connection.isClosed()) {
                try {
                    if (!connection.getAutoCommit()) {
                        connection.rollback(); // a failed statement leaves an aborted transaction behind
                    }
                    execute(connection, reset);
                } catch (SQLException e) {
                    // A broken connection: the pool drops it anyway.
                }
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private String setSql(boolean mariaDb) throws SQLException {
        StringBuilder sql = new StringBuilder();
        if (dialect == Dialect.POSTGRESQL) {
            sql.append("SET lock_timeout = '").append(lockTimeout.toMillis()).append("ms'; ");
            sql.append("SET statement_timeout = '").append(statementTimeout.toMillis()).append("ms'");
            return sql.toString();
        }
        if (!lockTimeout.isZero()) {
            long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000); // whole seconds, at least 1
            sql.append("SET SESSION lock_wait_timeout = ").append(seconds)
                    .append(", SESSION innodb_lock_wait_timeout = ").append(seconds);
        }
        if (!statementTimeout.isZero()) {
            if (!mariaDb) {
                throw new SQLException("MySQL has no statement timeout for DDL (max_execution_time covers SELECT only):"
                        + " use --lock-timeout, or leave --statement-timeout off on MySQL");
            }
            sql.append(sql.length() == 0 ? "SET " : ", ").append("SESSION max_statement_time = ")
                    .append(statementTimeout.toMillis() / 1000.0);
        }
        return sql.toString();
    }

    private String resetSql(boolean mariaDb) {
        if (dialect == Dialect.POSTGRESQL) {
            return "RESET lock_timeout; RESET statement_timeout";
        }
        StringBuilder sql = new StringBuilder();
        if (!lockTimeout.isZero()) {
            sql.append("SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT");
        }
        if (!statementTimeout.isZero() && mariaDb) {
            sql.append(sql.length() == 0 ? "SET " : ", ").append("SESSION max_statement_time = DEFAULT");
        }
        return sql.toString();
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        if (sql.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return delegate.isWrapperFor(type);
    }
}
