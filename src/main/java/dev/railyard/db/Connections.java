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
 * The one place a database connection is opened: the views' pools, inspection sessions, backup
 * and restore workers, Flyway, deep verify and the connection test all come through here, so they
 * share one set of rules:
 * <ul>
 * <li>TLS as the endpoint says, with its CA file (PgJDBC's {@code sslrootcert}; a trust store for
 *     Connector/J), the same for every purpose;</li>
 * <li>the connect timeout bounds the whole set-up, not just the TCP connect: Connector/J waits for
 *     the server's greeting without any limit unless a socket timeout is set, so one is set for the
 *     set-up and lifted once the connection is open (long statements must never hit it);</li>
 * <li>TCP keepalive on; {@code application_name} (MySQL: {@code program_name}) "railyard" plus the
 *     purpose, so a DBA can tell Railyard's sessions apart in pg_stat_activity;</li>
 * <li>a failure comes as a {@link ConnectFailure} carrying the classified {@link ConnectionProblem}
 *     (TLS, auth, timeout, ...), never as a bare driver message.</li>
 * </ul>
 * Native tools get the same settings through {@link ChildEnvironment} and {@link MysqlClientOptions}.
 */
public final class Connections {

    /** What a connection is for: it decides the session settings and the name shown to the server. */
    public enum Purpose {
        /** The views' pool of a profile. */
        VIEWS("railyard"),
        /** An inspection session: read-only, with a statement timeout (see {@link InspectionSettings}). */
        INSPECTION("railyard"),
        /** The connection test of a profile. */
        TEST("railyard"),
        /** Reading a database for a backup: streamed rows, several statements per round trip on MySQL. */
        BACKUP("railyard-backup"),
        /** Running a restore or a script: on MySQL statements pass byte for byte (see MysqlScriptRunner). */
        RESTORE("railyard-restore"),
        /** Small administrative statements (CREATE / DROP DATABASE, version, migration head). */
        ADMIN("railyard-admin"),
        /** Flyway and other session work on the direct address. */
        MIGRATION("railyard-migrate"),
        /** Deep verification against a local throwaway server. */
        VERIFY("railyard-verify"),
        /**
         * The SQL console: a user's statements on one session (read-only on production, see
         * dev.railyard.console.ConsoleSession), rows streamed, and its second connection that cancels.
         */
        CONSOLE("railyard-console");

        private final String applicationName;

        Purpose(String applicationName) {
            this.applicationName = applicationName;
        }

        /** PostgreSQL's application_name, MySQL's program_name connection attribute. */
        public String applicationName() {
            return applicationName;
        }
    }

    private Connections() {
    }

    /**
     * {@code dataSource}'s connections with a lock timeout and a statement timeout for as long as
     * they are borrowed (zero: none), reset when closed. PostgreSQL: lock_timeout and
     * statement_timeout; MySQL: lock_wait_timeout and innodb_lock_wait_timeout in whole seconds;
     * MariaDB also max_statement_time. MySQL has no statement timeout for DDL, so asking for one
     * there fails the connection with a message that says so.
     */
    public static DataSource withSessionTimeouts(DataSource dataSource, Dialect dialect, Duration lockTimeout,
                                                 Duration statementTimeout) {
        return new SessionTimeoutsDataSource(dataSource, dialect, lockTimeout, statementTimeout);
    }

    /** A connection to the profile's own address with the default connect timeout; {@code password} may be null. */
    public static Connection open(ConnectionProfile p, String password, Purpose purpose) throws ConnectFailure {
        return open(Endpoint.of(p), password, purpose, JdbcUrls.CONNECT_TIMEOUT);
    }

    public static Connection open(Endpoint endpoint, String password, Purpose purpose) throws ConnectFailure {
        return open(endpoint, password, purpose, JdbcUrls.CONNECT_TIMEOUT);
    }

    public static Connection open(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout)
            throws ConnectFailure {
        return open(endpoint, password, purpose, connectTimeout, Map.of());
    }

    /**
     * With a more precise name for the server to show than the purpose's own, such as
     * "railyard-backup-worker" (so a test or a DBA can tell one worker from the others); it must
     * start with the purpose's name.
     */
    public static Connection open(Endpoint endpoint, String password, Purpose purpose, String applicationName)
            throws ConnectFailure {
        if (!applicationName.startsWith(purpose.applicationName())) {
            throw new IllegalArgumentException("Application name " + applicationName + " does not start with "
                    + purpose.applicationName());
        }
        return open(endpoint, password, purpose, JdbcUrls.CONNECT_TIMEOUT, Map.of(), applicationName);
    }

