package dev.railyard.inspect;

import dev.railyard.db.Dialect;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Makes a connection borrowed from the profile's shared pool an inspection session for one read:
 * read-only, with a statement timeout, and back to normal when it returns to the pool.
 *
 * <p>A connection of its own gets these in its startup options ({@link InspectSession}, as the CLI's
 * does); the window shares one pool with backups and migrations, so it cannot. Instead:
 * <ul>
 * <li>read-only: PostgreSQL gets {@code BEGIN READ ONLY}, which PgJDBC sends in the same round
 *     trip as the view's statement, then a rollback; MySQL gets Connector/J's
 *     {@code setReadOnly(true)}. Hikari undoes both when the connection is returned.</li>
 * <li>timeout: every statement the view creates gets {@link Statement#setQueryTimeout}; both
 *     drivers then cancel it on the server (a cancel request / KILL QUERY), which costs nothing
 *     unless the timeout fires.</li>
 * </ul>
 */
public final class InspectionScope {

    /** One view's read on the scoped connection. */
    @FunctionalInterface
    public interface View<T> {
        T apply(Connection connection) throws SQLException;
    }

    private InspectionScope() {
    }

    public static <T> T read(Connection connection, Dialect dialect, View<T> view) throws SQLException {
        return read(connection, dialect, InspectSession.DEFAULT_TIMEOUT, view);
    }

    public static <T> T read(Connection connection, Dialect dialect, Duration timeout, View<T> view)
            throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            T result;
            try {
                result = view.apply(withTimeout(connection, timeout));
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
            connection.rollback();
            return result;
        }
        connection.setReadOnly(true);
        return view.apply(withTimeout(connection, timeout));
    }

    /** The connection, whose statements all carry {@code timeout}; closing it is left to the caller's own handle. */
    static Connection withTimeout(Connection connection, Duration timeout) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close")) {
                return null; // the caller closes the pooled connection it was given
            }
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(connection, method, args);
            }
            Object result = invoke(connection, method, args);
            if (result instanceof Statement statement) {
                statement.setQueryTimeout(seconds);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private static Object invoke(Connection target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
