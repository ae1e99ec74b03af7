package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens driver connections whose whole set-up, not just the TCP connect, is bounded by the
 * connect timeout. Connector/J waits for the server's greeting without any limit unless a socket
 * timeout is set, so a server that accepts and hangs (a stuck proxy) would hang the caller forever.
 * The socket timeout is therefore set for the set-up and lifted once the connection is open:
 * long statements (backups, migrations) must never hit it.
 */
public final class DriverConnections {

    private DriverConnections() {
    }

    /** A connection outside any pool (tests, one-off native work); {@code password} may be null. */
    public static Connection open(ConnectionProfile p, String password, Duration connectTimeout) throws SQLException {
        return open(p, password, connectTimeout, Map.of());
    }

    static Connection open(ConnectionProfile p, String password, Duration connectTimeout, Map<String, String> extra)
            throws SQLException {
        Properties props = JdbcUrls.properties(p, password, connectTimeout);
        long millis = Math.max(1, connectTimeout.toMillis());
        if (p.dialect() == Dialect.POSTGRESQL) {
            props.setProperty("socketTimeout", Long.toString(Math.max(1, (millis + 999) / 1000))); // seconds
        } else {
            props.setProperty("socketTimeout", Long.toString(millis));
        }
        extra.forEach(props::setProperty);
        Connection connection = driver(p.dialect()).connect(JdbcUrls.url(p), props);
        if (connection == null) {
            throw new SQLException("The driver did not accept " + JdbcUrls.url(p));
        }
        try {
            connection.setNetworkTimeout(Runnable::run, 0);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * A DataSource for a pool: every connection it makes is opened as {@link #open} does. The
     * first request gets {@code first}, already open, so the connection that proved the profile
     * works is not thrown away.
     */
    static DataSource dataSource(ConnectionProfile p, String password, Duration connectTimeout, Connection first) {
        return new ProfileDataSource(p, password, connectTimeout, first);
    }

    private static Driver driver(Dialect dialect) throws SQLException {
        return dialect == Dialect.POSTGRESQL ? new org.postgresql.Driver() : new com.mysql.cj.jdbc.Driver();
    }

    private static final class ProfileDataSource implements DataSource {
        private final ConnectionProfile profile;
        private final String password;
        private final Duration connectTimeout;
        private final AtomicReference<Connection> first;
        private volatile int loginTimeoutSeconds;

        ProfileDataSource(ConnectionProfile profile, String password, Duration connectTimeout, Connection first) {
            this.profile = Objects.requireNonNull(profile);
            this.password = password;
            this.connectTimeout = connectTimeout;
            this.first = new AtomicReference<>(first);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection ready = first.getAndSet(null);
            if (ready != null && !ready.isClosed()) {
                return ready;
            }
            return open(profile, password, connectTimeout);
        }

        @Override
        public Connection getConnection(String username, String otherPassword) throws SQLException {
            throw new SQLFeatureNotSupportedException("The profile decides the user");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // Logging goes through slf4j.
        }

        // Kept for the pool's sake only: the profile's connect timeout is what bounds a connection.
        @Override
        public void setLoginTimeout(int seconds) {
            loginTimeoutSeconds = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeoutSeconds;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("Not a wrapper for " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        /** Shown in the pool's configuration log: the address, never the password. */
        @Override
        public String toString() {
            return "DataSource(" + JdbcUrls.url(profile) + ", user " + profile.user() + ")";
        }
    }
}