    /**
     * For a check that repeats while a server is down: a failure is classified but logged at debug
     * level only (the caller shows it as the server's state).
     */
    static Connection openQuietly(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout)
            throws ConnectFailure {
        try {
            return connect(endpoint, password, purpose, connectTimeout, Map.of(), purpose.applicationName());
        } catch (SQLException | RuntimeException e) {
            throw new ConnectFailure(ConnectionProblem.classifyQuietly(endpoint, e, password != null, connectTimeout), e);
        }
    }

    /** With driver settings on top of the purpose's ({@code extra} must not weaken TLS). */
    static Connection open(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout,
                           Map<String, String> extra) throws ConnectFailure {
        return open(endpoint, password, purpose, connectTimeout, extra, purpose.applicationName());
    }

    private static Connection open(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout,
                                   Map<String, String> extra, String applicationName) throws ConnectFailure {
        Objects.requireNonNull(purpose, "purpose");
        try {
            return connect(endpoint, password, purpose, connectTimeout, extra, applicationName);
        } catch (SQLException | RuntimeException e) {
            throw new ConnectFailure(ConnectionProblem.classify(endpoint, e, password != null, connectTimeout), e);
        }
    }

    /**
     * A DataSource for a pool: every connection it makes is opened as {@link #open} does. The
     * first request gets {@code first}, already open, so the connection that proved the profile
     * works is not thrown away.
     */
    static DataSource dataSource(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout,
                                 Connection first) {
        return new EndpointDataSource(endpoint, password, purpose, connectTimeout, first);
    }

    /** A DataSource without a pool (Flyway on a local throwaway server, tests): each request opens a connection. */
    public static DataSource unpooled(Endpoint endpoint, String password, Purpose purpose) {
        return new EndpointDataSource(endpoint, password, purpose, JdbcUrls.CONNECT_TIMEOUT, null);
    }

    /** The driver settings for {@code purpose}; the socket timeout is the set-up bound {@link #open} lifts. */
    static Properties properties(Endpoint p, String password, Purpose purpose, Duration connectTimeout,
                                 String applicationName) {
        Properties props = JdbcUrls.properties(p, password, connectTimeout);
        long millis = Math.max(1, connectTimeout.toMillis());
        if (p.dialect() == Dialect.POSTGRESQL) {
            props.setProperty("socketTimeout", Long.toString(Math.max(1, (millis + 999) / 1000))); // seconds
            props.setProperty("ApplicationName", applicationName);
            switch (purpose) {
                case INSPECTION -> props.putAll(InspectionSettings.startupProperties(Dialect.POSTGRESQL, false,
                        InspectionSettings.DEFAULT_TIMEOUT));
                // Statements from dumps are run as they are: no client-side rewriting.
                case BACKUP, RESTORE, ADMIN, VERIFY -> props.setProperty("escapeSyntaxCallMode", "select");
                default -> { }
            }
        } else {
            props.setProperty("socketTimeout", Long.toString(millis));
            props.setProperty("connectionAttributes", "program_name:" + applicationName);
            mysql(props, purpose);
        }
        return props;
    }

    private static void mysql(Properties p, Purpose purpose) {
        switch (purpose) {
            case BACKUP, RESTORE, ADMIN, VERIFY -> {
                p.setProperty("maintainTimeStats", "false");
                p.setProperty("zeroDateTimeBehavior", "CONVERT_TO_NULL");
                // Statements run as written: no client-side batching rewrites.
                p.setProperty("rewriteBatchedStatements", "false");
            }
            default -> { }
        }
        switch (purpose) {
            case BACKUP -> {
                p.setProperty("characterEncoding", "UTF-8");
                p.setProperty("allowMultiQueries", "true");
                p.setProperty("useCursorFetch", "false");
                // 0: the driver would send "SET net_write_timeout" before every streamed SELECT, a round trip
                // per table through Railway's proxy; the dump sets it once for its session (BuiltinMysqlDump).
                p.setProperty("netTimeoutForStreamingResults", "0");
                p.setProperty("tinyInt1isBit", "false");
                p.setProperty("yearIsDateType", "false");
            }
            case CONSOLE -> {
                p.setProperty("characterEncoding", "UTF-8");
                // One statement per call: a DELIMITER block cannot smuggle a second one past the guard.
                p.setProperty("allowMultiQueries", "false");
                p.setProperty("allowLoadLocalInfile", "false");
                p.setProperty("useCursorFetch", "false");
                p.setProperty("netTimeoutForStreamingResults", "3600");
            }
            case RESTORE -> {
                // Chars travel as bytes: the runner hands over a script's bytes unchanged.
                p.setProperty("characterEncoding", "ISO-8859-1");
                p.setProperty("allowMultiQueries", "false");
                p.setProperty("allowLoadLocalInfile", "false");
            }
            default -> p.setProperty("characterEncoding", "UTF-8");
        }
    }

