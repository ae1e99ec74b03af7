package dev.railyard.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small HikariCP pool per open profile, named {@code railyard-<profile>}. A pool is opened on
 * first use with the password the SecretStore holds at that moment; after the password or the
 * profile changes, {@link #close(String)} it (a changed profile also gets a new pool by itself).
 */
public final class Databases implements AutoCloseable {

    /** A caller's connection, Flyway's two, and one for a view refreshing meanwhile. */
    public static final int MAX_POOL_SIZE = 4;

    private static final Logger LOG = LoggerFactory.getLogger(Databases.class);

    private final SecretStore secrets;
    private final Duration connectTimeout;
    private final Connections.Purpose purpose;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Databases(SecretStore secrets) {
        this(secrets, JdbcUrls.CONNECT_TIMEOUT);
    }

    /** With a connect timeout other than the default 10 s (tests use short ones). */
    public Databases(SecretStore secrets, Duration connectTimeout) {
        this(secrets, connectTimeout, Connections.Purpose.VIEWS);
    }

    /** Pools whose connections serve {@code purpose} ({@link SessionPool} keeps one for session work). */
    Databases(SecretStore secrets, Duration connectTimeout, Connections.Purpose purpose) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.purpose = Objects.requireNonNull(purpose, "purpose");
    }

    /**
     * The profile's pool, opened now if needed. Opening connects once, so a profile that cannot
     * connect fails here: with {@link UnreachableException} carrying the classified problem.
     */
    public DataSource dataSource(ConnectionProfile p) {
        try {
            return pool(p);
        } catch (ConnectionProblem problem) {
            throw new UnreachableException(problem);
        }
    }

    /** A connection from the profile's pool; any failure comes classified. */
    public Connection connect(ConnectionProfile p) throws ConnectionProblem {
        HikariDataSource pool = pool(p);
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw ConnectionProblem.classify(p, e, secrets.password(p.name()).isPresent(), connectTimeout);
        }
    }

    /** Closes the profile's pool, if open; its connections close as they are returned. */
    public void close(String profileName) {
        Slot slot = slots.remove(profileName);
        if (slot != null) {
            slot.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String name : List.copyOf(slots.keySet())) {
            close(name);
        }
    }

    private HikariDataSource pool(ConnectionProfile p) throws ConnectionProblem {
        if (closed) {
            throw new IllegalStateException("Databases is closed");
        }
        while (true) {
            Slot slot = slots.computeIfAbsent(p.name(), name -> new Slot());
            // One lock per profile: opening a slow pool does not hold up the others.
            synchronized (slot) {
                if (slots.get(p.name()) != slot) {
                    continue; // closed meanwhile: a pool opened in it would never be closed
                }
                return open(slot, p);
            }
        }
    }

    /** Opens or reuses the slot's pool; the caller holds the slot's monitor. */
    private HikariDataSource open(Slot slot, ConnectionProfile p) throws ConnectionProblem {
        if (slot.pool != null && !slot.pool.isClosed() && slot.profile.equals(p)) {
            return slot.pool;
        }
        if (slot.pool != null) {
            LOG.info("Profile {} changed: reopening its pool", p.name());
            slot.close();
        }
        String password = secrets.password(p.name()).orElse(null);
        // The first connection is made here rather than by the pool: a failure is reported at once
        // (the pool would pause a second before giving up), and the connection then joins the pool.
        Connection first;
        try {
            first = Connections.open(Endpoint.of(p), password, purpose, connectTimeout);
        } catch (SQLException | RuntimeException e) {
            slots.remove(p.name(), slot);
            throw ConnectionProblem.classify(p, e, password != null, connectTimeout);
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config(p, password, first));
        } catch (RuntimeException e) {
            closeQuietly(first);
            slots.remove(p.name(), slot);
            throw ConnectionProblem.classify(p, e.getCause() != null ? e.getCause() : e, password != null, connectTimeout);
        }
        // Idle connections may now retire; the first one stays until the caller has used it.
        pool.getHikariConfigMXBean().setMinimumIdle(0);
        slot.profile = p;
        slot.pool = pool;
        if (closed) {
            slot.close();
            throw new IllegalStateException("Databases is closed");
        }
        return pool;
    }

    private HikariConfig config(ConnectionProfile p, String password, Connection first) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("railyard-" + p.name());
        // Our own DataSource: it bounds the whole connection set-up, then lifts the socket timeout.
        config.setDataSource(Connections.dataSource(Endpoint.of(p), password, purpose, connectTimeout, first));
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        // The pool takes the first connection at once and keeps it (minimum idle 1 until opened).
        config.setMinimumIdle(1);
        config.setInitializationFailTimeout(1);
        // The driver's own timeout plus a margin, so that the driver's reason is the one reported.
        config.setConnectionTimeout(connectTimeout.toMillis() + 2_000);
        config.setValidationTimeout(Math.max(250, Math.min(5_000, connectTimeout.toMillis())));
        // Railway's proxy drops quiet TCP connections: ping idle ones, retire them after a while.
        config.setKeepaliveTime(Duration.ofMinutes(2).toMillis());
        config.setIdleTimeout(Duration.ofMinutes(5).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        return config;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing an unused connection failed", e);
        }
    }

    /** A pool and the profile it was opened for. Guarded by its own monitor. */
    private static final class Slot {
        private ConnectionProfile profile;
        private HikariDataSource pool;

        synchronized void close() {
            if (pool != null) {
                pool.close();
                pool = null;
            }
        }
    }

    /** {@link #dataSource} could not open the pool; {@link #problem()} says why. */
    public static final class UnreachableException extends RuntimeException {
        private final ConnectionProblem problem;

        public UnreachableException(ConnectionProblem problem) {
            super(problem.getMessage(), problem);
            this.problem = problem;
        }

        public ConnectionProblem problem() {
            return problem;
        }
    }
}
