package dev.railyard.db;

import dev.railyard.profile.ConnectionProfile;
import dev.railyard.profile.SecretStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cheap health check per open profile: one small connection kept for it, one {@code SELECT 1}
 * round trip per {@link #check}, with a short bound, so a server that stops answering is told
 * apart from a slow one in seconds rather than after a pool's connect timeout.
 *
 * <p>Between round trips, {@link #listen} notices a PostgreSQL server that said goodbye (a
 * shutdown sends every session a notice before it closes the socket) without sending anything.
 * {@link #nextCheckIn} says when the next round trip is due: every {@link #INTERVAL} while the
 * server answers, backing off while it does not.
 *
 * <p>Thread-safe; each profile's checks are serialised. The password comes from the secret store
 * as it is at the moment (never asked for here).
 */
public final class HealthChecks implements AutoCloseable {

    /** Between two round trips while the server answers. */
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    /** The longest wait between two attempts while the server is down. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** A round trip longer than this is shown as slow. */
    public static final Duration SLOW = Duration.ofMillis(750);
    /** How long one check may take before the server counts as not answering. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final SecretStore secrets;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    public HealthChecks(SecretStore secrets, Duration timeout, Clock clock) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One round trip (connecting first when there is no live connection); the outcome joined with the history. */
    public ServerHealth check(ConnectionProfile profile) {
        Probe probe = probes.computeIfAbsent(profile.name(), name -> new Probe());
        synchronized (probe) {
            if (probe.profile != null && !probe.profile.equals(profile)) {
                probe.disconnect(); // edited: another address or user
            }
            probe.profile = profile;
            Endpoint endpoint = Endpoint.of(profile);
            String password = secrets.password(profile.name()).orElse(null);
            Instant started = clock.instant();
            long start = System.nanoTime();
            try {
                if (probe.connection == null) {
                    probe.connection = Connections.openQuietly(endpoint, password, Connections.Purpose.VIEWS, timeout);
                    start = System.nanoTime(); // the round trip, not the set-up
                }
                probe.connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
                try (Statement statement = probe.connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT 1")) {
                    rs.next();
                }
                Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
                return probe.answered(clock.instant(), roundTrip);
            } catch (SQLException | RuntimeException e) {
                probe.disconnect();
                ConnectionProblem problem = shutDown(endpoint, e)
                        .orElseGet(() -> ConnectionProblem.classifyQuietly(endpoint, e, password != null, timeout));
                return probe.failed(started, problem);
            }
        }
    }

    /**
     * Without a round trip: whether the server closed the check's connection since the last
     * look (PostgreSQL tells its sessions when it shuts down). Empty when nothing changed, when
     * no connection is open, or when the dialect cannot tell without asking.
     */
    public Optional<ServerHealth> listen(ConnectionProfile profile) {
        Probe probe = probes.get(profile.name());
        if (probe == null || profile.dialect() != Dialect.POSTGRESQL) {
            return Optional.empty();
        }
        synchronized (probe) {
            if (probe.connection == null) {
                return Optional.empty();
            }
            try {
                // Reads only what the server already sent: a shutdown notice fails it.
                probe.connection.unwrap(org.postgresql.PGConnection.class).getNotifications();
                if (!probe.connection.isClosed()) {
                    return Optional.empty();
                }
                throw new SQLException("The server closed the connection", "08006");
            } catch (SQLException | RuntimeException e) {
                probe.disconnect();
                Endpoint endpoint = Endpoint.of(profile);
                ConnectionProblem problem = shutDown(endpoint, e).orElseGet(() -> ConnectionProblem.classifyQuietly(endpoint, e,
                        secrets.password(profile.name()).isPresent(), timeout));
                return Optional.of(probe.failed(clock.instant(), problem));
            }
        }
    }

    /** PostgreSQL's "terminating connection due to administrator command" (SQLState 57P01-57P03): the server is stopping. */
    private static Optional<ConnectionProblem> shutDown(Endpoint endpoint, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("57P")) {
                LOG.debug("{} is shutting down", endpoint.address(), failure);
                return Optional.of(new ConnectionProblem(ConnectionProblem.Kind.REFUSED,
                        "The server at " + endpoint.host() + ":" + endpoint.port() + " shut down or is restarting",
                        "Wait for it to start again (Railyard checks by itself), or look at the service's deploy logs",
                        failure));
            }
        }
        return Optional.empty();
    }

    /** The last outcome for the profile, if it was checked. */
    public Optional<ServerHealth> last(String profileName) {
        Probe probe = probes.get(profileName);
        if (probe == null) {
            return Optional.empty();
        }
        synchronized (probe) {
            return Optional.ofNullable(probe.last);
        }
    }

    /**
     * When the next round trip is due after the last one: {@link #INTERVAL} while the server
     * answers, then 10, 20, 40 s, … up to {@link #MAX_BACKOFF} while it does not.
     */
    public Duration nextCheckIn(String profileName) {
        Probe probe = probes.get(profileName);
        if (probe == null) {
            return Duration.ZERO;
        }
        synchronized (probe) {
            if (probe.failures == 0) {
                return INTERVAL;
            }
            long factor = 1L << Math.min(probe.failures - 1, 6);
            Duration backoff = INTERVAL.multipliedBy(factor);
            return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
        }
    }

    /** Closes the profile's check connection and forgets its history (deleted, or no longer open). */
    public void forget(String profileName) {
        Probe probe = probes.remove(profileName);
        if (probe != null) {
            synchronized (probe) {
                probe.disconnect();
            }
        }
    }

    @Override
    public void close() {
        for (String name : List.copyOf(probes.keySet())) {
            forget(name);
        }
    }

    /** One profile's connection and history. Guarded by its own monitor. */
    private static final class Probe {
        private ConnectionProfile profile;
        private Connection connection;
        private ServerHealth last;
        private Instant lastGood;
        private Instant downSince;
        private int failures;

        ServerHealth answered(Instant now, Duration roundTrip) {
            failures = 0;
            lastGood = now;
            downSince = null;
            ServerHealth.State state = roundTrip.compareTo(SLOW) > 0 ? ServerHealth.State.SLOW : ServerHealth.State.UP;
            last = new ServerHealth(state, now, roundTrip, lastGood, null, null);
            return last;
        }

        ServerHealth failed(Instant when, ConnectionProblem problem) {
            failures++;
            if (downSince == null) {
                downSince = when;
            }
            ServerHealth.State state = problem.kind() == ConnectionProblem.Kind.AUTH
                    ? ServerHealth.State.AUTH_FAILED : ServerHealth.State.DOWN;
            last = new ServerHealth(state, when, null, lastGood, downSince, problem);
            return last;
        }

        void disconnect() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.debug("Closing a health check's connection failed", e);
                }
                connection = null;
            }
        }
    }
}