    private static Connection connect(Endpoint p, String password, Purpose purpose, Duration connectTimeout,
                                      Map<String, String> extra, String applicationName) throws SQLException {
        Properties props = properties(p, password, purpose, connectTimeout, applicationName);
        extra.forEach(props::setProperty);
        // Every purpose takes the server's own TLS suite (AES-GCM first on MySQL and MariaDB). The launcher
        // lets C2 compile Java's ciphers (railyard-jit.json), where AES-GCM runs at about 2 GB/s against
        // ChaCha20-Poly1305's 0.17 GB/s on Java 17; offering ChaCha20 alone, as under C1 it was worth, now
        // cost a MySQL backup of 80 MB half a second of CPU (issue #20).
        Connection connection = driver(p.dialect()).connect(JdbcUrls.url(p), props);
        if (connection == null) {
            throw new SQLException("The driver did not accept " + JdbcUrls.url(p));
        }
        try {
            connection.setNetworkTimeout(Runnable::run, 0);
            if (purpose == Purpose.INSPECTION && p.dialect() == Dialect.MYSQL) {
                // MySQL and MariaDB name the settings differently; the handshake said which this is.
                InspectionSettings.prepare(connection, Dialect.MYSQL, InspectionSettings.DEFAULT_TIMEOUT);
            }
            if (purpose == Purpose.RESTORE || purpose == Purpose.ADMIN || purpose == Purpose.VERIFY) {
                liftTimeouts(connection, p.dialect());
            }
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return connection;
    }

    /**
     * Restore work sets its session's own timeouts: a role- or database-level statement_timeout
     * (ALTER ROLE ... SET statement_timeout = '1s') must not cut a restore half-way. Set after
     * connecting rather than in the startup packet, which a pooler may refuse.
     */
    private static void liftTimeouts(Connection connection, Dialect dialect) throws SQLException {
        String sql;
        if (dialect == Dialect.POSTGRESQL) {
            sql = "SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0";
        } else {
            // MariaDB calls it max_statement_time; an unknown name would fail the statement.
            sql = InspectionSettings.isMariaDb(connection) ? "SET SESSION max_statement_time = 0"
                    : "SET SESSION max_execution_time = 0";
        }
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException older) {
            // A server without one of these settings (MySQL before 5.7.8) has no such limit to lift.
        }
    }

    private static Driver driver(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? new org.postgresql.Driver() : newMysqlDriver();
    }

    private static Driver newMysqlDriver() {
        try {
            return new com.mysql.cj.jdbc.Driver();
        } catch (SQLException e) {
            throw new IllegalStateException("Connector/J cannot start: " + e.getMessage(), e);
        }
    }

    private static final class EndpointDataSource implements DataSource {
        private final Endpoint endpoint;
        private final String password;
        private final Purpose purpose;
        private final Duration connectTimeout;
        private final AtomicReference<Connection> first;
        private volatile int loginTimeoutSeconds;

        EndpointDataSource(Endpoint endpoint, String password, Purpose purpose, Duration connectTimeout, Connection first) {
            this.endpoint = Objects.requireNonNull(endpoint);
            this.password = password;
            this.purpose = purpose;
            this.connectTimeout = connectTimeout;
            this.first = new AtomicReference<>(first);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection ready = first.getAndSet(null);
            if (ready != null && !ready.isClosed()) {
                return ready;
            }
            return open(endpoint, password, purpose, connectTimeout);
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

        // Kept for the pool's sake only: the connect timeout given here is what bounds a connection.
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
            return "DataSource(" + JdbcUrls.url(endpoint) + ", user " + endpoint.user() + ", " + purpose + ")";
        }
    }
}
