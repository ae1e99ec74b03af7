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
import java.util.Properties;
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
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Databases(SecretStore secrets) {
        this(secrets, JdbcUrls.CONNECT_TIMEOUT);
    }

    /** With a connect timeout other than the default 10 s (tests use short ones). */
    public Databases(SecretStore secrets, Duration connectTimeout) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
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
        Slot slot = slots.computeIfAbsent(p.name(), name -> new Slot());
        // One lock per profile: opening a slow pool does not hold up the others.
        synchronized (slot) {
            if (slot.pool != null && !slot.pool.isClosed() && slot.profile.equals(p)) {
                return slot.pool;
            }
            if (slot.pool != null) {
                LOG.info("Profile {} changed: reopening its pool", p.name());
                slot.close();
            }
            String password = secrets.password(p.name()).orElse(null);
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(config(p, password));
            } catch (RuntimeException e) {
                // Hikari wraps the first connection's failure (PoolInitializationException); unwrap and classify.
                slots.remove(p.name(), slot);
                throw ConnectionProblem.classify(p, e.getCause() != null ? e.getCause() : e, password != null, connectTimeout);
            }
            // The first connection, made to check the profile, stays for the caller; then idle ones may go.
            pool.getHikariConfigMXBean().setMinimumIdle(0);
            slot.profile = p;
            slot.pool = pool;
            if (closed) {
                slot.close();
                throw new IllegalStateException("Databases is closed");
            }
            return pool;
        }
    }

    private HikariConfig config(ConnectionProfile p, String password) {
        Properties props = JdbcUrls.properties(p, password, connectTimeout);
        HikariConfig config = new HikariConfig();
        config.setPoolName("railyard-" + p.name());
        config.setDriverClassName(JdbcUrls.driverClassName(p.dialect()));
        config.setJdbcUrl(JdbcUrls.url(p));
        // User and password through Hikari's own fields, which it masks when it logs its configuration.
        config.setUsername((String) props.remove("user"));
        Object secret = props.remove("password");
        if (secret != null) {
            config.setPassword((String) secret);
        }
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1);
        // Fail in the constructor after one attempt, so a wrong password is reported at once
        // instead of after the pool has retried for its whole connection timeout.
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
